"""The reports Muster makes, each declared once: its builder, tables, templates, addresses, endpoint and command
(reports/pipeline.py says what each part is). A new report is its builder and tables in a module of its own, its
templates, and its declaration here."""

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from muster.core import views as generic
from muster.core.templatetags.muster import percent
from muster.force.contributions import un_gender_rows_write
from muster.force.models import DutyStatus, Movement, Person
from muster.force.privacy import SUPPRESSION_NOTE
from muster.funding.models import Transaction
from muster.funding.money import amount_text
from muster.logistics.models import Vehicle, WorkOrder
from muster.operations.models import Sitrep

from . import fleet, funding, perstat, serializers, sitrep, sitrep_api, strength
from .pipeline import Report, ReportApi, ReportCommand, ReportOption, report_declare, text_table
from .sitrep_docx import sitrep_docx
from .views_sitrep import sitrep_page_context


def _newest(missions):
    return missions.order_by("-start").first()


# --- The commands' text, in the reader's language and number format --------------------------------------------
# The tables keep their values as the CSV and XLSX want them (0.0154, 55858687.24); only the terminal's text writes
# them as the reader does (1,5 %, 55 858 687,24). Counts stay ungrouped in a table, as they always were; titles group.


def _day(day):
    return date_format(day, "j M Y")


def _figure(n):
    return number_format(n, force_grouping=True)


def _text_cell(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):  # money: cents only where there are some
        return amount_text(value)
    if isinstance(value, int | float):
        return number_format(value)
    if isinstance(value, datetime.date):  # ISO in a table: sortable, and read alike in every language
        return value.isoformat()
    return "" if value is None else str(value)


def _text_rows(rows, *, shares=()):
    """`rows` as the text table writes them; the columns `shares` (fractions) as percentages."""
    return [[percent(v) if i in shares and isinstance(v, float) else _text_cell(v) for i, v in enumerate(row)]
            for row in rows]


# --- Strength: the mission dashboard ---------------------------------------------------------------------------


def _strength_sheets(report):
    return [(_("Strength"), *strength.strength_table(report)), (_("Claims"), *strength.claims_table(report)),
            (_("Over time"), *report.series_table())]


def _un_gender_table(report):
    # The UN's "contributions by gender" columns; personnel of unknown sex have no column there.
    headers, rows, _unplaced = un_gender_rows_write(strength=report.strength, mission_code=report.mission.code)
    return headers, rows


def _strength_text(report):
    strength_headers, strength_rows = strength.strength_table(report)
    claim_headers, claim_rows = strength.claims_listed_table(report)
    figures = {"mission": report.mission, "date": _day(report.on), "total": _figure(report.strength.total)}
    if report.ceiling:
        title = _("%(mission)s — strength on %(date)s: %(total)s of a ceiling of %(ceiling)s") % (
            figures | {"ceiling": _figure(report.ceiling)})
    else:
        title = _("%(mission)s — strength on %(date)s: %(total)s") % figures
    return "\n".join([
        title, "", text_table(strength_headers, _text_rows(strength_rows, shares=(7,))), "",
        _("Published figures against the records (difference = from movements − reported):"),
        text_table(claim_headers[:8], _text_rows(r[:8] for r in claim_rows)), strength.claims_listed_note(report),
    ])


def _strength_json(report):
    strength_headers, strength_rows = strength.strength_table(report)
    claim_headers, claim_rows = strength.claims_listed_table(report)
    return {"total": report.strength.total, "ceiling": report.ceiling,
            "strength": [dict(zip(map(str, strength_headers), r, strict=True)) for r in strength_rows],
            # The claims standing on the date, at most claims_limit (the differing first); every one in the CSV.
            "claims": [dict(zip(map(str, claim_headers), r, strict=True)) for r in claim_rows],
            "claims_total": report.claims_total, "claims_differing": report.claims_differing,
            "claims_limit": strength.CLAIMS_LISTED, "claims_note": strength.claims_listed_note(report)}


STRENGTH = report_declare(Report(
    name="strength", title="Strength",
    build=lambda *, fmt, **parameters: strength.strength_report(**parameters),
    sheets=_strength_sheets, csv=strength.strength_table,
    csv_parts={"claims": (strength.claims_table, ""), "un": (_un_gender_table, "_un_gender")},
    template="force/dashboard.html", fragment_template="force/_dashboard_body.html",
    pdf_template="reports/strength_report.html",
    page_path="dashboard/<slug:code>/", export_path="dashboard/<slug:code>/strength.<str:fmt>",
    context=lambda report: {"suppression_note": SUPPRESSION_NOTE},
    page_context=lambda request, report, missions: {
        "missions": missions.only("code", "name"), "may_record": request.user.has_perm("force.add_movement")},
    ended_opens_last_day=True,
    api=ReportApi(path="strength/", url_name="strength", serializer=serializers.StrengthSerializer,
                  data=serializers.strength_answer, permission_model=Movement,
                  description="Strength of a mission on a date, by country and category, with the published "
                              "claims beside it."),
    command=ReportCommand(
        help="Print a mission's strength on a date, with the published figures and their differences.",
        text=_strength_text, json=_strength_json,
        sections=lambda report: [("strength", *strength.strength_table(report)),
                                 ("claim", *strength.claims_table(report))]),
))


