"""The fleet report: readiness at a date (whole fleet, by type, by site, over twelve months in all and by site),
downtime and cost
per vehicle and per maintenance contract, overdue work orders and shipments in transit. Gathered once for the
page, the PDF, the XLSX, the CSV and the `muster fleet` command."""

from dataclasses import dataclass, field

import pygal
from django.utils.translation import gettext as _

from muster.core.calendar import month_ends
from muster.core.charts import CHART_WIDTH, MUSTER_STYLE, X_LABEL_ROTATION, month_axis, svg_of
from muster.logistics import selectors
from muster.logistics.models import Shipment, Vehicle, WorkOrder


@dataclass
class FleetReport:
    mission: object
    on: object
    overall: selectors.Readiness
    by_type: list
    by_site: list
    series: list
    # Readiness by site at the same month-ends: the sites (labels) as columns, a row per date of a cell per site
    # (a Readiness, or None where no vehicle of the fleet was based there that day).
    site_labels: list
    site_series: list
    downtime_vehicles: list
    downtime_contracts: list
    overdue: list
    in_transit: list
    chart_svg: str = field(default="", repr=False)


def _visible(model, user):
    """What `user` may see; everything for `user` None (the system: the `muster fleet` command on the server)."""
    return model.objects.all() if user is None else model.objects.restrict(user, "view")


def fleet_report(*, mission, on, user, chart=True):
    vehicles = _visible(Vehicle, user).filter(mission=mission)
    work_orders = _visible(WorkOrder, user).filter(vehicle__mission=mission)
    shipments = _visible(Shipment, user).filter(mission=mission)
    dates = month_ends(end=on, count=12)
    series = selectors.readiness_series(vehicles=vehicles, dates=dates)
    site_labels, site_series = _site_table(selectors.readiness_series(vehicles=vehicles, dates=dates, by="site"))
    report = FleetReport(
        mission=mission, on=on,
        overall=selectors.fleet_readiness(vehicles=vehicles, on=on)[0],
        by_type=selectors.fleet_readiness(vehicles=vehicles, on=on, by="type"),
        by_site=selectors.fleet_readiness(vehicles=vehicles, on=on, by="site"),
        series=series, site_labels=site_labels, site_series=site_series,
        downtime_vehicles=selectors.downtime_by_vehicle(work_orders=work_orders, on=on)[:25],
        downtime_contracts=selectors.downtime_by_contract(work_orders=work_orders, on=on),
        overdue=list(selectors.work_orders_overdue(work_orders=work_orders, on=on)[:50]),
        in_transit=list(selectors.shipments_in_transit(shipments=shipments, on=on)[:50]),
    )
    if chart:
        report.chart_svg = readiness_chart(series)
    return report


def _site_table(series_by_site):
    """(site labels, [(date, [Readiness or None per site])]) from readiness_series(by="site"); "—" (not based yet)
    last."""
    sites = sorted({(r.key is None, r.label, r.key) for _day, rows in series_by_site for r in rows})
    keys = [key for _none, _label, key in sites]
    table = []
    for day, rows in series_by_site:
        cells = {r.key: r for r in rows}
        table.append((day, [cells.get(key) for key in keys]))
    return [label for _none, label, _key in sites], table


def readiness_chart(series, *, width=CHART_WIDTH, height=300):
    """Readiness (%) at each month's end as a line; the table beside it gives the same figures. Every third
    month is labelled, and the last."""
    chart = pygal.Line(width=width, height=height, style=MUSTER_STYLE, js=[], disable_xml_declaration=True,
                       show_legend=False, range=(0, 100), include_x_axis=True, explicit_size=False, margin=8,
                       title=_("Mission-capable share of the fleet, %"), x_label_rotation=X_LABEL_ROTATION,
                       dots_size=2.5, show_minor_x_labels=False, truncate_label=-1)
    month_axis(chart, [r.key for r in series])
    chart.add(_("Readiness"), [None if r.share is None else round(100 * r.share, 1) for r in series])
    return svg_of(chart)


def _pct(share):
    return "" if share is None else round(100 * share, 1)


def report_sheets(report):
    """[(title, headers, rows)] of the report, for XLSX (one sheet each) and CSV (the first)."""
    readiness_headers = [_("Group"), _("Fleet"), _("Mission-capable"), _("Not mission-capable"), _("Readiness %")]

    def rows(items, all_label):
        return [[r.label or all_label, r.fleet, r.ready, r.not_ready, _pct(r.share)] for r in items]

    return [
        (_("Readiness by type"), readiness_headers,
         rows(report.by_type, "") + rows([report.overall], _("Whole fleet"))),
        (_("Readiness by site"), readiness_headers, rows(report.by_site, "")),
        (_("Readiness over time"), [_("Date"), _("Fleet"), _("Mission-capable"), _("Readiness %")],
         [[r.key, r.fleet, r.ready, _pct(r.share)] for r in report.series]),
        (_("Readiness by site over time"),
         [_("Date"), *(f"{label}: {figure}" for label in report.site_labels
                       for figure in (_("Fleet"), _("Mission-capable")))],
         [[day, *(value for cell in cells for value in ((cell.fleet, cell.ready) if cell else (0, 0)))]
          for day, cells in report.site_series]),
        (_("Downtime by vehicle"), [_("Vehicle"), _("Work orders"), _("Days off the road"), _("Cost (USD)")],
         [[d["vehicle__registration"], d["orders"], d["days"], d["cost"] / 100] for d in report.downtime_vehicles]),
        (_("Downtime by contract"), [_("Contract"), _("Work orders"), _("Vehicles"), _("Days off the road"),
                                     _("Cost (USD)")],
         [[d["contract__title"] or _("No contract"), d["orders"], d["vehicles"], d["days"], d["cost"] / 100]
          for d in report.downtime_contracts]),
        (_("Overdue work orders"), [_("Vehicle"), _("Fault"), _("Opened"), _("Due")],
         [[w.vehicle.registration, w.fault, w.opened, w.due] for w in report.overdue]),
        (_("Shipments in transit"), [_("Contents"), _("Donor"), _("Destination"), _("Left on")],
         [[s.contents, s.donor.name, s.destination.name, s.shipped] for s in report.in_transit]),
    ]
