"""The `muster` command: Django's management commands with Muster's settings.

`muster init --demo`, `muster strength --mission MSS --on 2025-02-06` and every other command live as
management commands in the apps; this wrapper only chooses the settings module.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["muster", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
