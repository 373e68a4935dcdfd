"""`muster sitrep`: see reports/declarations.py."""

from muster.reports.commands import report_command

Command = report_command("sitrep")
