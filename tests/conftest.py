"""Shared fixtures: the demo world of the MSS public record, built once per test run, and signed-in clients.

The test database of each run (of each pytest-xdist worker) is created, migrated and given the demo once, in
`django_db_setup`; every test then runs inside a transaction that is rolled back, so it starts from the same
demo and leaves it as it found it. Tests that need real commits (the browser tests' live server, concurrent
writers) use `demo_committed`. After such a test the demo is put back: on SQLite, Django's flush empties the
database and the demo is copied back whole before the next test that needs it (`demo_committed`, or
`pytest_runtest_setup` for one that does not commit); on PostgreSQL, where a flush and a whole copy took two
seconds a test, the tables the test wrote (noted by a trigger on each), and any it dropped and made anew (a
migration back and forth), are copied back in place of the flush.
The committing tests run first, with the command line's (pytest_collection_modifyitems: the longest first, so that
pytest-xdist's workers end together); in any order (`pytest --random-order`) the test that follows one still finds
the demo.
"""

import os
import sqlite3

import pytest
from django.test import Client

from muster.core.roles import roles_ensure
from muster.demo.record import demo_load
from muster.demo.users import DEMO_PASSWORD, demo_users_ensure

# The tests read the command line's English output; `muster` speaks the language of the user's locale otherwise
# (cli._language_activate), and a developer's LANG=fr_FR.UTF-8 must not fail them. Tests of the other languages
# set it themselves.
os.environ["MUSTER_LANGUAGE"] = "en"

# Tests sign in hundreds of times; the production hasher is slow on purpose. Set before the demo users are made.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request leaves its reader's language active in the thread after
    the response (Django's LocaleMiddleware activates it and no one deactivates it: a server's next request activates
    its own), so a command called in the same thread after a French page spoke French (found by a run in random
    order: `muster intake`'s refusal, read in English by its test)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def static_files_listed_once():
    """Django's test client loads the middleware anew for every client, and WhiteNoise lists, at each load, every
    static file its finders know (two hundred: Django's admin, the API's…) with each one's headers: 41 ms, a fifth of
    a short test's time. A server loads it once. Here the list is made once per run, for each setting it depends on
    (a test's own STATIC_URL or static folders make their own), and each later load takes the same files."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed = {}

    def add_files_from_finders(middleware):
        key = repr((middleware.static_prefix, middleware.max_age, middleware.charset, middleware.allow_all_origins,
                    settings.STATICFILES_DIRS, settings.STATICFILES_FINDERS, settings.INSTALLED_APPS))
        if key not in listed:
            before = dict(middleware.files)
            list_files(middleware)
            listed[key] = {url: file for url, file in middleware.files.items() if before.get(url) is not file}
        middleware.files.update(listed[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield


# The demo as it stood once loaded, per database alias, to be put back after a test whose writes committed, in a
# fraction of a second rather than the 7 s of loading Django's serialized copy back row by row. On SQLite, a copy of
# the whole database in memory, put back with SQLite's backup API; on PostgreSQL, a copy of each table in a schema
# of its own, put back with INSERT … SELECT, and a statement trigger on each table noting in WRITTEN that it was
# written. Django's serialized copy remains for any other database.
DEMO_SNAPSHOTS = {}
SNAPSHOT_SCHEMA = "demo_snapshot"
WRITTEN = f"{SNAPSHOT_SCHEMA}.written"
WRITES_NOTED = "demo_snapshot_written"  # the trigger's name


@pytest.fixture(scope="session")
def django_db_setup(fast_password_hashing, django_db_setup, django_db_blocker):
    """The test database with the standard roles, the MSS / GSF public record and one demo user per role."""
    from django.db import connections
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        _commits_unflushed(connections.all())
        roles_ensure()
        demo_load()
        demo_users_ensure()
        for connection in connections.all():
            DEMO_SNAPSHOTS[connection.alias] = _demo_snapshot(connection)
    if any(isinstance(snapshot, TableCopies) for snapshot in DEMO_SNAPSHOTS.values()):
        flush = TransactionTestCase._fixture_teardown
        TransactionTestCase._fixture_teardown = _written_tables_put_back
        yield
        TransactionTestCase._fixture_teardown = flush
    else:
        yield


def _commits_unflushed(all_connections):
    """PostgreSQL: a test database's commits do not wait for the disk (synchronous_commit off, for this connection
    and, through the database's setting, for every later one: the live server's, a worker's). A crash could lose the
    last commits, of a database that is thrown away at the end of the run; the demo's load, committed row by row,
    and the committing tests' put-backs no longer wait on each."""
    for connection in all_connections:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
                cursor.execute(f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} "
                               "SET synchronous_commit TO off")


