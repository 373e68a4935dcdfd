"""`muster funding --mission MSS --on 2025-02-06 [--format table|csv|json]`: the funding dashboard's totals."""

import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from muster.core.exports import cell_safe
from muster.missions.models import Mission, mission_today
from muster.reports.funding import donor_table, flow_table, funding_report, gap_table


class Command(BaseCommand):
    help = ("Print a mission's funding on a date: pledged, committed, received, spent, frozen and released by "
            "donor (US dollars), each flow, and the gap to budget.")

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
        report = funding_report(mission=mission_obj, on=day)
        sections = [("donors", *donor_table(report)), ("flows", *flow_table(report)), ("gap", *gap_table(report))]
        if format == "json":
            data = {"mission": mission_obj.code, "on": day, "currency": "USD"}
            data |= {name: [dict(zip(map(str, headers), row, strict=True)) for row in rows]
                     for name, headers, rows in sections}
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        elif format == "csv":
            # Cell by cell through cell_safe, as the page's CSV: text a spreadsheet would run as a formula stays text.
            writer = csv.writer(self.stdout)
            for name, headers, rows in sections:
                writer.writerow(map(cell_safe, ["section", *headers]))
                writer.writerows(map(cell_safe, [name, *row]) for row in rows)
        else:
            self.stdout.write(f"{mission_obj} — funding on {day:%d %b %Y}, US dollars")
            for _name, headers, rows in sections:
                self.stdout.write("")
                self.stdout.write(_table(headers, [[_cell(v) for v in row] for row in rows]))


def _cell(value):
    if hasattr(value, "quantize"):
        return f"{value:,.2f}".removesuffix(".00")
    return "" if value is None else str(value)


def _table(headers, rows):
    cells = [[str(h) for h in headers]] + rows
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
