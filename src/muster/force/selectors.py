"""Reads and aggregates of the force: strength at a date, over time, and against published claims.

Every aggregate is one SQL query, whatever the number of movements: the database sums, Python only
arranges the few grouped rows that come back.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from muster.core.expressions import LatestOn
from muster.missions.models import PersonnelCategory
from muster.places.models import AREA_NAMES, area_name_of
from muster.sources.models import Claim

from .models import Contingent, DutyStatus, GenderTarget, Movement, Posting, SiteAssignment, Tour, signed

SEX_FIELDS = ("men", "women", "unknown")

# The groupings strength can be asked for, and the column of Movement each reads.
GROUPINGS = {
    "country": "contingent__country_id",
    "category": "contingent__category",
    "contingent": "contingent_id",
}


@dataclass
class StrengthRow:
    total: int
    men: int
    women: int
    unknown: int
    country: str | None = None
    country_name: str | None = None
    category: str | None = None
    contingent: int | None = None

    @property
    def women_share(self):
        """Women as a share of the whole; a lower bound while some personnel's sex is unknown."""
        return self.women / self.total if self.total else None

    @property
    def category_label(self):
        return PersonnelCategory(self.category).label if self.category else ""


@dataclass
class Strength:
    mission: object
    on: datetime.date
    rows: list = field(default_factory=list)

    @property
    def total(self):
        return sum(r.total for r in self.rows)

    def _sum(self, name):
        return sum(getattr(r, name) for r in self.rows)

    @property
    def men(self):
        return self._sum("men")

    @property
    def women(self):
        return self._sum("women")

    @property
    def unknown(self):
        return self._sum("unknown")

    @property
    def women_share(self):
        return self.women / self.total if self.total else None


def strength_at(*, mission, on, by=("country", "category"), movements=None):
    """Personnel of `mission` at the end of day `on`, grouped `by` country, category and/or contingent.

    One query. Men, women and sex unknown are columns of every row; groups whose strength is nil on
    that date are left out. `movements` is the queryset to sum (pass `Movement.objects.restrict(user)`
    so a user sees only the strength of the contingents they may see).
    """
    columns = [GROUPINGS[name] for name in by]
    queryset = (movements if movements is not None else Movement.objects.all()).filter(
        contingent__mission=mission, date__lte=on
    )
    aggregates = {"total": Sum(signed("count"))} | {name: Sum(signed(name)) for name in SEX_FIELDS}
    if "country" in by:
        # The name rides along as an aggregate: grouping by it would sort every movement on text.
        aggregates["country_name"] = Min("contingent__country__name")
    grouped = queryset.values(*columns).annotate(**aggregates).exclude(total=0).order_by()
    rows = [
        StrengthRow(total=values["total"], men=values["men"], women=values["women"], unknown=values["unknown"],
                    country=values.get("contingent__country_id"), country_name=values.get("country_name"),
                    category=values.get("contingent__category"), contingent=values.get("contingent_id"))
        for values in grouped
    ]
    # A few grouped rows, put in the order people read them: countries by name, then category.
    rows.sort(key=lambda r: (r.country_name or "", r.category or "", r.contingent or 0))
    return Strength(mission=mission, on=on, rows=rows)


# What moved, by kind, in a report's period (the SITREP's strength lines): each name sums the kinds it lists.
CHANGE_KINDS = {
    "arrived": (Movement.Kind.ARRIVAL,), "departed": (Movement.Kind.DEPARTURE,),
    "rotated_in": (Movement.Kind.ROTATION_IN,), "rotated_out": (Movement.Kind.ROTATION_OUT,),
    "transferred_in": (Movement.Kind.TRANSFER_IN,), "transferred_out": (Movement.Kind.TRANSFER_OUT,),
    "casualties": (Movement.Kind.KILLED, Movement.Kind.MISSING, Movement.Kind.MEDEVAC),
}


@dataclass
class StrengthChange:
    """One contingent over a period: its strength at the end of the day before, each kind of movement in it
    (CHANGE_KINDS), its strength at the end."""

    contingent: int
    country: str
    country_name: str
    category: str
    before: int
    after: int
    moved: dict