class TableCopies(tuple):
    """The names of the tables copied into SNAPSHOT_SCHEMA (PostgreSQL)."""


def _demo_snapshot(connection):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    if connection.vendor == "postgresql":
        tables = TableCopies(connection.introspection.django_table_names(only_existing=True))
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE; CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            # No key on the names, on purpose: a second connection noting the table a test's open transaction has
            # noted (a job's progress written beside the request) would wait on that transaction for the key, and
            # the test waits on it. A name noted twice is read once.
            cursor.execute(f"CREATE TABLE {WRITTEN} (name text NOT NULL)")
            cursor.execute(f"""CREATE FUNCTION {SNAPSHOT_SCHEMA}.note_written() RETURNS trigger LANGUAGE plpgsql AS $$
                               BEGIN
                                 INSERT INTO {WRITTEN} VALUES (TG_TABLE_NAME);
                                 RETURN NULL;
                               END $$""")
            for table in tables:
                cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE public.{quote(table)}")
                _writes_noted(cursor, connection, table)
        return tables
    return connection.creation.serialize_db_to_string()


def _writes_noted(cursor, connection, table):
    """A statement trigger on `table` noting in WRITTEN that it was written (PostgreSQL)."""
    cursor.execute(f"CREATE TRIGGER {WRITES_NOTED} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON public.{connection.ops.quote_name(table)} FOR EACH STATEMENT "
                   f"EXECUTE FUNCTION {SNAPSHOT_SCHEMA}.note_written()")


def _writes_commit(item):
    """Whether the test's writes commit (pytest-django's rule for ordering them last)."""
    from django.test import TestCase, TransactionTestCase

    test_class = getattr(item, "cls", None)
    if test_class is not None and issubclass(test_class, TransactionTestCase):
        return not issubclass(test_class, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "demo_committed"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that take longest first: those that run processes of their own (`database_independent`: the
    command line, backups) and those whose writes commit (the browser's live server, concurrent writers, migrations),
    most of the suite's time in a few dozen tests, then the two thousand that take a fraction of a second. pytest-xdist
    hands the tests out in that order, so that a worker that ends early is not left waiting on another's last
    long test: run last, the backups kept one worker busy half a minute after the other had finished. With
    `--dist worksteal` (Makefile), a worker whose tests are done takes the next of another's: xdist's first batch
    gives one worker all of these. Any order works (`_demo_restore`); this one is pytest-django's (the committing
    tests after the others) turned round."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("database_independent") or _writes_commit(item) else 1)


_emptied_by_flush = False


def pytest_runtest_setup(item):
    """After a test whose writes committed, the flush that ended it left the database empty (SQLite): a test that
    does not commit finds the demo put back (committed, before its own transaction begins). One that commits
    restores it itself (`demo_committed`). On PostgreSQL nothing was emptied: the test's tables were put back."""
    global _emptied_by_flush
    commits = _writes_commit(item)
    if _emptied_by_flush and not commits and DEMO_SNAPSHOTS:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _demo_restore()
    _emptied_by_flush = commits and not any(isinstance(s, TableCopies) for s in DEMO_SNAPSHOTS.values())


def _demo_restore():
    """The demo back from its snapshot, in a database a flush has emptied (content types and their ids included)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    for alias, snapshot in DEMO_SNAPSHOTS.items():
        connection = connections[alias]
        if isinstance(snapshot, sqlite3.Connection):
            connection.ensure_connection()
            snapshot.backup(connection.connection)
        elif isinstance(snapshot, TableCopies):
            _tables_copy_back(connection)
        else:
            connection.creation.deserialize_db_from_string(snapshot)
    ContentType.objects.clear_cache()


def _written_tables_put_back(test_case):
    """In place of Django's flush at the end of a test whose writes committed (TransactionTestCase's
    _fixture_teardown), on PostgreSQL: the demo put back in the tables the test wrote."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    for alias in test_case._databases_names(include_mirrors=False):
        _tables_copy_back(connections[alias])
    ContentType.objects.clear_cache()


