"""`muster import-acled --mission MSS [--classification shareable] FILE`: ACLED's events as a mission's incidents."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from muster.missions.models import Mission
from muster.operations.acled import acled_import, acled_import_outcome, errors_text
from muster.operations.acled.parsing import AcledFileError, acled_rows_read
from muster.operations.models import Classification


class Command(BaseCommand):
    help = ("Import ACLED's events (its CSV) into a mission as incidents: all or nothing, an event already imported "
            "updated rather than duplicated.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mission", required=True, help="Its code in Muster, e.g. MSS")
        parser.add_argument("--classification", choices=Classification.values, default=Classification.RESTRICTED,
                            help="Of the incidents the file adds (default: restricted to mission staff)")
        parser.add_argument("--check", action="store_true", help="Say what the file would change; store nothing")

    def handle(self, *args, file, mission, classification, check, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        try:
            mission_obj = Mission.objects.get(code=mission)
        except Mission.DoesNotExist:
            raise CommandError(f"No mission {mission!r}: add it first (missions page or admin).") from None
        try:
            rows = acled_rows_read(content=path.read_bytes(), filename=path.name)
        except AcledFileError as error:
            raise CommandError(errors_text(error.errors, shown=50)) from None
        # As the system (no user): acled_import opens the change context naming the file, as the roll's import does.
        result = acled_import(user=None, mission=mission_obj, acled=rows, classification=classification,
                              commit=not check, filename=path.name)
        if result.errors:
            raise CommandError("Nothing was stored:\n" + errors_text(result.errors, shown=50))
        if check:
            self.stdout.write(f"{path.name} would add {result.created:,} incidents to {mission}, update "
                              f"{result.updated:,} and leave {result.unchanged:,} unchanged; nothing was stored.")
        else:
            self.stdout.write(acled_import_outcome(mission=mission_obj, result=result))
