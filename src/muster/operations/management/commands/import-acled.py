"""`muster import-acled --mission MSS [--classification shareable] FILE`: ACLED's events as a mission's incidents."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from muster.missions.models import Mission
from muster.operations.acled import acled_import, acled_import_outcome, errors_text
from muster.operations.acled.parsing import AcledFileError, acled_rows_read
from muster.operations.models import Classification


class Command(BaseCommand):
    help = ("Import ACLED's events (its CSV) into a mission as incidents: all or nothing, an event already imported "
            "updated rather than duplicated.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mission", required=True, help=_("Its code in Muster, e.g. MSS"))
        parser.add_argument("--classification", choices=Classification.values, default=Classification.RESTRICTED,
                            help=_("Of the incidents the file adds (default: restricted to mission staff)"))
        parser.add_argument("--check", action="store_true", help=_("Say what the file would change; store nothing"))

    def handle(self, *args, file, mission, classification, check, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        try:
            mission_obj = Mission.objects.get(code=mission)
        except Mission.DoesNotExist:
            raise CommandError(_("No mission '%(code)s': add it first (missions page or admin).")
                               % {"code": mission}) from None
        try:
            rows = acled_rows_read(content=path.read_bytes(), filename=path.name)
        except AcledFileError as error:
            raise CommandError(errors_text(error.errors, shown=50)) from None
        # As the system (no user): acled_import opens the change context naming the file, as the roll's import does.
        result = acled_import(user=None, mission=mission_obj, acled=rows, classification=classification,
                              commit=not check, filename=path.name)
        if result.errors:
            raise CommandError(_("Nothing was stored:") + "\n" + errors_text(result.errors, shown=50))
        if check:
            self.stdout.write(ngettext(
                "%(file)s would add %(created)s incident to %(mission)s, update %(updated)s and leave "
                "%(unchanged)s unchanged; nothing was stored.",
                "%(file)s would add %(created)s incidents to %(mission)s, update %(updated)s and leave "
                "%(unchanged)s unchanged; nothing was stored.", result.created) % {
                "file": path.name, "mission": mission, **{
                    name: number_format(getattr(result, name), force_grouping=True)
                    for name in ("created", "updated", "unchanged")}})
        else:
            self.stdout.write(acled_import_outcome(mission=mission_obj, result=result))
