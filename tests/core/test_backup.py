"""`muster backup` and `muster restore` as an administrator runs them: processes of their own, on scratch databases.

The source is made by `muster init --demo` (a copy of the test run's demo_installation), given rows that test
the edges of every kind of value (big integers, decimals, floats, JSON, time zones, text that COPY escapes, NULLs,
booleans) and a row in every installed third-party table; its rows are compared table by table, sorted by primary
key, with those of the database a backup of it was restored into: SQLite → SQLite and SQLite → PostgreSQL into
empty databases (each migrated first), then the PostgreSQL database's own backup → PostgreSQL and → SQLite over
databases holding rows (--replace). An empty database costs a migration, the quarter of a minute these tests spend
most on, so each engine restores into one once. The rows are read by a script of their own through the ORM, not by
the backup's code.
"""

import hashlib
import json
import os
import uuid
import zipfile

import psycopg
import pytest

from tests.installation import Installation

# Every installation here is made by the test (SQLite files, scratch PostgreSQL databases), whatever
# DATABASE_URL names: .ci/run runs these once.
pytestmark = pytest.mark.database_independent

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"

# Every row of every table of an installed model, sorted by primary key, each value tagged with its Python type;
# with --new-group, then the id a new row gets (a group's).
DUMP = """
import datetime, decimal, json, sys, uuid, django
django.setup()
from django.apps import apps

def tagged(value):
    if isinstance(value, datetime.datetime):
        return "datetime " + value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return type(value).__name__ + " " + value.isoformat()
    if isinstance(value, datetime.timedelta):
        return "timedelta " + repr(value)
    if isinstance(value, decimal.Decimal):
        return "decimal " + str(value)
    if isinstance(value, uuid.UUID):
        return "uuid " + str(value)
    if isinstance(value, (bytes, memoryview)):
        return "bytes " + bytes(value).hex()
    if isinstance(value, float):
        return "float " + repr(value)
    if isinstance(value, (dict, list)):
        return "json " + json.dumps(value, sort_keys=True)
    return value

rows = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.managed and not model._meta.proxy:
        names = [field.attname for field in model._meta.local_concrete_fields]
        query = model._base_manager.order_by("pk").values_list(*names)
        rows[model._meta.db_table] = [[tagged(value) for value in row] for row in query]
if "--new-group" in sys.argv:
    from django.contrib.auth.models import Group
    rows["new group"] = Group.objects.create(name="after the restore").pk
print(json.dumps(rows))
"""

# Values at the edges, in tables of Muster and of each third-party app installed.
EDGES = """
import datetime, decimal, django
django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from muster.core.models import ObjectChange
from muster.force.models import Movement, Person
from muster.funding.models import Transaction
from muster.places.models import AdminArea, Site

User = get_user_model()
admin = User.objects.get(username="admin")
hostile = "Zoë Ñandú — 李 😀 \\\\N tab\\there line\\nbreak CR\\rreturn back\\\\slash \\"quoted\\" ,;'"
edge = User.objects.create(
    username="edge", first_name=hostile, last_name="", is_staff=False, is_active=False,
    last_login=datetime.datetime(1999, 12, 31, 23, 59, 59, 999999,
                                 tzinfo=datetime.timezone(datetime.timedelta(hours=-5))))
ObjectChange.objects.create(
    user=edge, user_name="edge", action="update", object_type=ContentType.objects.get_for_model(User),
    object_id=str(edge.pk), object_repr=hostile[:200], message="\\\\N",
    prechange_data={"big": 2**63 - 1, "negative": -2**63, "sum": 0.1 + 0.2, "tiny": 5e-324, "text": hostile,
                    "nested": {"list": [1, "two", None, True, False, 3.5, []], "empty": {}}, "null": None},
    postchange_data=None)
Movement.objects.filter(pk=Movement.objects.order_by("pk")[0].pk).update(note=hostile)
Person.objects.filter(pk=Person.objects.order_by("pk")[0].pk).update(date_of_birth=datetime.date(1900, 2, 28))
Transaction.objects.filter(pk=Transaction.objects.order_by("pk")[0].pk).update(amount=2**63 - 1,
                                                                               usd_value=-(2**63))
Site.objects.filter(pk=Site.objects.order_by("pk")[0].pk).update(latitude=decimal.Decimal("-0.00001"),
                                                                 longitude=decimal.Decimal("180.00000"))
AdminArea.objects.filter(pk=AdminArea.objects.order_by("pk")[0].pk).update(min_lon=-72.33333333333333,
                                                                           min_lat=1e-300)
# An id given out and deleted: a restore must not give it out again.
Group.objects.create(name="deleted soon").delete()
session = SessionStore()
session["signed in"] = True
session.create()
try:  # a roll waiting between its preview and its commit: binary, NUL bytes and backslashes included
    from muster.core.models import PendingUpload
    PendingUpload.objects.create(token="edge", user=admin, name="roll.xlsx", content=bytes(range(256)) + b"\\\\N")
except ImportError:
    pass
if apps.is_installed("rest_framework.authtoken"):
    from rest_framework.authtoken.models import Token
    Token.objects.create(user=admin)
if apps.is_installed("django_otp.plugins.otp_totp"):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True, last_t=2**40, drift=-1)
if apps.is_installed("django_otp.plugins.otp_static"):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    StaticToken.objects.create(device=StaticDevice.objects.create(user=admin, name="codes"), token="abcd1234")
if apps.is_installed("axes"):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    AccessLog.objects.create(username="admin", ip_address="2001:db8::1", user_agent="Firefox", http_accept="*/*",
                             path_info="/accounts/login/")
    AccessFailureLog.objects.create(username="nobody", ip_address="10.0.0.1", user_agent="curl",
                                    http_accept="*/*", path_info="/api/token/", locked_out=True)
    AccessAttempt.objects.create(username="nobody", ip_address="10.0.0.1", user_agent="curl", http_accept="*/*",
                                 path_info="/api/token/", get_data="", post_data="", failures_since_start=3)
"""