def strength_changes(*, mission, after, on, movements=None):
    """Per contingent of `mission`: strength at the end of day `after`, the movements of each kind (CHANGE_KINDS) on
    the days after it up to `on` inclusive, and strength at the end of `on`. One query, whatever the history's size.

    Contingents with nobody before and nothing moving in the period are left out; the rest come by country name and
    category. `movements` is the queryset to sum (all of them for the system)."""
    window = Q(date__gt=after)
    aggregates = {"before": Coalesce(Sum(signed("count"), filter=Q(date__lte=after)), 0),
                  "net": Coalesce(Sum(signed("count"), filter=window), 0),
                  "country_name": Min("contingent__country__name")}
    aggregates |= {name: Coalesce(Sum("count", filter=window & Q(kind__in=kinds)), 0)
                   for name, kinds in CHANGE_KINDS.items()}
    grouped = ((movements if movements is not None else Movement.objects.all())
               .filter(contingent__mission=mission, date__lte=on)
               .values("contingent_id", "contingent__country_id", "contingent__category")
               .annotate(**aggregates).order_by())
    changes = [StrengthChange(contingent=row["contingent_id"], country=row["contingent__country_id"],
                              country_name=row["country_name"], category=row["contingent__category"],
                              before=row["before"], after=row["before"] + row["net"],
                              moved={name: row[name] for name in CHANGE_KINDS})
               for row in grouped if row["before"] or any(row[name] for name in CHANGE_KINDS)]
    return sorted(changes, key=lambda c: (c.country_name, c.category, c.contingent))


def mission_part_seen(*, contingents, mission):
    """What part of `mission` the `contingents` a user may see are: "Guatemala’s contingents" when they are only
    some of the mission's (a liaison's own country's), None when they are all of them. Two small queries.

    A report for such a user never calls its totals the mission's, nor measures them against the mission's ceiling.
    """
    from django.utils.translation import gettext as _

    seen = contingents.filter(mission=mission)
    if not Contingent.objects.filter(mission=mission).exclude(pk__in=seen.values("pk")).exists():
        return None
    names = sorted(set(seen.values_list("country__name", flat=True)))
    if not names:
        return _("no contingent you may see")
    return _("%(countries)s’s contingents") % {"countries": _(" and ").join(names)}


def roll_total_label(part):
    """The label of the total of the contingents that keep a roll, for the whole mission or a `part` of it."""
    from django.utils.translation import gettext as _

    if part:
        return _("Total of %(part)s with a roll") % {"part": part}
    return _("Mission total (contingents with a roll)")


def strength_series(*, mission, points, by="country", movements=None):
    """Strength at each date of `points`, per `by` group: {point: {group: total}}. One query.

    Each movement falls in the bucket of the first point on or after its date; the buckets are
    summed by the database and accumulated here, so the cost is one pass over the mission's
    movements whatever the number of points.
    """
    points = sorted(set(points))
    if not points:
        return {}
    bucket = Case(*[When(date__lte=p, then=Value(i)) for i, p in enumerate(points)], output_field=IntegerField())
    group_column = GROUPINGS[by]
    queryset = (movements if movements is not None else Movement.objects.all()).filter(
        contingent__mission=mission, date__lte=points[-1]
    )
    buckets = (
        queryset.annotate(bucket=bucket).values("bucket", group_column)
        .annotate(net=Sum(signed("count"))).order_by("bucket")
    )
    net = {}
    groups = set()
    for row in buckets:
        net[(row["bucket"], row[group_column])] = row["net"]
        groups.add(row[group_column])
    series, running = {}, dict.fromkeys(groups, 0)
    for i, point in enumerate(points):
        for group in groups:
            running[group] += net.get((i, group), 0)
        series[point] = dict(running)
    return series


def _claim_computed(metric_value, extra):
    """A correlated subquery: what the movements give for the claim in the outer query."""
    claim_countries = Claim.countries.through.objects.filter(claim_id=OuterRef(OuterRef("pk")))
    summed = (
        Movement.objects.filter(contingent__mission_id=OuterRef("mission_id"))
        .filter(Q(Exact(OuterRef("category"), Value(""))) | Q(contingent__category=OuterRef("category")))
        .filter(~Exists(claim_countries) | Q(contingent__country_id__in=claim_countries.values("country_id")))
        .filter(extra)
        .values("contingent__mission_id")
        .annotate(value=Sum(metric_value))
        .values("value")
    )
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def claims_reconciled(*, claims, user=None):
    """`claims` annotated with `computed` (what the movements give for the same subject and date).

    One query: each metric is a correlated subquery over the movements, chosen by the claim's metric.
    `difference` is computed minus claimed; planned-strength claims have no computed value.

    For a `user` (None: the system, everything) who may not see every movement, a claim's computed figure is
    shown only when it sums movements the user may see all of: a claim naming its countries, each of them one
    whose movements the user sees. Otherwise `computed` and `difference` are None and `figure_hidden` is True (a
    liaison reading a claim about Guatemala and Kenya together would otherwise learn Kenya's strength).
    """
    up_to_claim = Q(date__lte=OuterRef("as_of"))
    on_claim_day = Q(date=OuterRef("as_of"), kind__in=Movement.INWARD)
    hidden = _claim_figure_hidden(user)
    computed = Case(
        When(metric=Claim.Metric.STRENGTH, then=_claim_computed(signed("count"), up_to_claim)),
        When(metric=Claim.Metric.WOMEN, then=_claim_computed(signed("women"), up_to_claim)),
        When(metric=Claim.Metric.MEN, then=_claim_computed(signed("men"), up_to_claim)),
        When(metric=Claim.Metric.ARRIVED, then=_claim_computed(F("count"), on_claim_day)),
        default=None,
        output_field=IntegerField(),
    )
    if hidden is not None:
        computed = Case(When(hidden, then=None), default=computed, output_field=IntegerField())
    return claims.annotate(
        computed=computed,
        figure_hidden=ExpressionWrapper(hidden if hidden is not None else Value(False),
                                        output_field=BooleanField()),
    ).annotate(
        difference=Case(When(computed__isnull=False, then=F("computed") - F("value")),
                        default=None, output_field=IntegerField())
    )


