"""A report rendered as a file (PDF, XLSX, CSV), within a request or outside any: `report_render` is what a
background job calls to make a long report's PDF. The PDF is the page's own print template, through WeasyPrint
(core.rendering)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from muster.core.exports import rows_to_csv, rows_to_xlsx
from muster.core.rendering import html_to_pdf
from muster.force.privacy import personal_data_export_log
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission

from .pipeline import FILE_FORMATS, REPORTS


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    fmt: str


def report_file(declared, report, *, fmt, user, part=None, request=None, base_url=None, query=""):
    """`report` (built by `declared`) as a file of `fmt`: PDF, XLSX or CSV (`part`: one of its other CSVs).

    A file that names people is logged for `user` (with the `query` it was asked with) before it is returned.
    `request` or `base_url` (the site's address) lets the PDF's links and images resolve; neither is needed."""
    if fmt not in FILE_FORMATS:
        raise ValueError(f"The {declared.name} report has no {fmt!r} file.")
    filename = declared.filename(report)
    if fmt == "pdf":
        html = render_to_string(declared.pdf_template, {**declared.shared_context(report), "for_print": True},
                                request=request)
        content = html_to_pdf(html=html, base_url=request.build_absolute_uri("/") if request else base_url)
    elif fmt == "xlsx":
        sheets = [(str(title), headers, rows) for title, headers, rows in declared.sheets(report)]
        content = rows_to_xlsx(None, None, sheets=sheets)
    elif part in declared.csv_parts:
        table, suffix = declared.csv_parts[part]
        content, filename = rows_to_csv(*table(report)), f"{filename}{suffix}"
    else:
        content = rows_to_csv(*(declared.csv(report) if declared.csv else declared.sheets(report)[0][1:]))
    named = declared.names(report) if declared.names else 0
    if named and user is not None:
        personal_data_export_log(user=user, what=f"{declared.title} {report.mission.code} {report.on}", rows=named,
                                 fmt=fmt, query=query)
    return ReportFile(content=content, filename=f"{filename}.{fmt}", fmt=fmt)


def report_render(name, *, parameters, user, fmt, part=None, base_url=None):
    """The report `name` as `user` may see it (None: the system), rendered as a file of `fmt`: what a background job
    calls to make a long report's PDF outside any request. `parameters` are the page's and the API's, read by the
    same form: {"mission": code, "on": date or "YYYY-MM-DD" (default: the mission's today)}; a mission the user may
    not see is refused as one that does not exist (ValidationError naming the field)."""
    declared = REPORTS[name]
    if user is not None and not declared.may_view(user):
        raise PermissionDenied
    missions = Mission.objects.all() if user is None else Mission.objects.restrict(user, "view")
    form = MissionDateForm(parameters, missions=missions, ended=declared.ended_opens_last_day)
    if not form.is_valid():
        raise ValidationError(dict(form.errors))
    report = declared.build(mission=form.cleaned_data["mission"], on=form.cleaned_data["on"], user=user, fmt=fmt)
    return report_file(declared, report, fmt=fmt, user=user, part=part, base_url=base_url)
