"""`muster <report> --mission CODE [--on YYYY-MM-DD] [--format table|csv|json]`: a report's command, from its
declaration (pipeline.ReportCommand). The mission and date are read by the one parameter form, for the system
(every mission); a refusal is one line."""

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from muster.core.exports import cell_safe
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission

from .pipeline import reports
from .rendering import report_file


def report_command(name):
    """The management command class of the report `name`."""
    declared = reports()[name]
    command = declared.command

    class Command(BaseCommand):
        help = command.help

        def add_arguments(self, parser):
            parser.add_argument("--mission", required=True, help=_("Mission code, e.g. MSS"))
            parser.add_argument("--on", default=None,
                                help=_("Date, YYYY-MM-DD (default: today in the mission's time zone)"))
            parser.add_argument("--format", choices=command.formats, default="table")
            for option in declared.options:
                parser.add_argument(f"--{option.name}", choices=option.choices, default=option.default,
                                    help=option.help)
            if command.files:
                parser.add_argument("--output", default=None,
                                    help=_("The file to write, for --format %(formats)s")
                                    % {"formats": ", ".join(command.files)})

        def handle(self, *args, mission, on, format, output=None, **options):
            form = MissionDateForm({"mission": mission, "on": on or ""}, missions=Mission.objects.all())
            if form.has_error("mission"):
                known = ", ".join(Mission.objects.values_list("code", flat=True)) or _("none")
                raise CommandError(_("No mission with code '%(code)s' (known: %(known)s).")
                                   % {"code": mission, "known": known})
            if form.has_error("on"):
                raise CommandError(_("--on: %(error)s") % {"error": form.errors["on"][0]})
            if format in command.files and not output:
                raise CommandError(_("--format %(format)s writes a file: give its name with --output.")
                                   % {"format": format})
            chosen = {o.name: options[o.name] for o in declared.options}
            report = declared.build(mission=form.cleaned_data["mission"], on=form.cleaned_data["on"], user=None,
                                    fmt=format if format in command.files else "cli", **chosen)
            if format in command.files:  # the page's file, as the system sees it
                content = report_file(declared, report, fmt=format, user=None).content
                Path(output).write_bytes(content)
                self.stdout.write(_("Wrote %(file)s (%(bytes)s bytes).")
                                  % {"file": output, "bytes": number_format(len(content), force_grouping=True)})
            elif format == "json":
                data = {"mission": report.mission.code, "on": report.on, **command.json(report)}
                self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
            elif format == "csv":
                # Cell by cell through cell_safe, as the page's CSV: text a spreadsheet would run as a formula stays
                # text.
                writer = csv.writer(self.stdout)
                if command.sections:
                    for section, headers, rows in command.sections(report):
                        writer.writerow(map(cell_safe, ["section", *headers]))
                        writer.writerows(map(cell_safe, [section, *row]) for row in rows)
                else:  # the page's CSV
                    headers, rows = declared.csv(report) if declared.csv else declared.sheets(report)[0][1:]
                    writer.writerow(map(cell_safe, headers))
                    writer.writerows(map(cell_safe, row) for row in rows)
            else:
                self.stdout.write(command.text(report))

    return Command