def _tables_copy_back(connection):
    """Each table written since the snapshot (WRITTEN) as it was copied, in one transaction — Django's foreign keys
    are checked at its end, so neither the order of the tables nor the rows of the others matter — and their
    sequences set past their highest keys, as a flush had left them.

    A table dropped and made anew since (a test that migrates back and forth: the way back before the places move
    unapplies operations' migrations, which depend on places) lost its trigger with its rows, and nothing noted its
    writes: it is found by its missing trigger, filled from the copy by its columns' names and given the trigger
    again."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import transaction

    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT name FROM {WRITTEN}")
        written = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
                       "AND c.relkind = 'r' AND c.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_trigger t "
                       "WHERE t.tgrelid = c.oid AND t.tgname = %s)", [list(DEMO_SNAPSHOTS[connection.alias]),
                                                                       WRITES_NOTED])
        made_anew = {name for (name,) in cursor.fetchall()}
        for table in sorted(written | made_anew):
            cursor.execute(f"DELETE FROM public.{quote(table)}")
            if table in made_anew:
                columns = ", ".join(quote(column.name) for column in connection.introspection.get_table_description(
                    cursor, table))
                cursor.execute(f"INSERT INTO public.{quote(table)} ({columns}) "
                               f"SELECT {columns} FROM {SNAPSHOT_SCHEMA}.{quote(table)}")
                _writes_noted(cursor, connection, table)
            else:
                cursor.execute(f"INSERT INTO public.{quote(table)} SELECT * FROM {SNAPSHOT_SCHEMA}.{quote(table)}")
        written |= made_anew
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in written]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {WRITTEN}")  # the copy's own writes, noted as any


@pytest.fixture
def demo(db):
    """The MSS / GSF public record with the standard roles and one demo user per role (built once per run)."""


@pytest.fixture
def empty_world(db):
    """No demo: the test builds a small world of its own and counts all of it (core.testing.world_empty)."""
    from muster.core.testing import world_empty

    world_empty()


@pytest.fixture
def demo_committed(transactional_db, django_db_serialized_rollback):
    """The demo in a database whose writes commit (a live server's thread, concurrent writers).

    pytest-django runs these tests after the others (as Django's runner does). On SQLite it empties the database
    after each (a flush that, with serialized rollback, leaves even the content types to be restored), and the demo
    is loaded back here from its snapshot whenever an earlier such test has emptied it; on PostgreSQL the tables
    each wrote were put back in place of the flush.
    """
    from django.db import connections

    from muster.missions.models import Mission

    for alias, snapshot in DEMO_SNAPSHOTS.items():
        # Where Django looks for a serialized rollback: with it, the flush after the test leaves the content types
        # to the snapshot rather than recreating them under new keys. A copy of the database or of its tables is
        # put back whole by _demo_restore, so Django is given nothing to load itself ("[]").
        connections[alias]._test_serialized_contents = snapshot if isinstance(snapshot, str) else "[]"
    if not Mission.objects.exists():
        _demo_restore()


@pytest.fixture
def demo_put_back(demo_committed):
    """demo_put_back() puts the demo back as a committing test's end does for the next test (on SQLite the whole
    database; on PostgreSQL the tables written, or dropped and made anew), for a test that checks it."""
    return _demo_restore


@pytest.fixture
def signed_in(demo):
    """signed_in("j1") → a test client signed in as that demo user, its session verified by the user's
    authenticator app (made for them) as if they had entered its code (tests/core/test_sign_in.py does)."""
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest

    from tests.two_factor import verify_session

    def client_for(username):
        client = Client()
        # django-axes checks every sign-in against its lockouts, and needs the request for that.
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)
        verify_session(client, get_user_model().objects.get(username=username))
        return client

    return client_for


@pytest.fixture(scope="session")
def demo_installation(tmp_path_factory, worker_id):
    """(installation, process): a folder where `muster init --demo` ran on a new SQLite database, once per test run
    (tests/installation.py), and that first run's finished process. Copy it before writing to it.

    The quarter of a minute `init --demo` takes is spent once: under pytest-xdist, the first worker to need it makes
    it in the folder the workers share, under a lock the others wait on, and leaves its process's outcome beside it
    (the recipe of pytest-xdist's documentation, with the standard library's lock)."""
    import fcntl
    import json
    import subprocess

    from tests.installation import Installation

    if worker_id == "master":  # without xdist
        installation = Installation(tmp_path_factory.mktemp("demo-installation"))
        return installation, installation.muster("init", "--demo")
    shared = tmp_path_factory.getbasetemp().parent
    outcome = shared / "demo-installation.json"
    with open(shared / "demo-installation.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            process = Installation(shared / "demo-installation").muster("init", "--demo")
            outcome.write_text(json.dumps({"returncode": process.returncode, "stdout": process.stdout,
                                           "stderr": process.stderr}))
    finished = json.loads(outcome.read_text())
    return Installation(shared / "demo-installation"), subprocess.CompletedProcess(
        ["muster", "init", "--demo"], finished["returncode"], finished["stdout"], finished["stderr"])
