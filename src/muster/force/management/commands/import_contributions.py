"""`muster import_contributions --format ipi|un --mission MINUSTAH FILE`: published figures as claims."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from muster.core.changelog import change_context
from muster.force import contributions
from muster.force.services import contributions_import
from muster.missions.models import Mission
from muster.sources.models import Source

READERS = {"ipi": contributions.ipi_rows_read, "un": contributions.un_gender_rows_read}
PUBLISHERS = {"ipi": "International Peace Institute", "un": "United Nations Department of Peace Operations"}


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
        rows = [r for r in READERS[format](content=path.read_bytes()) if r.mission == mission]
        source, _ = Source.objects.get_or_create(
            kind=Source.Kind.DATASET, title=f"{path.name} ({format.upper()} contribution table)",
            publisher=PUBLISHERS[format], defaults={"reliability": "B", "credibility": "2"})
        with change_context(message=f"Contribution table {path.name}"):
            created = contributions_import(mission=mission_obj, contributions=rows, source=source)
        self.stdout.write(f"{created} claims from {len(rows)} rows of {path.name} for {mission}.")
