"""One report pipeline: a report is declared once, as a `Report` (reports/declarations.py), and its page (HTML, PDF,
CSV, XLSX: reports/views.py), its API endpoint (reports/api.py) and its `muster <name>` command
(reports/management/commands/) all come from that declaration. Each reads its mission and date through the one
parameter form, missions.forms.MissionDateForm.

reports/rendering.py renders a report as a file, within a request or outside any (a background job's PDF).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

FILE_FORMATS = ("pdf", "xlsx", "csv")  # every report has these files


@dataclass(frozen=True)
class ReportOption:
    """A parameter a report takes beside its mission and date (the SITREP's period), one of `choices`: the page and
    the API read it as ?<name>=, the command as --<name>, the builder gets it by name; not given, `default`. The
    built report keeps it as an attribute of the same name (its files' names carry it when it is not the default).
    """

    name: str
    choices: tuple
    default: str
    help: str

    def value(self, given):
        """`given`, or the default for nothing given; ValueError, in the user's words, for a value not a choice."""
        if given in (None, ""):
            return self.default
        if given not in self.choices:
            raise ValueError(_("“%(value)s” is not a %(name)s: give %(choices)s.") % {
                "value": given, "name": self.name, "choices": _(" or ").join(self.choices)})
        return given


def report_options(declared, given):
    """({name: value} of `declared`'s options read from the mapping `given`, {name: refusal} of those refused)."""
    values, refused = {}, {}
    for option in declared.options:
        try:
            values[option.name] = option.value(given.get(option.name))
        except ValueError as refusal:
            values[option.name], refused[option.name] = option.default, str(refusal)
    return values, refused


@dataclass(frozen=True)
class ReportApi:
    """The report's API endpoint: `path` under /api/ (URL name `api:<url_name>`), its answer's serializer, the
    answer from a built report (`data(report)`), and the model whose view grant it needs (core.api_policy)."""

    path: str
    url_name: str
    serializer: type
    data: Callable
    permission_model: type
    description: str


@dataclass(frozen=True)
class ReportCommand:
    """The `muster <name>` command: its help, its formats (table, csv, json), the printed table (`text(report)`),
    the JSON after the mission and date (`json(report)`), and the CSV's sections [(section, headers, rows)]
    (`sections(report)`; none: the page's CSV as it is)."""

    help: str
    text: Callable
    json: Callable | None = None
    sections: Callable | None = None
    files: tuple = ()  # formats the command writes as the page's files, to --output (the SITREP's PDF and DOCX)

    @property
    def formats(self):
        return ["table", "csv"] + (["json"] if self.json else []) + list(self.files)


@dataclass(frozen=True)
class Report:
    """A report: everything the pipeline needs to make its page, files, endpoint and command.

    `build(mission=, on=, user=, fmt=)` gathers the figures (user None: the system, everything), `fmt` saying what
    for ("html", "pdf", "csv", "xlsx", "api", "cli"), so that a builder can leave out what that format does not show.
    `sheets(report)` gives the XLSX workbook [(title, headers, rows)]; `csv(report)` the CSV (default: the first
    sheet), and `csv_parts` other CSVs asked for with ?part= ({part: (function, file name suffix)}). `context(report)`
    is what both the page and the PDF show beside the report; `page_context(request, report)` what only the page
    does (choices of mission, links to forms). `may_view(user)` refuses (403) before anything is read. `names(report)`
    says how many people a file of it names, so that each such export is logged (force.privacy).
    """

    name: str
    title: str
    build: Callable
    sheets: Callable
    template: str
    pdf_template: str
    page_path: str  # its address with the mission's code, e.g. "perstat/<slug:code>/"
    export_path: str  # e.g. "perstat/<slug:code>/perstat.<str:fmt>"
    command: ReportCommand
    default_path: str | None = None  # an address without a code, for default_mission(missions)
    default_mission: Callable | None = None
    fragment_template: str | None = None  # what an htmx request gets
    csv: Callable | None = None
    csv_parts: dict = field(default_factory=dict)
    context: Callable | None = None
    page_context: Callable | None = None
    may_view: Callable = lambda user: True
    ended_opens_last_day: bool = False  # an ended mission's report opens on its last day, with a note
    names: Callable | None = None
    api: ReportApi | None = None
    options: tuple = ()  # ReportOption: parameters beside the mission and date
    files: dict = field(default_factory=dict)  # files beside FILE_FORMATS: {fmt: function(report) -> bytes}

    @property
    def formats(self):
        return FILE_FORMATS + tuple(self.files)

    def filename(self, report):
        chosen = "".join(f"_{getattr(report, o.name)}" for o in self.options if getattr(report, o.name) != o.default)
        return f"{self.name}_{report.mission.code}_{report.on.isoformat()}{chosen}"

    def shared_context(self, report):
        return {"report": report, **(self.context(report) if self.context else {})}


_DECLARED = {}


def reports():
    """Every declared report, by name. The declarations are read at the first use rather than when Django starts:
    they bring the API's serializers and the files' writers (a third of a second), which a command that makes no
    report (backup, restore, init, the worker waiting for jobs) need not load."""
    from . import declarations  # noqa: F401  importing it declares them

    return _DECLARED


def report_declare(report):
    """Add `report` to the pipeline: its page, files, endpoint and command exist from then on."""
    if report.name in _DECLARED:
        raise ValueError(f"Two reports are named {report.name!r}.")
    _DECLARED[report.name] = report
    return report


def text_table(headers, rows):
    """Rows as a plain-text table for a terminal, headers underlined, columns as wide as their widest cell."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