def _claim_figure_hidden(user):
    """The condition under which a claim's computed figure covers movements `user` may not see; None: never."""
    from muster.core.permissions import ALL, permission_filter

    if user is None or permission_filter(user, Movement, "view") is ALL:
        return None
    seen_countries = Movement.objects.restrict(user, "view").values("contingent__country_id")
    countries = Claim.countries.through.objects.filter(claim_id=OuterRef("pk"))
    return Q(~Exists(countries)) | Q(Exists(countries.exclude(country_id__in=seen_countries)))


# --- The nominal roll --------------------------------------------------------------------------------------
# Each selector below is one SQL query over the tours (and the duty-status index), whatever the size of the
# roll. `tours` is the queryset to read: `Tour.objects.restrict(user, "view")` for someone who may see the
# roll, or every tour of the contingents a user may see when only aggregates leave the database.


def tours_on_roll(tours, *, mission, on):
    """Tours of `mission` (a mission or an expression of one) on the roll at the end of day `on`: arrived by then,
    not yet departed."""
    return (tours if tours is not None else Tour.objects.all()).filter(
        Q(departure__isnull=True) | Q(departure__gt=on), contingent__mission=mission, arrival__lte=on,
    )


def duty_status_on(on):
    """The status of the outer tour on `on`: its latest duty status by then, present if none was recorded."""
    return Coalesce(LatestOn(DutyStatus, key="tour", value="status", on=on), Value(DutyStatus.Status.PRESENT))


@dataclass
class RollCount:
    """How many people of one contingent, of one sex, had one duty status on a date."""

    contingent: int
    status: str
    sex: str
    count: int


def roll_counts_at(*, mission, on, tours=None):
    """Everyone on the roll of `mission` at the end of `on`, counted by contingent, duty status and sex. One query."""
    grouped = (
        tours_on_roll(tours, mission=mission, on=on).annotate(duty=duty_status_on(on))
        .values("contingent_id", "duty", "person__sex").annotate(n=Count("pk")).order_by()
    )
    return [RollCount(contingent=r["contingent_id"], status=r["duty"], sex=r["person__sex"], count=r["n"])
            for r in grouped]


def roll_changes_between(*, mission, after, on, tours=None):
    """Per contingent: arrivals and departures on the days after `after` up to `on` inclusive. One query.

    {contingent id: (arrived, departed)}; a contingent with neither is left out.
    """
    window_arrival = Q(arrival__gt=after, arrival__lte=on)
    window_departure = Q(departure__gt=after, departure__lte=on)
    grouped = (
        (tours if tours is not None else Tour.objects.all())
        .filter(window_arrival | window_departure, contingent__mission=mission)
        .values("contingent_id")
        .annotate(arrived=Count("pk", filter=window_arrival), departed=Count("pk", filter=window_departure))
        .order_by()
    )
    return {r["contingent_id"]: (r["arrived"], r["departed"]) for r in grouped}


ROTATION_HORIZONS = (30, 60, 90)


def rotation_due(*, mission, on, tours=None, horizons=ROTATION_HORIZONS):
    """Per contingent: people on the roll whose tour is planned to end within each horizon (days). One query.

    {contingent id: {30: n, 60: n, 90: n}}, counted cumulatively (the 60 includes the 30). A tour already
    past its planned end and not yet departed is overdue, and counted in every horizon.
    """
    aggregates = {f"within_{days}": Count("pk", filter=Q(planned_end__lte=on + datetime.timedelta(days=days)))
                  for days in horizons}
    grouped = (
        tours_on_roll(tours, mission=mission, on=on)
        .filter(planned_end__lte=on + datetime.timedelta(days=max(horizons)))
        .values("contingent_id").annotate(**aggregates).order_by()
    )
    return {r["contingent_id"]: {days: r[f"within_{days}"] for days in horizons} for r in grouped}


