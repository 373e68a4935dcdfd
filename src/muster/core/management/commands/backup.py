"""`muster backup FILE`: the whole database in one portable file (core/backup.py), from SQLite or PostgreSQL."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from muster.core.backup import BackupRefused, backup_write, database_named, size_text


class Command(BaseCommand):
    help = ("Write every table of the database named by DATABASE_URL (users, roles, tokens, two-factor devices, "
            "sign-in logs, the change log and all records; not the sessions) to FILE, a zip that `muster restore` "
            "reads back into SQLite or PostgreSQL. FILE holds personal data: keep it encrypted.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=_("The file to write (replaced once the new one is whole)."))

    def handle(self, *args, file, **options):
        log = self.stdout.write if options["verbosity"] > 1 else None
        try:
            manifest = backup_write(path=file, log=log)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(
            _("Backup of %(database)s written to %(file)s: %(tables)d tables, %(rows)s rows, %(size)s, "
              "in %(seconds)s s.")
            % {"database": database_named(connection), "file": file, "tables": len(manifest["tables"]),
               "rows": number_format(rows, force_grouping=True), "size": size_text(manifest["bytes"]),
               "seconds": number_format(manifest["seconds"], 1)})
        for table, reason in manifest["left_out"].items():
            self.stdout.write(_("Left out %(table)s: %(reason)s.") % {"table": table, "reason": reason})
