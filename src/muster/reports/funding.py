"""The funding report for a mission and date: the dashboard's figures, and their PDF, XLSX, CSV, API and CLI.

Totals by donor, instrument and category are the aggregate picture: every transaction of the mission counts,
whoever asks, once they may see funding at all (a donor's representative sees the others' totals). Flows,
transactions and amounts in the currency given are detail: only what `Model.objects.restrict(user)` returns.
A fixed number of queries, whatever the number of transactions.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from django.utils.translation import gettext as _

from muster.core.calendar import month_ends
from muster.core.charts import CHART_WIDTH, MUSTER_STYLE, X_LABEL_ROTATION, month_axis, svg_of
from muster.funding.models import Budget, Category, Contract, FundingFlow, FundTotal, Transaction
from muster.funding.money import from_minor
from muster.funding.selectors import (
    budget_by_category,
    contract_exposure,
    fund_totals_reconciled,
    funding_series,
    funding_sum,
    funding_totals,
)

# The columns of every totals table, in the order money moves.
COLUMNS = [("pledge", "Pledged"), ("commitment", "Committed"), ("disbursement", "Received"),
           ("expenditure", "Spent"), ("frozen", "Frozen"), ("released", "Released by waiver")]


def column_labels():
    return [_(label) for _name, label in COLUMNS] + [_("Still frozen")]


def figures(totals):
    """A Totals row as the numbers of COLUMNS (US cents), then the balance still frozen."""
    return [getattr(totals, name) for name, _label in COLUMNS] + [totals.still_frozen]


def dollars(cents):
    """US cents as a Decimal of dollars, for CSV, XLSX and JSON."""
    return Decimal(cents or 0) / 100


@dataclass
class GapRow:
    category: str
    label: str
    budget: int
    committed: int
    received: int

    @property
    def gap(self):
        """Budget not yet received (US cents); negative when more was received than budgeted."""
        return self.budget - self.received


@dataclass
class FundingReport:
    mission: object
    on: object
    by_donor: list
    detail_donors: set
    flows: list
    by_currency: list
    by_instrument: list
    gap: list
    points: list
    series: dict
    budget_series: dict
    exposure: list
    fund_totals: list
    total: object = None
    labels: dict = field(default_factory=dict)

    @property
    def budget_total(self):
        return sum(row.budget for row in self.gap)

    @property
    def funding_gap(self):
        return self.budget_total - self.total.disbursement

    @property
    def differing_fund_totals(self):
        return [t for t in self.fund_totals if t.difference]

    @property
    def series_rows(self):
        """(date, cumulative totals, budget, gap = budget − received) for each point of the chart."""
        return [(p, self.series[p], self.budget_series[p], self.budget_series[p] - self.series[p].disbursement)
                for p in self.points]

    def chart_svg(self):
        if not self.points or not any(figures(t) for t in self.series.values()):
            return ""
        chart = pygal.Line(
            width=CHART_WIDTH, height=360, style=MUSTER_STYLE, js=[], disable_xml_declaration=True, show_dots=False,
            title=_("%(mission)s funding over time (US$ million, cumulative)") % {"mission": self.mission.code},
            x_label_rotation=X_LABEL_ROTATION, legend_at_bottom=True, legend_at_bottom_columns=3, truncate_legend=-1,
            truncate_label=-1, show_minor_x_labels=False, margin=8, spacing=8, include_x_axis=True, explicit_size=False,
        )
        month_axis(chart, self.points)

        def millions(values):
            return [round(v / 100_000_000, 1) for v in values]

        chart.add(_("Budget"), millions(self.budget_series[p] for p in self.points))
        for name, label in COLUMNS[:4]:
            chart.add(_(label), millions(getattr(self.series[p], name) for p in self.points))
        chart.add(_("Still frozen"), millions(self.series[p].still_frozen for p in self.points))
        return svg_of(chart)


def funding_report(*, mission, on, user=None):
    """Everything the funding dashboard shows for `mission` on `on`; `user` None is the system (CLI)."""
    every = Transaction.objects.all()

    def visible(model):
        return model.objects.all() if user is None else model.objects.restrict(user, "view")

    by_donor = funding_totals(transactions=every, on=on, by=("donor",), mission=mission)
    detail_donors = set(visible(FundingFlow).filter(mission=mission).values_list("donor_id", flat=True))
    flow_totals = {t["flow_id"]: t for t in funding_totals(transactions=visible(Transaction), on=on, by=("flow",),
                                                           mission=mission)}
    flow_list = list(visible(FundingFlow).filter(mission=mission, agreed_on__lte=on)
                     .select_related("donor", "recipient").order_by("donor__name", "agreed_on", "pk"))
    flows = [(flow, flow_totals.get(flow.pk) or funding_sum([])) for flow in flow_list]
    by_currency = funding_totals(transactions=visible(Transaction), on=on, by=("donor", "currency"), mission=mission)
    by_instrument = funding_totals(transactions=every, on=on, by=("instrument",), mission=mission)
    by_category = {t["flow__category"]: t for t in funding_totals(transactions=every, on=on, by=("category",),
                                                                  mission=mission)}
    budgets = budget_by_category(budgets=Budget.objects.all(), mission=mission, on=on)
    labels = dict(Category.choices)
    gap = []
    for category in sorted(set(budgets) | set(by_category), key=lambda c: (c == "", labels.get(c, ""))):
        totals = by_category.get(category) or funding_sum([])
        gap.append(GapRow(category=category, label=str(labels.get(category, _("Not earmarked / all categories"))),
                          budget=budgets.get(category, 0), committed=totals.commitment,
                          received=totals.disbursement))
    points = month_ends(start=mission.start, end=on, count=24)
    series = funding_series(transactions=every, points=points, mission=mission)
    budget_rows = list(Budget.objects.filter(mission=mission, period_start__lte=on)
                       .values_list("period_start", "usd_value"))
    budget_series = {p: sum(v or 0 for start, v in budget_rows if start <= p) for p in points}
    exposure = contract_exposure(contracts=visible(Contract), mission=mission, on=on)
    fund_totals = list(fund_totals_reconciled(fund_totals=visible(FundTotal).filter(mission=mission, as_of__lte=on),
                                              transactions=every)
                       .select_related("recipient").prefetch_related("citations__source").order_by("-as_of", "pk"))
    return FundingReport(
        mission=mission, on=on, by_donor=by_donor, detail_donors=detail_donors, flows=flows,
        by_currency=by_currency, by_instrument=by_instrument, gap=gap, points=points, series=series,
        budget_series=budget_series, exposure=exposure, fund_totals=fund_totals, total=funding_sum(by_donor),
        labels={"instrument": dict(FundingFlow.Instrument.choices)},
    )


def donor_table(report):
    """Totals by donor (US dollars), then the mission total: for CSV, XLSX, the API and the CLI."""
    headers = [_("Donor")] + column_labels()
    rows = [[t["flow__donor__name"]] + [dollars(v) for v in figures(t)] for t in report.by_donor]
    rows.append([_("All donors")] + [dollars(v) for v in figures(report.total)])
    return headers, rows


def flow_table(report):
    headers = [_("Donor"), _("Recipient"), _("Instrument"), _("Purpose"), _("Agreed on")] + column_labels()
    rows = [[f.donor.name, f.recipient.name, str(f.get_instrument_display()), f.purpose, f.agreed_on]
            + [dollars(v) for v in figures(t)] for f, t in report.flows]
    return headers, rows


def currency_table(report):
    """What each donor gave in the currency it gave it in (minor units shown as units)."""
    headers = [_("Donor"), _("Currency")] + [_(label) for _name, label in COLUMNS]
    rows = [[t["flow__donor__name"], t["currency"]]
            + [from_minor(t.native[name], t["currency"]) for name, _label in COLUMNS]
            for t in report.by_currency]
    return headers, rows


def gap_table(report):
    headers = [_("Category"), _("Budget"), _("Committed"), _("Received"), _("Gap (budget − received)")]
    rows = [[g.label, dollars(g.budget), dollars(g.committed), dollars(g.received), dollars(g.gap)]
            for g in report.gap]
    rows.append([_("Total"), dollars(report.budget_total), dollars(report.total.commitment),
                 dollars(report.total.disbursement), dollars(report.funding_gap)])
    return headers, rows


def series_table(report):
    headers = [_("Date"), _("Budget")] + column_labels()
    rows = [[p, dollars(report.budget_series[p])] + [dollars(v) for v in figures(report.series[p])]
            for p in report.points]
    return headers, rows


def exposure_table(report):
    headers = [_("Category"), _("Contracts running"), _("Value (known)"), _("Value not published"),
               _("Suspended"), _("Ending within 90 days")]
    rows = [[e["label"], e["count"], dollars(e["value"]), e["unvalued"], e["suspended"], e["expiring"]]
            for e in report.exposure]
    return headers, rows


def fund_total_table(report):
    headers = [_("As of"), _("Fund"), _("Measure"), _("Published"), _("Recorded"), _("Difference"), _("Source")]
    rows = [[t.as_of, t.recipient.name, str(t.get_measure_display()), dollars(t.usd_value), dollars(t.recorded),
             dollars(t.difference), "; ".join(c.source.address or c.source.publisher for c in t.citations.all())]
            for t in report.fund_totals]
    return headers, rows


def report_sheets(report):
    """[(title, headers, rows)] of every table, for the XLSX workbook."""
    return [(_("By donor"), *donor_table(report)), (_("Flows"), *flow_table(report)),
            (_("Currency given"), *currency_table(report)), (_("Gap to budget"), *gap_table(report)),
            (_("Over time"), *series_table(report)), (_("Contracts"), *exposure_table(report)),
            (_("Published totals"), *fund_total_table(report))]