def roll_contingents(*, mission, tours=None):
    """Ids of the contingents of `mission` that keep a nominal roll (have at least one tour). One query."""
    queryset = tours if tours is not None else Tour.objects.all()
    # order_by(): Tour's default ordering would otherwise join the DISTINCT and return every tour of the mission.
    return set(queryset.filter(contingent__mission=mission).values_list("contingent_id", flat=True)
               .order_by().distinct())


def gender_targets_for(*, mission, on):
    """{category: GenderTarget} in force for `mission` on `on`: its own where it has one, else the default.

    The target for the soonest year not yet past (else the latest); one query.
    """
    def preference(target):  # the mission's own first; then the nearest year still ahead; then the latest
        ahead = target.target_year >= on.year
        return (target.mission_id is None, not ahead, target.target_year if ahead else -target.target_year)

    targets = {}
    for target in GenderTarget.objects.filter(Q(mission=mission) | Q(mission__isnull=True)).select_related("source"):
        if target.category not in targets or preference(target) < preference(targets[target.category]):
            targets[target.category] = target
    return targets


# --- Who is where ------------------------------------------------------------------------------------------
# People are counted at a site from the roll's postings where a contingent keeps a roll, else from its
# assignments (N of a contingent at a site); only aggregates leave the database.


def posting_site_on(on):
    """The site (id) of the outer tour on `on`: its latest posting by then; None if it was posted nowhere yet."""
    return LatestOn(Posting, key="tour", value="site", on=on)


def posted_tours(tours, *, site, mission, on):
    """`tours` posted at `site` on `on`: on the roll of `mission` that day, in strength (their duty status), and at
    this site by their latest posting — the roll's own definitions (above). Read from the postings at
    this site (its index), not from the whole roll. A tour posted here twice appears twice: count it distinct."""
    candidates = tours.filter(postings__site=site, postings__since__lte=on)
    return (tours_on_roll(candidates, mission=mission, on=on).annotate(duty=duty_status_on(on),
                                                                         at=posting_site_on(on))
            .filter(duty__in=DutyStatus.IN_STRENGTH, at=site))


def _posted_on(on, contingents):
    """How many people of the roll are posted at the outer site on `on` (posted_tours, counted in the database)."""
    tours = Tour.objects.filter(contingent__in=contingents.values("pk"))
    counted = (posted_tours(tours, site=OuterRef("pk"), mission=OuterRef("mission"), on=on)
               .order_by().values("contingent__mission").annotate(n=Count("pk", distinct=True)).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _assigned_on(on, contingents):
    """Personnel the outer site's assignments give on `on`, from the contingents that keep no nominal roll (have
    no tour: roll_contingents): where a roll exists, it alone says who is where."""
    assigned = (SiteAssignment.objects.filter(site=OuterRef("pk"), since__lte=on,
                                              contingent__in=contingents.values("pk"))
                .filter(Q(until__isnull=True) | Q(until__gte=on))
                .exclude(Exists(Tour.objects.filter(contingent=OuterRef("contingent"))))
                .order_by().values("site").annotate(total=Sum("personnel")).values("total"))
    return Coalesce(Subquery(assigned, output_field=IntegerField()), 0)


def personnel_by_site(*, sites, on, contingents=None):
    """Each site (a dict) with the personnel at it on `on`, most first. One query, whatever the size of the roll.

    `posted`: people of the nominal roll whose latest posting on `on` is this site, on the roll and in strength
    that day; `assigned`: the assignments (N of a contingent) of the contingents that keep no roll; `personnel`:
    both; all 0 after the site's mission ended (its open assignments end with it).
    A contingent is counted one way or the other, never twice. Only the people of `contingents` are
    counted (the contingents the reader may see, e.g. a liaison's own country's; None: all), from every tour of
    them, as aggregates: names never leave the database here. `sites` is the caller's restricted queryset.
    """
    contingents = Contingent.objects.all() if contingents is None else contingents
    # Nobody is at a site of a mission after it ended: an open assignment (or a tour never closed) ends with it.
    running = Q(mission__end__isnull=True) | Q(mission__end__gte=on)
    rows = list(sites.order_by().annotate(posted=Case(When(running, then=_posted_on(on, contingents)), default=0),
                                          assigned=Case(When(running, then=_assigned_on(on, contingents)), default=0))
                .values("pk", "name", "kind", "latitude", "longitude", "adm1__pcode", "adm2__pcode", "opened", "closed",
                        "posted", "assigned", *(f"{level}__{name}" for level in ("adm1", "adm2")
                                                for name in AREA_NAMES)))
    # Added and sorted here, not in SQL: an annotation made of the two would repeat both subqueries in the query.
    for row in rows:
        row["personnel"] = row["posted"] + row["assigned"]
        for level in ("adm1", "adm2"):  # the department's and commune's names in the reader's language
            row[f"{level}_name"] = area_name_of(row, f"{level}__")
    return sorted(rows, key=lambda row: (-row["personnel"], row["name"]))
