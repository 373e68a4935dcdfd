"""Reads of logistics: fleet readiness at a date and over time, downtime, overdue work orders, shipments in
transit. Each is one SQL query with the arithmetic in the database. (Personnel by site is the roll's:
force.selectors.personnel_by_site.)

Readiness at a date D: each vehicle's status is its latest status dated on or before D. The fleet at D is
every vehicle with such a status other than "written off"; the mission-capable are those "operational".
A vehicle with no status yet by D is not counted (it has not entered service in the records). By site, a vehicle
counts at the site of its latest basing dated on or before D (not where it is based today), and under "—" when it
had no basing yet by D.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Least

from muster.core.expressions import LatestOn
from muster.places.models import Site

from .models import Vehicle, VehicleBasing, VehicleStatus

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


def _status_on(on):
    """Each vehicle's status on `on`: its latest status by then (vehiclestatus_covering answers it)."""
    return LatestOn(VehicleStatus, key="vehicle", value="status", on=on)


def _basing_on(on):
    """Each vehicle's site (id) on `on`: the site of its latest basing by then (vehiclebasing_covering answers it);
    NULL before its first basing."""
    return LatestOn(VehicleBasing, key="vehicle", value="site", on=on)


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
        grouped = (vehicles.order_by().annotate(site_on=_basing_on(day), status_on=_status_on(day))
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
