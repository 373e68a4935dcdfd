"""`muster restore FILE [--replace]`: load a `muster backup` file into the database, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from muster.core.backup import BackupRefused, backup_restore, database_named


class Command(BaseCommand):
    help = ("Load FILE, written by `muster backup` from SQLite or PostgreSQL, into the database named by "
            "DATABASE_URL, in one transaction. A database without tables is migrated first; one that holds data is "
            "refused unless --replace. The backup must be of the same schema (the same migrations) as this Muster.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=_("A file written by `muster backup`."))
        parser.add_argument("--replace", action="store_true",
                            help=_("Delete everything the database holds (sessions too) and restore the backup in its "
                                   "place, in one transaction: if anything fails, the database stays as it was."))

    def handle(self, *args, file, replace=False, **options):
        log = self.stdout.write if options["verbosity"] > 1 else None
        try:
            result = backup_restore(path=file, replace=replace, log=log)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        manifest = result["manifest"]
        if result["migrated"]:
            self.stdout.write(_("The database had no tables: migrated it first."))
        self.stdout.write(
            _("Restored %(file)s (Muster %(version)s, written %(written)s from %(source)s) into %(database)s: "
              "%(tables)d tables, %(rows)s rows, in %(seconds)s s.")
            % {"file": file, "version": manifest.get("muster_version", "?"), "written": manifest.get("written", "?"),
               "source": manifest.get("database", "?"), "database": database_named(connection),
               "tables": result["tables"], "rows": number_format(result["rows"], force_grouping=True),
               "seconds": number_format(result["seconds"], 1)})
        if result["replaced"]:
            self.stdout.write(_("What the database held before was replaced; everyone signs in again."))