# --- PERSTAT: the personnel state report ----------------------------------------------------------------------


def _perstat_context(report):
    table, shares = perstat.perstat_table(report), perstat.perstat_shares_table(report)
    return {"table": table, "shares": shares, "rotation": perstat.perstat_rotation_table(report),
            "share_rows": list(zip(report.shares, shares[1], strict=True)), "suppression_note": SUPPRESSION_NOTE}


def _perstat_sheets(report):
    sheets = [(_("PERSTAT"), *perstat.perstat_table(report)),
              (_("Women's share"), *perstat.perstat_shares_table(report))]
    if report.exact:  # names only for someone who may see the roll
        sheets.append((_("Rotation due"), *perstat.perstat_rotation_table(report)))
    return sheets


def _perstat_text(report):
    # Aggregates only: the command prints no names, so it needs no export log.
    table_headers, table_rows = perstat.perstat_table(report)
    share_headers, share_rows = perstat.perstat_shares_table(report)
    return "\n".join([_("%(mission)s — personnel state on %(date)s") % {"mission": report.mission,
                                                                        "date": _day(report.on)}, "",
                      text_table(table_headers, _text_rows(table_rows)), "",
                      text_table(share_headers, _text_rows(share_rows, shares=(3, 4)))])


PERSTAT = report_declare(Report(
    name="perstat", title="PERSTAT",
    build=lambda *, fmt, **parameters: perstat.perstat_report(**parameters),
    sheets=_perstat_sheets,
    template="force/perstat.html", pdf_template="reports/perstat_report.html",
    page_path="perstat/<slug:code>/", export_path="perstat/<slug:code>/perstat.<str:fmt>",
    context=_perstat_context,
    page_context=lambda request, report, missions: {
        "formats": ("pdf", "xlsx", "csv"), "may_import": generic.may(request.user, Person, "add"),
        "may_set_status": generic.may(request.user, DutyStatus, "add")},
    ended_opens_last_day=True,
    names=lambda report: len(report.rotation_list),
    command=ReportCommand(
        help="Print a mission's personnel state report (PERSTAT) on a date, from the nominal roll.",
        text=_perstat_text,
        sections=lambda report: [("perstat", *perstat.perstat_table(report)),
                                 ("women", *perstat.perstat_shares_table(report))]),
))


# --- Funding: the funding dashboard ----------------------------------------------------------------------------


def _funding_sections(report):
    return [("donors", *funding.donor_table(report)), ("flows", *funding.flow_table(report)),
            ("gap", *funding.gap_table(report))]


def _funding_text(report):
    lines = [_("%(mission)s — funding on %(date)s, US dollars") % {"mission": report.mission,
                                                                   "date": _day(report.on)}]
    for _name, headers, rows in _funding_sections(report):
        lines += ["", text_table(headers, _text_rows(rows))]
    return "\n".join(lines)


FUNDING = report_declare(Report(
    name="funding", title="Funding",
    build=lambda *, fmt, **parameters: funding.funding_report(**parameters),
    sheets=funding.report_sheets, csv=funding.donor_table,
    template="funding/dashboard.html", pdf_template="funding/report.html",
    page_path="funding/dashboard/<slug:code>/", export_path="funding/dashboard/<slug:code>/funding.<str:fmt>",
    default_path="funding/", default_mission=_newest,
    may_view=lambda user: generic.may(user, Transaction, "view"),
    page_context=lambda request, report, missions: {
        "missions": missions.only("code", "name"), "may_record": request.user.has_perm("funding.add_transaction"),
        "may_import": request.user.has_perm("funding.add_fundingflow")},
    api=ReportApi(path="funding/totals/", url_name="funding_totals", serializer=serializers.FundingTotalsSerializer,
                  data=serializers.funding_answer, permission_model=Transaction,
                  description="Pledged, committed, received, spent, frozen and released by donor, at a date: the "
                              "dashboard's totals."),
    command=ReportCommand(
        help="Print a mission's funding on a date: pledged, committed, received, spent, frozen and released by "
             "donor (US dollars), each flow, and the gap to budget.",
        text=_funding_text, sections=_funding_sections,
        json=lambda report: {"currency": "USD"} | {
            name: [dict(zip(map(str, headers), row, strict=True)) for row in rows]
            for name, headers, rows in _funding_sections(report)}),
))


# --- Fleet: readiness, downtime, overdue orders, shipments -----------------------------------------------------


