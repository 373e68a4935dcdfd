"""The `muster` command as a user runs it: a process of its own, in a folder of its own, on a database of its own."""

from pathlib import Path

import pytest

import muster
from muster.demo.users import DEMO_PASSWORD
from tests.installation import Installation

# Each test runs `muster` on an installation of its own (tests/installation.py): .ci/run runs these once.
pytestmark = pytest.mark.database_independent

PACKAGE = str(Path(muster.__file__).parent)
ADMIN_PASSWORD = "Tenacious-Kestrel-42"


@pytest.fixture
def muster_run(tmp_path):
    """muster_run("init", "--record", env={…}) → the finished process, in an empty folder on a new SQLite
    database (tests/installation.py)."""
    return Installation(tmp_path).muster


def refused_in_one_line(process):
    """The one line a refusal prints on stderr, after checking there is no traceback and the status says so."""
    assert process.returncode != 0, process.stdout
    assert "Traceback" not in process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    return lines[0]


def test_init_migrates_creates_roles_and_loads_the_demo_once(demo_installation, tmp_path):
    installation, first = demo_installation  # `muster init --demo` in an empty folder (tests/installation.py)
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout and DEMO_PASSWORD in first.stdout
    assert "liaison-gtm" in first.stdout
    for where in ("site-packages", "/src/muster", PACKAGE):  # what a user needs to know, not where the code is
        assert where not in first.stdout + first.stderr
    installation = installation.copy(tmp_path)
    again = installation.muster("init", "--demo")
    assert again.returncode == 0, again.stderr
    assert "already present" in again.stdout
    strength = installation.muster("strength", "--mission", "MSS", "--on", "2025-02-06", "--format", "csv")
    assert strength.returncode == 0, strength.stderr
    assert "Kenya" in strength.stdout and "761" in strength.stdout


def test_a_database_without_tables_asks_for_muster_init(muster_run):
    line = refused_in_one_line(muster_run("strength", "--mission", "MSS"))
    assert "no tables yet" in line and "muster init" in line


@pytest.mark.parametrize("url, problem", [
    ("postgress://muster:s3cret-word@127.0.0.1/muster", "unknown scheme 'postgress'"),
    ("nonsense", "no scheme"),
    ("postgres://muster:s3cret-word@127.0.0.1:notaport/muster", "not a valid address"),
    ("postgres://muster:s3cret-word@127.0.0.1:1/muster", "Cannot connect"),  # nothing listens on port 1
])
def test_a_misspelled_or_unreachable_database_url_is_named_without_its_password(muster_run, url, problem):
    line = refused_in_one_line(muster_run("strength", "--mission", "MSS", env={"DATABASE_URL": url}))
    assert problem in line and "DATABASE_URL" in line
    assert "s3cret-word" not in line


def test_muster_debug_shows_the_traceback_for_developers(muster_run):
    process = muster_run("strength", "--mission", "MSS", env={"MUSTER_DEBUG": "1"})
    assert process.returncode != 0 and "Traceback" in process.stderr and "no such table" in process.stderr


def test_a_refused_admin_password_is_said_in_one_line_and_nothing_is_written(muster_run, tmp_path):
    line = refused_in_one_line(muster_run("init", "--admin", "chief", env={"MUSTER_ADMIN_PASSWORD": "short"}))
    assert "Password refused" in line and "too short" in line
    assert not (tmp_path / "var" / "muster.sqlite3").exists()


def test_the_public_record_and_the_first_administrator_then_output_closed_early(muster_run):
    init = muster_run("init", "--record", "--admin", "chief", env={"MUSTER_ADMIN_PASSWORD": ADMIN_PASSWORD})
    assert init.returncode == 0, init.stderr
    assert "Public record loaded" in init.stdout and "Administrator chief created" in init.stdout
    assert DEMO_PASSWORD not in init.stdout
    check = ("from django.contrib.auth import authenticate; from django.http import HttpRequest; "
             "from muster.core.models import User; from muster.missions.models import Mission; "
             f"print(authenticate(HttpRequest(), username='chief', password='{ADMIN_PASSWORD}') is not None, "
             "list(User.objects.values_list('username', flat=True)), Mission.objects.count())")
    shell = muster_run("shell", "-c", check)
    assert shell.returncode == 0, shell.stderr
    assert "True ['chief'] 2" in shell.stdout  # signs in; the record's MSS and GSF; no demo user

    again = muster_run("init", "--admin", "chief", env={"MUSTER_ADMIN_PASSWORD": "Another-Kestrel-43"})
    assert again.returncode == 0 and "password reset" in again.stdout, again.stderr

    # A reader that stops early (`| head -1`), and one that reads nothing at all, which always closes the pipe
    # before muster writes: muster stops quietly, with status 0.
    piped = muster_run(shell='muster strength --mission MSS --on 2025-02-06 | head -1; echo "muster=${PIPESTATUS[0]}"'
                             '; muster strength --mission MSS --on 2025-02-06 | true; echo "muster=${PIPESTATUS[0]}"')
    assert piped.stdout.splitlines()[0].startswith("MSS — Multinational Security Support Mission in Haiti")
    assert piped.stdout.splitlines()[1:] == ["muster=0", "muster=0"]
    assert piped.stderr == ""
