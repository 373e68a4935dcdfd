"""The `muster` command as a user runs it: a process of its own, in a folder of its own, on a database of its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from muster.missions.demo import DEMO_PASSWORD

MUSTER = Path(sys.executable).with_name("muster")


@pytest.fixture
def muster(tmp_path):
    """muster("init", "--demo") → the finished process, run in an empty folder on a new SQLite database."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    environment["MUSTER_VAR_DIR"] = str(tmp_path / "var")

    def run(*arguments):
        return subprocess.run([str(MUSTER), *arguments], cwd=tmp_path, env=environment, capture_output=True,
                              text=True, timeout=300)

    return run


def test_init_migrates_creates_roles_and_loads_the_demo_once(muster):
    first = muster("init", "--demo")
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout and DEMO_PASSWORD in first.stdout
    assert "liaison-gtm" in first.stdout
    again = muster("init", "--demo")
    assert again.returncode == 0, again.stderr
    assert "already present" in again.stdout
    strength = muster("strength", "--mission", "MSS", "--on", "2025-02-06", "--format", "csv")
    assert strength.returncode == 0, strength.stderr
    assert "Kenya" in strength.stdout and "761" in strength.stdout
