"""`muster perstat --mission GSF --on 2025-10-02 [--format table|csv]`: the personnel state report."""

import csv
import datetime

from django.core.management.base import BaseCommand, CommandError

from muster.core.exports import cell_safe
from muster.missions.models import Mission, mission_today
from muster.reports.perstat import perstat_report, perstat_shares_table, perstat_table

from .strength import _table


class Command(BaseCommand):
    help = "Print a mission's personnel state report (PERSTAT) on a date, from the nominal roll."

    def add_arguments(self, parser):
        parser.add_argument("--mission", required=True, help="Mission code, e.g. GSF")
        parser.add_argument("--on", default=None, help="Date, YYYY-MM-DD (default: today in the mission's time zone)")
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args, mission, on, format, **options):
        try:
            mission_obj = Mission.objects.get(code=mission)
        except Mission.DoesNotExist:
            known = ", ".join(Mission.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"No mission with code {mission!r} (known: {known}).") from None
        try:
            day = datetime.date.fromisoformat(on) if on else mission_today(mission_obj)
        except ValueError:
            raise CommandError(f"--on {on!r} is not a date in the form YYYY-MM-DD.") from None
        # Aggregates only: the command prints no names, so it needs no export log.
        report = perstat_report(mission=mission_obj, on=day)
        headers, rows = perstat_table(report)
        share_headers, share_rows = perstat_shares_table(report)
        if format == "csv":
            # Cell by cell through cell_safe, as the page's CSV: text a spreadsheet would run as a formula stays text.
            writer = csv.writer(self.stdout)
            writer.writerow(map(cell_safe, ["section", *headers]))
            writer.writerows(map(cell_safe, ["perstat", *r]) for r in rows)
            writer.writerow(map(cell_safe, ["section", *share_headers]))
            writer.writerows(map(cell_safe, ["women", *r]) for r in share_rows)
            return
        self.stdout.write(f"{mission_obj} — personnel state on {day:%d %b %Y}")
        self.stdout.write("")
        self.stdout.write(_table(headers, rows))
        self.stdout.write("")
        self.stdout.write(_table(share_headers, share_rows))
