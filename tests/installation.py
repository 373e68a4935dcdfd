"""An installation of Muster as an administrator makes one: a folder, its own database, `muster` in a process.

`demo_installation` (tests/conftest.py) is one where `muster init --demo` ran, made once per test run: the
tests that need an installed demo (the command line's, the backups') copy it rather than each spending the quarter
of a minute `init --demo` takes.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

MUSTER = Path(sys.executable).with_name("muster")


class Installation:
    """A folder with its MUSTER_VAR_DIR (var/) and database (SQLite in var/, or `database_url`), and `muster` or
    Python run on it in a process of its own, as an administrator would."""

    def __init__(self, folder, database_url=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.environment = {k: v for k, v in os.environ.items() if k not in (
            "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MUSTER_ADMIN_PASSWORD", "MUSTER_DEBUG")}
        self.environment |= {"MUSTER_VAR_DIR": str(self.folder / "var"),
                             "PATH": f"{MUSTER.parent}{os.pathsep}{os.environ.get('PATH', '')}"}  # for shell lines
        if database_url:
            self.environment["DATABASE_URL"] = database_url

    def muster(self, *arguments, env=None, shell=None):
        """The finished process of `muster ARGUMENTS` (or of a bash line), its output captured as text."""
        command = ["bash", "-c", shell] if shell else [str(MUSTER), *map(str, arguments)]
        return subprocess.run(command, cwd=self.folder, env={**self.environment, **(env or {})},
                              capture_output=True, text=True, timeout=600)

    def ok(self, *arguments):
        """`muster ARGUMENTS`, which must succeed; its standard output."""
        process = self.muster(*arguments)
        assert process.returncode == 0, process.stderr
        return process.stdout

    def python(self, code, *arguments):
        """Python `code` run on the installation (DJANGO_SETTINGS_MODULE is Muster's); its standard output."""
        process = subprocess.run([sys.executable, "-c", code, *arguments], cwd=self.folder,
                                 env={**self.environment, "DJANGO_SETTINGS_MODULE": "muster.settings"},
                                 capture_output=True, text=True, timeout=600)
        assert process.returncode == 0, process.stderr
        return process.stdout

    def copy(self, folder):
        """An installation of its own with this one's SQLite database and files, to be written to."""
        shutil.copytree(self.folder / "var", Path(folder) / "var", ignore=shutil.ignore_patterns("static"))
        return Installation(folder)