TABLE_NAMES = """
import django
django.setup()
from django.db import connection
print(len(connection.introspection.table_names()))
"""


def rows_of(place, *arguments):
    """Every row of every table of `place` (an Installation), read by DUMP in a process of its own."""
    return json.loads(place.python(DUMP, *arguments))


class Postgres:
    """Scratch PostgreSQL databases, all dropped at the end."""

    def __init__(self):
        url = os.environ.get("DATABASE_URL", "")
        self.server = url.rsplit("/", 1)[0] + "/postgres" if url.startswith(("postgres://", "postgresql://")) \
            else POSTGRES
        self.names = []

    def _execute(self, sql):
        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(sql)

    def database(self):
        name = f"muster_backup_test_{uuid.uuid4().hex[:10]}"
        self._execute(f"CREATE DATABASE {name}")
        self.names.append(name)
        return self.server.rsplit("/", 1)[0] + "/" + name

    def drop_all(self):
        for name in self.names:
            self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def postgres():
    scratch = Postgres()
    yield scratch
    scratch.drop_all()


def source_make(place):
    """The demo (made by `muster init --demo`) given EDGES, backed up: (place, backup, its rows)."""
    place.python(EDGES)
    backup = place.folder / "backup.zip"
    output = place.ok("backup", backup)
    assert "Left out django_session" in output
    return place, backup, rows_of(place)


@pytest.fixture(scope="module")
def sqlite_source(demo_installation, tmp_path_factory):
    installation, init = demo_installation
    assert init.returncode == 0, init.stderr
    return source_make(installation.copy(tmp_path_factory.mktemp("sqlite-source")))


def assert_same_rows(target, source):
    """Every table, one by one, holds the same rows with the same values; sessions are never restored."""
    source = {table: rows for table, rows in source.items() if table != "django_session"}
    assert target.pop("django_session") == []
    target.pop("new group", None)
    assert sorted(target) == sorted(source)
    for table in source:
        assert target[table] == source[table], table


def assert_edges_present(rows):
    from django.apps import apps

    assert any("😀" in json.dumps(row, ensure_ascii=False) for row in rows["force_movement"])
    if "core_pendingupload" in rows:
        assert any("bytes 000102" in json.dumps(row) for row in rows["core_pendingupload"])
    for app, table in [("rest_framework.authtoken", "authtoken_token"), ("django_otp.plugins.otp_totp",
                       "otp_totp_totpdevice"), ("django_otp.plugins.otp_static", "otp_static_statictoken"),
                       ("axes", "axes_accesslog"), ("axes", "axes_accessfailurelog")]:
        if apps.is_installed(app):
            assert rows[table], table


def assert_restored(place, source):
    """The same rows as the source, and a new row gets an id the source never gave (above its deleted group's)."""
    restored = rows_of(place, "--new-group")
    assert restored["new group"] > max(row[0] for row in source["auth_group"]) + 1
    assert_same_rows(restored, source)


def refused_in_one_line(process):
    assert process.returncode != 0, process.stdout
    assert "Traceback" not in process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    return lines[0]


def test_sqlite_to_sqlite(sqlite_source, tmp_path):
    _, backup, rows = sqlite_source
    assert_edges_present(rows)
    target = Installation(tmp_path)
    output = target.ok("restore", backup)
    assert "had no tables: migrated it first" in output and "Restored" in output
    assert_restored(target, rows)


def test_sqlite_to_postgresql_to_postgresql_and_to_sqlite(sqlite_source, postgres, tmp_path):
    _, backup, rows = sqlite_source
    there = Installation(tmp_path / "postgresql", postgres.database())
    output = there.ok("restore", backup)
    assert "had no tables: migrated it first" in output
    again = there.folder / "again.zip"
    there.ok("backup", again)
    assert_restored(there, rows)  # which adds a group
    # PostgreSQL to PostgreSQL, --replace (TRUNCATE in the transaction): the group made since goes, the rest is as
    # backed up, and a new row's id is still past every id given out.
    output = there.ok("restore", "--replace", again)
    assert "replaced" in output
    assert_restored(there, rows)
    # PostgreSQL to SQLite: what PostgreSQL wrote reads back the same, over a database holding other rows.
    back = sqlite_source[0].copy(tmp_path / "sqlite")
    back.python("import django; django.setup(); from django.contrib.auth.models import Group; "
                "Group.objects.create(name='made since')")
    back.ok("restore", "--replace", again)
    assert_restored(back, rows)


