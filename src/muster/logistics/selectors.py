"""Reads of logistics: fleet readiness at a date and over time, downtime, overdue work orders, shipments in
transit, personnel by site (from the nominal roll's postings where a contingent keeps one, else from its
assignments). Each is one SQL query with the arithmetic in the database.

Readiness at a date D: each vehicle's status is its latest status dated on or before D. The fleet at D is
every vehicle with such a status other than "written off"; the mission-capable are those "operational".
A vehicle with no status yet by D is not counted (it has not entered service in the records). By site, a vehicle
counts at the site of its latest basing dated on or before D (not where it is based today), and under "—" when it
had no basing yet by D.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from muster.force.models import Contingent, DutyStatus, Tour
from muster.force.selectors import _tours_on_roll, duty_status_on

from .models import Posting, Site, SiteAssignment, Vehicle, VehicleBasing, VehicleStatus

OPERATIONAL = VehicleStatus.Status.OPERATIONAL
WRITTEN_OFF = VehicleStatus.Status.WRITTEN_OFF


@dataclass
class Readiness:
    key: object  # None for the whole fleet, else the type code or site id
    label: str
    fleet: int
    ready: int

    @property
    def share(self):
        """Mission-capable share of the fleet, 0..1, or None when the fleet is empty."""
        return self.ready / self.fleet if self.fleet else None

    @property
    def not_ready(self):
        return self.fleet - self.ready


class StatusOn(Expression):
    """Each vehicle's status on a date: its latest status dated on or before it, read newest-first from the
    covering index vehiclestatus_covering (vehicle, since, status) — one index probe per vehicle on both databases.

    The SQL of `Subquery(VehicleStatus.objects.filter(vehicle=OuterRef("pk"), since__lte=on).order_by("-since")
    .values("status")[:1])`, written out: Django builds it in a fraction of the time, which at one mission's few
    hundred vehicles is most of the selector's cost (bench/fleet.py). It refers to the outer query's vehicle
    table by name, as the vehicle querysets passed to the selectors leave it.
    """

    output_field = CharField()

    def __init__(self, on):
        super().__init__()
        self.on = on

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        status, vehicle = quote(VehicleStatus._meta.db_table), quote(Vehicle._meta.db_table)
        return (f"(SELECT s.status FROM {status} s WHERE s.vehicle_id = {vehicle}.id AND s.since <= %s "
                "ORDER BY s.since DESC LIMIT 1)", [connection.ops.adapt_datefield_value(self.on)])

    def get_group_by_cols(self):
        return [self]


def _status_on(on):
    return StatusOn(on)


class BasingOn(Expression):
    """Each vehicle's site (id) on a date: the site of its latest basing dated on or before it, read newest-first
    from the covering index vehiclebasing_covering (vehicle, since, site); NULL before its first basing. Written
    out like StatusOn, for the same reason, and referring to the outer vehicle table by name like it."""

    output_field = IntegerField()

    def __init__(self, on):
        super().__init__()
        self.on = on

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        basing, vehicle = quote(VehicleBasing._meta.db_table), quote(Vehicle._meta.db_table)
        return (f"(SELECT b.site_id FROM {basing} b WHERE b.vehicle_id = {vehicle}.id AND b.since <= %s "
                "ORDER BY b.since DESC LIMIT 1)", [connection.ops.adapt_datefield_value(self.on)])

    def get_group_by_cols(self):
        return [self]


def _by_site(vehicles, dates):
    """Readiness of `vehicles` by site at each of `dates`: [[Readiness per site] per date]. One query.

    For each date the database counts vehicles by (site of the latest basing, latest status), each a probe of
    its covering index per vehicle; the dates' counts are joined by UNION ALL, and the site names by a join on
    those few grouped rows, not on every vehicle (Django cannot join on a subquery's value, so the grouped
    queries Django builds are wrapped here in that SQL).
    """
    parts, params = [], []
    connection = connections[vehicles.db]
    for point, day in enumerate(dates):
        grouped = (vehicles.order_by().annotate(site_on=BasingOn(day), status_on=StatusOn(day))
                   .values("site_on", "status_on").annotate(n=Count("pk")))
        try:
            sql, part_params = grouped.query.get_compiler(using=vehicles.db).as_sql()
        except EmptyResultSet:  # a queryset that can hold nothing (none()): no vehicle on any date
            return [[] for _day in dates]
        parts.append(f"SELECT {point} AS point, g{point}.site_on, g{point}.status_on, g{point}.n FROM ({sql}) g{point}")
        params.extend(part_params)
    site = connection.ops.quote_name(Site._meta.db_table)
    sql = (f"SELECT u.point, u.site_on, st.name, u.status_on, u.n FROM ({' UNION ALL '.join(parts)}) u "
           f"LEFT JOIN {site} st ON st.id = u.site_on")
    counts = [{} for _day in dates]
    labels = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for point, site_id, name, status, n in cursor.fetchall():
            if status is None or status == WRITTEN_OFF:
                continue
            labels.setdefault(site_id, name or "—")
            fleet, ready = counts[point].get(site_id, (0, 0))
            counts[point][site_id] = (fleet + n, ready + (n if status == OPERATIONAL else 0))
    return [sorted((Readiness(key, labels[key], fleet, ready) for key, (fleet, ready) in by_site.items()),
                   key=lambda r: (r.key is None, r.label)) for by_site in counts]


def _counts(status_field):
    return {"fleet": Count("pk", filter=Q(**{f"{status_field}__isnull": False}) & ~Q(**{status_field: WRITTEN_OFF})),
            "ready": Count("pk", filter=Q(**{status_field: OPERATIONAL}))}


def fleet_readiness(*, vehicles, on, by=None):
    """Readiness of `vehicles` (a restricted queryset, e.g. one mission's) on `on`: one row per type, per site,
    or (by=None) one row for the whole fleet. One query.

    By site, each vehicle counts at the site of its latest basing on `on` (key: the site's id; "—" and key None for
    vehicles not based anywhere yet), so a vehicle moved since counts where it was that day (_by_site).

    The database counts vehicles by (group, status on the date); the few rows (groups × 4 statuses) are folded
    here. Grouping on the status subquery evaluates it once per vehicle, where a filtered count per figure would
    evaluate it once per figure, and it is also the cheaper query for Django to build (bench/fleet.py).
    """
    if by == "site":
        return _by_site(vehicles, [on])[0]
    group = {None: [], "type": ["type"]}[by]
    annotated = vehicles.order_by().annotate(status_on=_status_on(on))
    counts, labels = {}, dict(Vehicle.Type.choices) if by == "type" else {}
    for row in annotated.values(*group, "status_on").annotate(n=Count("pk")):  # unordered since order_by() above
        if row["status_on"] is None or row["status_on"] == WRITTEN_OFF:
            continue
        key = row[group[0]] if group else None
        fleet, ready = counts.get(key, (0, 0))
        counts[key] = (fleet + row["n"], ready + (row["n"] if row["status_on"] == OPERATIONAL else 0))
    if by is None:
        return [Readiness(None, "", *counts.get(None, (0, 0)))]
    rows = [Readiness(key, str(labels.get(key, key)), fleet, ready) for key, (fleet, ready) in counts.items()]
    return sorted(rows, key=lambda r: str(r.key))


def readiness_series(*, vehicles, dates, by=None):
    """Readiness of `vehicles` at each of `dates`, in one query: one status subquery per date.

    by=None: one Readiness per date (key: the date). by="site": [(date, [Readiness per site])], each vehicle at the
    site of its latest basing on that date (see fleet_readiness).
    """
    dates = list(dates)
    if not dates:
        return []
    if by == "site":
        return list(zip(dates, _by_site(vehicles, dates), strict=True))
    annotations = {f"s{i}": _status_on(day) for i, day in enumerate(dates)}
    aggregates = {}
    for i in range(len(dates)):
        counts = _counts(f"s{i}")
        aggregates[f"fleet{i}"], aggregates[f"ready{i}"] = counts["fleet"], counts["ready"]
    totals = vehicles.order_by().annotate(**annotations).aggregate(**aggregates)
    return [Readiness(day, day.isoformat(), totals[f"fleet{i}"], totals[f"ready{i}"]) for i, day in enumerate(dates)]


def month_ends(*, end, months=12):
    """The last day of each of the `months` months up to `end` (the last point is `end` itself)."""
    points = [end]
    day = end.replace(day=1) - datetime.timedelta(days=1)
    while len(points) < months:
        points.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return sorted(points)


def _downtime(on):
    """How long a work order kept its vehicle off the road up to `on` (open orders count to `on`), as a
    duration: a date subtraction Django writes for each database (an interval on PostgreSQL, microseconds on
    SQLite)."""
    end = Least(Coalesce("closed", Value(on), output_field=DateField()), Value(on), output_field=DateField())
    return ExpressionWrapper(end - F("opened"), output_field=DurationField())


def _days(rows):
    for row in rows:
        row["days"] = row["days"].days if row["days"] is not None else 0
    return rows


def downtime_by_vehicle(*, work_orders, on):
    """Per vehicle: work orders, days off the road, cost (US cents) of the orders opened on or before `on`."""
    return _days(list(work_orders.filter(opened__lte=on).order_by()
                .values("vehicle", "vehicle__registration", "vehicle__type")
                .annotate(orders=Count("pk"), days=Sum(_downtime(on)), cost=Coalesce(Sum("cost"), 0))
                .order_by("-days", "vehicle__registration")))


def downtime_by_contract(*, work_orders, on):
    """Per maintenance contract: work orders, vehicles, days off the road, cost (US cents)."""
    return _days(list(work_orders.filter(opened__lte=on).order_by()
                .values("contract", "contract__title")
                .annotate(orders=Count("pk"), vehicles=Count("vehicle", distinct=True), days=Sum(_downtime(on)),
                          cost=Coalesce(Sum("cost"), 0))
                .order_by("contract__title")))


def work_orders_overdue(*, work_orders, on):
    """Work orders still open on `on` whose due date has passed, longest overdue first."""
    return (work_orders.filter(opened__lte=on, due__lt=on).filter(Q(closed__isnull=True) | Q(closed__gt=on))
            .select_related("vehicle", "contract").order_by("due", "pk"))


def shipments_in_transit(*, shipments, on):
    """Shipments that had left by `on` and were not yet received on it."""
    return (shipments.filter(shipped__lte=on).filter(Q(received__isnull=True) | Q(received__gt=on))
            .exclude(status="lost").select_related("donor", "destination").order_by("shipped", "pk"))


def posting_site_on(on):
    """The site of the outer tour on `on`: its latest posting by then; None if it was posted nowhere yet."""
    return Subquery(Posting.objects.filter(tour=OuterRef("pk"), since__lte=on).order_by("-since").values("site")[:1])


def posted_tours(tours, *, site, mission, on):
    """`tours` posted at `site` on `on`: on the roll of `mission` that day, in strength (their duty status), and at
    this site by their latest posting — the roll's own definitions (force.selectors). Read from the postings at
    this site (its index), not from the whole roll. A tour posted here twice appears twice: count it distinct."""
    candidates = tours.filter(postings__site=site, postings__since__lte=on)
    return (_tours_on_roll(candidates, mission=mission, on=on).annotate(duty=duty_status_on(on),
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
    no tour: force.selectors.roll_contingents): where a roll exists, it alone says who is where."""
    assigned = (SiteAssignment.objects.filter(site=OuterRef("pk"), since__lte=on,
                                              contingent__in=contingents.values("pk"))
                .filter(Q(until__isnull=True) | Q(until__gte=on))
                .exclude(Exists(Tour.objects.filter(contingent=OuterRef("contingent"))))
                .order_by().values("site").annotate(total=Sum("personnel")).values("total"))
    return Coalesce(Subquery(assigned, output_field=IntegerField()), 0)


def sites_open(sites, *, on):
    """The sites of `sites` open on `on`: opened by then (or undated) and not yet closed."""
    return sites.filter(Q(opened__isnull=True) | Q(opened__lte=on)).filter(Q(closed__isnull=True) | Q(closed__gte=on))


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
                .values("pk", "name", "kind", "latitude", "longitude", "adm1__pcode", "adm1__name_en", "adm2__pcode",
                        "adm2__name_en", "opened", "closed", "posted", "assigned"))
    # Added and sorted here, not in SQL: an annotation made of the two would repeat both subqueries in the query.
    for row in rows:
        row["personnel"] = row["posted"] + row["assigned"]
    return sorted(rows, key=lambda row: (-row["personnel"], row["name"]))
