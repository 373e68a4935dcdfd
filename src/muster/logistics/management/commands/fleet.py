"""`muster fleet --mission MSS --on 2025-06-30 [--format table|csv|json]`: the fleet report's figures."""

import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from muster.core.exports import cell_safe
from muster.missions.models import Mission, mission_today
from muster.reports.fleet import fleet_report, report_sheets


class Command(BaseCommand):
    help = "Print a mission's fleet readiness on a date (by type and site), downtime, overdue work orders, shipments."

    def add_arguments(self, parser):
        parser.add_argument("--mission", required=True, help="Mission code, e.g. MSS")
        parser.add_argument("--on", default=None, help="Date, YYYY-MM-DD (default: today in the mission's time zone)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

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
        report = fleet_report(mission=mission_obj, on=day, user=None, chart=False)
        sheets = report_sheets(report)
        if format == "json":
            data = {"mission": mission_obj.code, "on": day, "fleet": report.overall.fleet,
                    "ready": report.overall.ready, "readiness": report.overall.share,
                    **{str(title): [dict(zip(map(str, headers), row, strict=True)) for row in rows]
                       for title, headers, rows in sheets}}
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
            return
        if format == "csv":
            _title, headers, rows = sheets[0]
            # Cell by cell through cell_safe, as the page's CSV: text a spreadsheet would run as a formula stays text.
            writer = csv.writer(self.stdout)
            writer.writerow(map(cell_safe, headers))
            writer.writerows(map(cell_safe, row) for row in rows)
            return
        share = "—" if report.overall.share is None else f"{100 * report.overall.share:.1f}%"
        self.stdout.write(f"{mission_obj.code} fleet on {day:%d %b %Y}: {report.overall.ready} of "
                          f"{report.overall.fleet} vehicles mission-capable ({share})")
        for title, headers, rows in sheets:
            self.stdout.write(f"\n{title}")
            widths = [max(len(str(x)) for x in [h, *(r[i] for r in rows)]) for i, h in enumerate(headers)]
            for row in [headers, *rows]:
                self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
            if not rows:
                self.stdout.write("  (none)")