@pytest.fixture
def sqlite_copy(sqlite_source, tmp_path):
    """The SQLite source's database in a folder of the test's own, to be written to."""
    place, backup, source_rows = sqlite_source
    return place.copy(tmp_path), backup, source_rows


def test_restore_into_a_database_that_holds_data_is_refused_and_replace_replaces(sqlite_copy):
    place, backup, rows = sqlite_copy
    place.python("import django; django.setup(); from django.contrib.auth.models import Group; "
                 "Group.objects.create(name='made since')")
    before = rows_of(place)
    line = refused_in_one_line(place.muster("restore", backup))
    assert "already holds data" in line and "--replace" in line
    assert rows_of(place) == before
    output = place.ok("restore", "--replace", backup)
    assert "replaced" in output
    assert_restored(place, rows)  # without the group made since, and the source's session


def backup_edited(backup, edited, *, manifest=None, member=None):
    """A copy of `backup` with its manifest (a function of the manifest) or one member (of its bytes) edited."""
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            if member and info.filename == member[0]:
                data = member[1](data)
            target.writestr(info.filename, data)
    return edited


def test_a_backup_of_another_schema_is_refused_naming_the_difference(sqlite_copy, tmp_path):
    place, backup, _ = sqlite_copy

    def newer(manifest):
        manifest["migrations"]["force"] = [*manifest["migrations"]["force"][:-1], "0099_future_column"]
        return manifest

    current = json.loads(zipfile.ZipFile(backup).read("manifest.json"))["migrations"]["force"][-1]
    other = backup_edited(backup, tmp_path / "other-schema.zip", manifest=newer)
    before = rows_of(place)
    line = refused_in_one_line(place.muster("restore", "--replace", other))
    assert "another schema" in line and "0099_future_column" in line and current in line and "force" in line
    assert rows_of(place) == before
    empty = Installation(tmp_path / "empty")
    line = refused_in_one_line(empty.muster("restore", other))
    assert "0099_future_column" in line
    assert empty.python(TABLE_NAMES).strip() == "0"  # not even migrated


def test_a_truncated_or_damaged_backup_is_refused_and_changes_nothing(sqlite_copy, tmp_path):
    place, backup, _ = sqlite_copy
    data = backup.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    # A byte changed inside the largest table's compressed data: the zip's CRC or the inflater notices.
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(backup) as archive:
        largest = max(archive.infolist(), key=lambda info: info.compress_size)
    middle = largest.header_offset + 30 + len(largest.filename) + largest.compress_size // 2
    damaged.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    # A row taken out of a table (the zip itself whole): the manifest's count and checksum notice.
    short = backup_edited(backup, tmp_path / "short.zip",
                          member=("tables/force_movement.jsonl", lambda rows: rows.split(b"\n", 1)[1]))
    # A row with a value too few, the manifest's checksum made to match: the row's own shape notices.
    table = "tables/force_movement.jsonl"
    rows = zipfile.ZipFile(backup).read(table)
    narrow = rows.split(b"\n", 1)[0] + b"\n[1]\n" + rows.split(b"\n", 2)[2]

    def checksum_fixed(manifest):
        entry = next(entry for entry in manifest["tables"] if entry["file"] == table)
        entry["sha256"] = hashlib.sha256(narrow).hexdigest()
        return manifest

    misshapen = backup_edited(backup, tmp_path / "misshapen.zip", manifest=checksum_fixed,
                              member=(table, lambda _rows: narrow))
    # A row repeated, the manifest left as it was: the database refuses the second copy before the file's checksum
    # is read to its end, and the file, not the database, is named (a damaged byte can decode to such rows).
    repeated = backup_edited(backup, tmp_path / "repeated.zip",
                             member=(table, lambda rows: rows.split(b"\n", 1)[0] + b"\n" + rows))
    before = rows_of(place)
    for bad, words in [(truncated, "truncated or damaged"), (damaged, "damaged"), (short, "does not match"),
                       (misshapen, "is not a row of"), (repeated, "does not match")]:
        line = refused_in_one_line(place.muster("restore", "--replace", bad))
        assert words in line and "nothing was changed" in line, line
    assert rows_of(place) == before  # after all four: any of them changing a row would show
    empty = Installation(tmp_path / "empty")
    for bad in (damaged, short):
        refused_in_one_line(empty.muster("restore", bad))
    assert empty.python(TABLE_NAMES).strip() == "0"  # checked whole before anything was written, even migrations