def _fleet_text(report):
    overall = report.overall
    lines = [ngettext("%(mission)s fleet on %(date)s: %(ready)s of %(fleet)s vehicle mission-capable (%(share)s)",
                      "%(mission)s fleet on %(date)s: %(ready)s of %(fleet)s vehicles mission-capable (%(share)s)",
                      overall.fleet) % {
        "mission": report.mission.code, "date": _day(report.on), "ready": _figure(overall.ready),
        "fleet": _figure(overall.fleet), "share": percent(overall.share)}]
    for title, headers, rows in fleet.report_sheets(report):
        lines.append(f"\n{title}")
        cells = [list(map(str, headers)), *_text_rows(rows)]  # the readiness % is already a percentage: as is
        widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
        if not rows:
            lines.append("  " + _("(none)"))
    return "\n".join(lines)


def _fleet_json(report):
    return {"fleet": report.overall.fleet, "ready": report.overall.ready, "readiness": report.overall.share,
            **{str(title): [dict(zip(map(str, headers), row, strict=True)) for row in rows]
               for title, headers, rows in fleet.report_sheets(report)}}


def _mission_with_sites(missions):
    return missions.filter(sites__isnull=False).order_by("-start").first() or _newest(missions)


FLEET = report_declare(Report(
    name="fleet", title="Fleet",
    # The chart only where it is drawn: the page and its PDF.
    build=lambda *, fmt, **parameters: fleet.fleet_report(**parameters, chart=fmt in ("html", "pdf")),
    sheets=fleet.report_sheets,
    template="logistics/fleet.html", pdf_template="logistics/fleet_report.html",
    page_path="logistics/fleet/<slug:code>/", export_path="logistics/fleet/<slug:code>/fleet.<str:fmt>",
    default_path="logistics/fleet/", default_mission=_mission_with_sites,
    may_view=lambda user: generic.may(user, Vehicle, "view"),
    page_context=lambda request, report, missions: {
        "missions": missions.filter(vehicles__isnull=False).distinct(),
        "may_add_order": generic.may(request.user, WorkOrder, "add")},
    api=ReportApi(path="logistics/readiness/", url_name="fleet_readiness", serializer=serializers.ReadinessSerializer,
                  data=serializers.readiness_answer, permission_model=Vehicle,
                  description="Fleet readiness at a date: the whole fleet, by type and by site (the vehicles you may "
                              "see)."),
    command=ReportCommand(
        help="Print a mission's fleet readiness on a date (by type and site), downtime, overdue work orders, "
             "shipments.",
        text=_fleet_text, json=_fleet_json),
))


# --- SITREP: the situation report ----------------------------------------------------------------------------


def _sitrep_text(report):
    lines = [report.title]
    for _name, title, headers, rows in [(n, t, *table(report)) for n, t, table in sitrep.TABLES]:
        lines += ["", str(title), text_table(headers, _text_rows(rows)) if rows else "  " + _("(none)")]
    return "\n".join(lines)


SITREP = report_declare(Report(
    name="sitrep", title="SITREP",
    build=lambda *, fmt, **parameters: sitrep.sitrep_report(**parameters, fmt=fmt),
    sheets=sitrep.report_sheets, csv=sitrep.strength_table,
    csv_parts={name: (table, f"_{name}") for name, _title, table in sitrep.TABLES[1:]},
    template="reports/sitrep.html", pdf_template="reports/sitrep_report.html",
    page_path="sitrep/<slug:code>/", export_path="sitrep/<slug:code>/sitrep.<str:fmt>",
    default_path="sitrep/", default_mission=_newest,
    may_view=lambda user: generic.may(user, Sitrep, "view"),
    page_context=sitrep_page_context,
    ended_opens_last_day=True,
    names=lambda report: report.named,
    options=(ReportOption("period", tuple(Sitrep.Period.values), Sitrep.Period.DAILY,
                          "daily: the day itself; weekly: the seven days ending on it."),),
    files={"docx": sitrep_docx},
    api=ReportApi(path="sitrep/", url_name="sitrep", serializer=sitrep_api.SitrepAnswerSerializer,
                  data=sitrep_api.sitrep_answer, permission_model=Sitrep,
                  description="The situation report compiled from the records for a day or a week: strength and its "
                              "changes, own casualties, incidents by department, fleet readiness, sites, funding "
                              "events and published figures that disagree, each line with its records and sources, "
                              "as far as you may see them. Issued versions: /api/sitrep/issued/."),
    command=ReportCommand(
        help="Print a mission's situation report (SITREP) for a day or a week ending on a date, or write it as "
             "PDF, DOCX or XLSX with --output.",
        text=_sitrep_text, json=lambda report: sitrep_api.sitrep_answer(report) | {"on": report.on},
        sections=sitrep.report_sections, files=("pdf", "docx", "xlsx")),
))
