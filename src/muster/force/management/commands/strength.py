"""`muster strength --mission MSS --on 2025-02-06 [--format table|csv|json]`: the dashboard's figures."""

import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from muster.core.exports import cell_safe
from muster.missions.models import Mission, mission_today
from muster.reports.strength import claims_table, strength_report, strength_table


class Command(BaseCommand):
    help = "Print a mission's strength on a date, with the published figures and their differences."

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
        report = strength_report(mission=mission_obj, on=day)
        strength_headers, strength_rows = strength_table(report)
        claim_headers, claim_rows = claims_table(report)
        if format == "json":
            data = {
                "mission": mission_obj.code, "on": day, "total": report.strength.total,
                "ceiling": report.ceiling,
                "strength": [dict(zip(map(str, strength_headers), r, strict=True)) for r in strength_rows],
                "claims": [dict(zip(map(str, claim_headers), r, strict=True)) for r in claim_rows],
            }
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        elif format == "csv":
            # Cell by cell through cell_safe, as the page's CSV: text a spreadsheet would run as a formula stays text.
            writer = csv.writer(self.stdout)
            writer.writerow(map(cell_safe, ["section", *strength_headers]))
            writer.writerows(map(cell_safe, ["strength", *r]) for r in strength_rows)
            writer.writerow(map(cell_safe, ["section", *claim_headers]))
            writer.writerows(map(cell_safe, ["claim", *r]) for r in claim_rows)
        else:
            self.stdout.write(f"{mission_obj} — strength on {day:%d %b %Y}: {report.strength.total:,}"
                              + (f" of a ceiling of {report.ceiling:,}" if report.ceiling else ""))
            self.stdout.write("")
            self.stdout.write(_table(strength_headers, strength_rows))
            self.stdout.write("")
            self.stdout.write("Published figures against the records (difference = from movements − reported):")
            self.stdout.write(_table(claim_headers[:8], [r[:8] for r in claim_rows]))


def _table(headers, rows):
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


