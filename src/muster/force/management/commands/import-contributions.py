"""`muster import-contributions --format ipi|un --mission MINUSTAH FILE`: published figures as claims."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from muster.core.changelog import change_context
from muster.force.contributions import READERS, ContributionFileError
from muster.force.services import contribution_table_import
from muster.missions.models import Mission


class Command(BaseCommand):
    help = "Import a UN Peacekeeping or IPI contribution table as claims (the table is their source)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=sorted(READERS), required=True)
        parser.add_argument("--mission", required=True, help="Mission code in the file and in Muster, e.g. MINUSTAH")

    def handle(self, *args, file, format, mission, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        try:
            mission_obj = Mission.objects.get(code=mission)
        except Mission.DoesNotExist:
            raise CommandError(f"No mission {mission!r}: add it first (missions page or admin).") from None
        try:
            with change_context(message=f"Contribution table {path.name}"):
                result = contribution_table_import(user=None, mission=mission_obj, content=path.read_bytes(),
                                                   filename=path.name, fmt=format)
        except ContributionFileError as error:
            raise CommandError("\n".join(str(e) for e in error.errors[:50])) from None
        self.stdout.write(f"{result.created} claims from {result.rows} rows of {path.name} for {mission}.")
