"""A report rendered as a file (PDF, XLSX, CSV), within a request or outside any. The PDF is the page's own print
template, through WeasyPrint (core.rendering).

Where a worker is configured (settings.MUSTER_WORKER) every report's PDF is a background job, `report_pdf_job`,
started by `report_pdf_job_start`: WeasyPrint takes seconds for a long PERSTAT or a strength report of fifty
countries, longer than a page should hang. Without a worker the PDF is made in the request and is its response, as
the XLSX and CSV always are (openpyxl and csv write even a field-scale report in well under a second).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from muster.core.exports import rows_to_csv, rows_to_xlsx
from muster.core.jobs import JobResult, job_start
from muster.core.rendering import html_to_pdf
from muster.force.privacy import personal_data_export_log
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission

from .pipeline import report_options, reports


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    fmt: str


def report_file(declared, report, *, fmt, user, part=None, request=None, base_url=None, query=""):
    """`report` (built by `declared`) as a file of `fmt`: PDF, XLSX or CSV (`part`: one of its other CSVs).

    A file that names people is logged for `user` (with the `query` it was asked with) before it is returned.
    `request` or `base_url` (the site's address) lets the PDF's links and images resolve; neither is needed."""
    if fmt not in declared.formats:
        raise ValueError(f"The {declared.name} report has no {fmt!r} file.")
    filename = declared.filename(report)
    if fmt in declared.files:
        content = declared.files[fmt](report)
    elif fmt == "pdf":
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


def report_build(name, *, parameters, user, fmt):
    """(declaration, built report) of the report `name` as `user` may see it (None: the system), for `fmt`.
    `parameters` are the page's and the API's, read by the same form: {"mission": code, "on": date or "YYYY-MM-DD"
    (default: the mission's today)} and the report's options by name; a mission the user may not see is refused as
    one that does not exist (ValidationError naming the field, as an option not among its choices), a report the
    user may not see at all with PermissionDenied."""
    declared = reports()[name]
    if user is not None and not declared.may_view(user):
        raise PermissionDenied
    missions = Mission.objects.all() if user is None else Mission.objects.restrict(user, "view")
    form = MissionDateForm(parameters, missions=missions, ended=declared.ended_opens_last_day)
    options, refused = report_options(declared, parameters)
    if not form.is_valid() or refused:
        raise ValidationError({**dict(form.errors), **refused})
    return declared, declared.build(mission=form.cleaned_data["mission"], on=form.cleaned_data["on"], user=user,
                                    fmt=fmt, **options)


def report_render(name, *, parameters, user, fmt, part=None, base_url=None, query=""):
    """The report `name` (see report_build) rendered as a file of `fmt`, outside any request; a file naming people
    is logged for `user` with `query`, as the page's is."""
    declared, report = report_build(name, parameters=parameters, user=user, fmt=fmt)
    return report_file(declared, report, fmt=fmt, user=user, part=part, base_url=base_url, query=query)


def report_pdf_job_start(declared, *, mission, on, user, query="", base_url=None, options=None):
    """Start the PDF of `declared` for `mission` on `on` (with its `options`) as `user`'s job; the Job (its page:
    /jobs/<id>/)."""
    title = _("%(report)s of the %(mission)s on %(on)s (PDF)") % {
        "report": declared.title, "mission": mission.code, "on": date_format(on, "j M Y")}
    return job_start(user=user, title=title, work=report_pdf_job, params={
        "name": declared.name, "parameters": {"mission": mission.code, "on": on.isoformat(), **(options or {})},
        "query": query, "base_url": base_url})


def report_pdf_job(*, job, progress, name, parameters, query="", base_url=None):
    """A background job's work: the report's PDF as `job.user` may see it, read again in the worker, so a mission
    the user can no longer see fails the job as one that does not exist. A PDF naming people is logged for the user
    when the job makes it, with the query of the page that asked, as the page's own download is."""
    progress(0, 2, step=_("Building the report"))
    declared, report = report_build(name, parameters=parameters, user=job.user, fmt="pdf")
    progress(1, 2, step=_("Rendering the PDF"))
    file = report_file(declared, report, fmt="pdf", user=job.user, base_url=base_url, query=query)
    return JobResult(file_name=file.filename, content=file.content, content_type="application/pdf")
