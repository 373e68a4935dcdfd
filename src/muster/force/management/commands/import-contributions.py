"""`muster import-contributions --format ipi|un --mission MINUSTAH FILE`: published figures as claims, and the
mission's history where it records none of its own (force/contribution_history.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from muster.core.changelog import change_context
from muster.force.contribution_history import contribution_table_import, contribution_table_outcome
from muster.force.contributions import READERS, ContributionFileError
from muster.missions.models import Mission


class Command(BaseCommand):
    help = ("Import a UN Peacekeeping or IPI contribution table as claims (the table is their source) and, for a "
            "mission with no movements of its own, as its history.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=sorted(READERS), required=True)
        parser.add_argument("--mission", required=True,
                            help=_("Mission code in the file and in Muster, e.g. MINUSTAH"))

    def handle(self, *args, file, format, mission, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        try:
            mission_obj = Mission.objects.get(code=mission)
        except Mission.DoesNotExist:
            raise CommandError(_("No mission '%(code)s': add it first (missions page or admin).")
                               % {"code": mission}) from None

        def progress(done, total=None, *, step=None):  # on stderr: stdout keeps the outcome alone
            if step:
                self.stderr.write(_("%(step)s (%(done)s of %(total)s)") % {"step": step, "done": done, "total": total}
                                  if total else step)

        try:
            with change_context(message=f"Contribution table {path.name}"):
                result = contribution_table_import(user=None, mission=mission_obj, content=path.read_bytes(),
                                                   filename=path.name, fmt=format, progress=progress)
        except ContributionFileError as error:
            raise CommandError("\n".join(str(e) for e in error.errors[:50])) from None
        self.stdout.write(contribution_table_outcome(mission=mission_obj, filename=path.name, result=result))
