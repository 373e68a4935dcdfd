"""Reads and aggregates of funding: totals by donor, recipient, instrument, category and type at a date,
frozen and released balances, budget against funding, contract exposure, published totals against records.

Every function is one SQL query: the database sums (in US cents, and in the currency given where asked),
Python only arranges the grouped rows that come back.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import Category, FundTotal, Transaction

TYPES = [t.value for t in Transaction.Type]

# Groupings totals can be asked for, and the columns of Transaction they read.
GROUPINGS = {
    "donor": ("flow__donor_id", "flow__donor__name"),
    "recipient": ("flow__recipient_id", "flow__recipient__name"),
    "instrument": ("flow__instrument",),
    "category": ("flow__category",),
    "flow": ("flow_id",),
    "currency": ("currency",),
    "mission": ("flow__mission__code",),
}


@dataclass
class Totals:
    """One group's totals in US cents (and, when grouped by currency, in that currency's minor units)."""

    key: dict
    pledge: int = 0
    commitment: int = 0
    disbursement: int = 0
    expenditure: int = 0
    frozen: int = 0
    released: int = 0
    native: dict | None = None  # type -> minor units in key["currency"], when grouped by currency

    @property
    def still_frozen(self):
        return self.frozen - self.released

    @property
    def unspent(self):
        return self.disbursement - self.expenditure

    def __getitem__(self, name):
        return self.key[name]

    def get(self, name, default=None):
        return self.key.get(name, default)


def _by_type(field):
    return {f"{field}_{t}": Coalesce(Sum(Case(When(type=t, then=F(field)), output_field=BigIntegerField())),
                                     Value(0), output_field=BigIntegerField()) for t in TYPES}


def funding_totals(*, transactions, on, by=("donor",), mission=None):
    """Totals of every transaction type up to and including `on`, grouped `by`; one query.

    `transactions` is the queryset to sum (`Transaction.objects.restrict(user)` for what a user may see in
    detail, all of them for the aggregate picture). With "currency" in `by`, each row also carries the
    totals in that currency (`native`).
    """
    columns = [column for name in by for column in GROUPINGS[name]]
    queryset = transactions.filter(date__lte=on)
    if mission is not None:
        queryset = queryset.filter(flow__mission=mission)
    aggregates = _by_type("usd_value") | (_by_type("amount") if "currency" in by else {})
    rows = []
    for values in queryset.values(*columns).annotate(**aggregates).order_by(*columns):
        totals = Totals(key={c: values[c] for c in columns}, **{t: values[f"usd_value_{t}"] for t in TYPES})
        if "currency" in by:
            totals.native = {t: values[f"amount_{t}"] for t in TYPES}
        rows.append(totals)
    return rows


def funding_sum(rows):
    """The totals of several rows together (US cents)."""
    total = Totals(key={})
    for row in rows:
        for t in TYPES:
            setattr(total, t, getattr(total, t) + getattr(row, t))
    return total


def funding_series(*, transactions, points, mission=None):
    """Cumulative US-cent totals of each type at each date of `points`: {point: Totals}. One query.

    Each transaction falls in the bucket of the first point on or after its date; buckets are summed by the
    database and accumulated here.
    """
    points = sorted(set(points))
    if not points:
        return {}
    bucket = Case(*[When(date__lte=p, then=Value(i)) for i, p in enumerate(points)], output_field=IntegerField())
    queryset = transactions.filter(date__lte=points[-1])
    if mission is not None:
        queryset = queryset.filter(flow__mission=mission)
    grouped = queryset.annotate(bucket=bucket).values("bucket").annotate(**_by_type("usd_value")).order_by("bucket")
    rows = {r["bucket"]: r for r in grouped}
    series, running = {}, Totals(key={})
    for i, point in enumerate(points):
        for t in TYPES:
            setattr(running, t, getattr(running, t) + (rows[i][f"usd_value_{t}"] if i in rows else 0))
        series[point] = Totals(key={"date": point}, **{t: getattr(running, t) for t in TYPES})
    return series


def budget_by_category(*, budgets, mission, on):
    """{category ("" for unsplit): US cents} of the budgets of `mission` whose period has begun by `on`. One query."""
    return dict(budgets.filter(mission=mission, period_start__lte=on).values("category")
                .annotate(total=Coalesce(Sum("usd_value"), Value(0), output_field=BigIntegerField()))
                .order_by("category").values_list("category", "total"))


def contract_exposure(*, contracts, mission, on, horizon_days=90):
    """Per category: contracts running on `on`, their value (US cents, known values only), how many have no
    published value, and how many end within `horizon_days`. One query."""
    horizon = on + datetime.timedelta(days=horizon_days)
    running = Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)) & Q(status__in=["active", "suspended"])
    rows = (contracts.filter(running, mission=mission).values("category")
            .annotate(count=Count("pk"), value=Coalesce(Sum("usd_value"), Value(0), output_field=BigIntegerField()),
                      unvalued=Count("pk", filter=Q(usd_value__isnull=True)),
                      suspended=Count("pk", filter=Q(status="suspended")),
                      expiring=Count("pk", filter=Q(end__isnull=False, end__lte=horizon)))
            .order_by("category"))
    labels = dict(Category.choices)
    return [{**r, "label": str(labels.get(r["category"], r["category"]))} for r in rows]


def fund_totals_reconciled(*, fund_totals, transactions):
    """`fund_totals` annotated with `recorded`: what the recorded transactions of the same fund, of the type
    the published figure measures, add up to (US cents) up to its date; and `difference` (recorded − published).
    One query (a correlated subquery per row)."""
    def recorded(kind):
        summed = (transactions.filter(flow__recipient_id=OuterRef("recipient_id"),
                                      flow__mission_id=OuterRef("mission_id"), date__lte=OuterRef("as_of"), type=kind)
                  .values("flow__recipient_id").annotate(total=Sum("usd_value")).values("total"))
        return Coalesce(Subquery(summed, output_field=BigIntegerField()), Value(0), output_field=BigIntegerField())

    return fund_totals.annotate(
        recorded=Case(*[When(measure=m, then=recorded(t)) for m, t in FundTotal.TYPES.items()],
                      output_field=BigIntegerField()),
    ).annotate(difference=F("recorded") - F("usd_value"))

