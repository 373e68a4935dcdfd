"""Reads of operations: incidents and their killed by commune over a period (the map), per ISO week by event type
(the weekly chart), and an actor's or an area's incidents in order with their tolls (the timelines).

Every selector takes the reader and narrows the incidents it is given to those the reader may see before it counts
anything (`incidents_seen`: core.permissions.permission_filter through the restricted queryset), so a figure never
includes a record outside the reader's scope: a liaison's map counts the incidents shareable with contributing
countries and public ones, a donor's the public ones. Killed, wounded, missing and abducted are summed from the
tolls the reader may see (Toll's scope is its incident's: `_tolls_seen`). Each is one SQL query with the counting
in the database, whatever the size of the history.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    Expression,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncWeek

from muster.core.permissions import ALL, permission_filter

from .models import Incident, Toll

KILLED = Toll.Outcome.KILLED


def incidents_seen(user, incidents=None):
    """`incidents` (every incident when None) narrowed to those `user` may view: their scope by mission,
    classification and country, applied before anything is counted."""
    return (Incident.objects.all() if incidents is None else incidents).restrict(user, "view")


def _tolls_seen(user):
    """A condition on incidents for the tolls `user` may see among theirs: True for every toll, None for none, else
    an expression on the incident row.

    Asked of each incident by its key (EXISTS), so that a path through a many-to-many relation (the units' country)
    cannot repeat a toll in a sum, and the database probes one row per incident counted rather than scanning every
    incident."""
    return _tolls_expression(_tolls_condition(user))


def _tolls_expression(condition):
    if condition is None or condition is True:
        return condition
    return Exists(Incident.objects.filter(condition, pk=OuterRef("pk")))


def _tolls_condition(user, incidents_scope=None):
    """The tolls `user` may see as a condition on their incident: True for every toll, None for none, else a Q.
    `incidents_scope`: the reader's permission_filter on incidents, where the caller has it already.

    Toll's scope paths are its incident's, each behind `incident__` (a liaison's tolls are those of incidents
    shareable or public): the reader's condition on tolls is rebased onto the incident."""
    condition = permission_filter(user, Toll, "view")
    if condition is None or condition is ALL:
        return None if condition is None else True
    rebased = _rebased(condition, "incident__")
    if rebased is None:
        return None
    if incidents_scope is None:
        incidents_scope = permission_filter(user, Incident, "view")
    if rebased == incidents_scope:
        return True  # granted alike (every standard role): the tolls of the incidents they see are theirs to see
    return rebased


def _rebased(condition, prefix):
    """`condition` (a Q on tolls) on their incident instead: each lookup without `prefix`; None (nothing) when a
    lookup does not start with it, so a scope path not through the incident grants nothing here (fail closed)."""
    children = []
    for child in condition.children:
        if isinstance(child, Q):
            child = _rebased(child, prefix)
            if child is None:
                return None
        else:
            lookup, value = child
            if not lookup.startswith(prefix):
                return None
            child = (lookup.removeprefix(prefix), value)
        children.append(child)
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def _in_period(incidents, start, end):
    return incidents.filter(date__gte=start, date__lte=end)


@dataclass
class AreaFigures:
    """Incidents and killed in one commune (or, for incidents placed only in a department, in that department with
    `adm2_id` None; or unplaced, both None) over the period."""

    adm1_id: int | None
    adm2_id: int | None
    incidents: int
    killed: int | None  # None where the reader may not see the tolls


def incidents_by_commune(*, user, start, end, incidents=None):
    """Incidents and killed (every group's killed tolls together) by commune from `start` to `end` (the mission's
    days, both included), of `incidents` (a mission's, narrowed by the page's filters) that `user` may see. One
    query: the incidents of the period through the (mission, date, commune) index, each incident's killed summed
    by a subquery on its tolls, grouped by commune.

    Building that query with the ORM took ten times as long as the database took to answer it for a mission of a
    few dozen incidents a quarter (bench/incidents.py): its SQL is compiled once per filter shape (_aggregation_sql)
    and only the period's days are bound at each call."""
    incidents = Incident.objects.all() if incidents is None else incidents
    try:
        sql, template, with_killed = _aggregation_sql(user, incidents)
    except EmptyResultSet:  # the reader may see none of these incidents, or the filters hold none
        return []
    bounds = {"start": start, "end": end}
    connection = connections[incidents.db]
    params = [connection.ops.adapt_datefield_value(bounds[p.bound]) if isinstance(p, _PeriodBound) else p
              for p in template]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not with_killed:
        return [AreaFigures(adm1, adm2, n, None) for adm1, adm2, n in rows]
    # int(): PostgreSQL sums a bigint subquery as numeric.
    return [AreaFigures(adm1, adm2, n, int(killed or 0)) for adm1, adm2, n, killed in rows]


class _PeriodBound(Expression):
    """The period's first or last day in the aggregation's compiled SQL: its parameter is left as this placeholder,
    which each call replaces with its own day."""

    def __init__(self, bound):
        super().__init__(output_field=DateField())
        self.bound = bound

    def as_sql(self, compiler, connection):
        return "%s", [self]


# The commune aggregation's SQL by filter shape: {(database, the incidents' own conditions as compiled with their
# values, the reader's scope on incidents and on tolls): (SQL, parameters with _PeriodBound placeholders, whether it
# sums the killed)}. The scope is part of the key and its values are in the SQL, so two readers share an entry only
# when they are granted the same rows. A few entries per mission and set of grants; emptied when it grows past
# COMPILED_MAX (a page asked with many filters' combinations).
_COMPILED = {}
COMPILED_MAX = 512


def _aggregation_sql(user, incidents):
    """(SQL, parameters, with killed) of the commune aggregation of `incidents` seen by `user`, from _COMPILED or
    compiled by the ORM. Raises EmptyResultSet when it can hold no incident."""
    scope = permission_filter(user, Incident, "view")
    if scope is None:
        raise EmptyResultSet
    tolls = _tolls_condition(user, scope)
    key = _filter_shape(incidents)
    if key is not None:
        # Q.identity, the tuple a Q compares and hashes by, made once here rather than at each comparison.
        key = (incidents.db, *key, "all" if scope is ALL else scope.identity,
               tolls.identity if isinstance(tolls, Q) else tolls)
        compiled = _COMPILED.get(key)
        if compiled is not None:
            return compiled
    seen = (_in_period(incidents_seen(user, incidents), _PeriodBound("start"), _PeriodBound("end"))
            .order_by().values("adm1", "adm2"))
    if tolls is None:
        rows = seen.annotate(n=Count("pk"))
    else:
        rows = seen.annotate(n=Count("pk"), killed=Sum(_killed(_tolls_expression(tolls))))
    sql, template = rows.query.get_compiler(using=incidents.db).as_sql()
    compiled = (sql, tuple(template), tolls is not None)
    if key is not None:
        if len(_COMPILED) >= COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    return compiled


def _filter_shape(incidents):
    """The conditions of `incidents` (a queryset of incidents filtered on their own columns) as SQL and parameters,
    which say exactly which incidents it holds; None for a queryset that is more than filters on the incidents'
    table (joins, annotations, slices…), which is compiled whole each time. Raises EmptyResultSet when it can hold
    none."""
    query = incidents.query
    tables = [alias for alias, references in query.alias_refcount.items() if references]  # joins trimmed: 0
    if (len(tables) > 1 or query.annotations or query.extra or query.extra_tables or query.distinct
            or query.is_sliced or query.combinator or query.select or query.model is not Incident):
        return None
    try:
        sql, params = query.get_compiler(using=incidents.db).compile(query.where)
    except FullResultSet:  # no condition: every incident
        sql, params = "", ()
    params = tuple(params)
    try:
        hash(params)
    except TypeError:
        return None
    return sql, params


# An incident's killed (its killed tolls summed), as a correlated subquery on the outer query's incident: summed per
# incident before the grouping by commune, where a join would repeat the incident once per toll and need
# COUNT(DISTINCT). SUM is written as a plain function: as an aggregate, Django would group the subquery by the
# incident, for nothing. Built once: every call resolves a copy of it, and building it anew was a fifth of the
# selector's own time (bench/incidents.py).
KILLED_OF_INCIDENT = Subquery(Toll.objects.order_by().filter(incident=OuterRef("pk"), outcome=KILLED)
                              .values(total=Func("count", function="SUM")), output_field=IntegerField())


def _killed(tolls):
    """An incident's killed among the tolls the reader may see (`_tolls_seen`)."""
    if tolls is not True:  # the reader sees some tolls only: those of incidents their condition holds
        return Case(When(tolls, then=KILLED_OF_INCIDENT), default=Value(0), output_field=IntegerField())
    return KILLED_OF_INCIDENT


@dataclass
class MapPointFigures:
    latitude: object
    longitude: object
    incidents: int
    location: str


def incident_points(*, user, start, end, incidents=None):
    """The incidents with coordinates from `start` to `end` that `user` may see, counted by point (several
    incidents at one named place make one dot), with a name of the place. One query."""
    seen = _in_period(incidents_seen(user, incidents), start, end).order_by().filter(latitude__isnull=False)
    rows = seen.values("latitude", "longitude").annotate(n=Count("pk"), place=Max("location"))
    return [MapPointFigures(r["latitude"], r["longitude"], r["n"], r["place"]) for r in rows]


def week_start(day):
    """The Monday of `day`'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class WeeklyCounts:
    weeks: list  # the Mondays of the period's ISO weeks, in order, every one (weeks without incidents too)
    event_types: list  # the event types counted, most incidents first
    counts: dict  # {(Monday, event type): incidents}

    def series(self, event_type):
        return [self.counts.get((week, event_type), 0) for week in self.weeks]

    def week_counts(self, week):
        return [self.counts.get((week, event_type), 0) for event_type in self.event_types]

    def week_total(self, week):
        return sum(self.counts.get((week, event_type), 0) for event_type in self.event_types)

    @property
    def type_totals(self):
        return [sum(self.series(event_type)) for event_type in self.event_types]

    @property
    def total(self):
        return sum(self.counts.values())


def incidents_by_week(*, user, start, end, incidents=None):
    """Incidents per ISO week (Monday to Sunday, the mission's days) by event type (ACLED's event type, its sub-types
    together), from `start` to `end`, of `incidents` that `user` may see. One query; a week partly outside the
    period counts only its days inside."""
    seen = _in_period(incidents_seen(user, incidents), start, end).order_by()
    rows = (seen.annotate(week=TruncWeek("date")).values("week", "event_type__event_type")
            .annotate(n=Count("pk")))
    counts, totals = {}, {}
    for row in rows:
        week = row["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        counts[(week, row["event_type__event_type"])] = row["n"]
        totals[row["event_type__event_type"]] = totals.get(row["event_type__event_type"], 0) + row["n"]
    weeks = []
    week = week_start(start)
    while week <= end:
        weeks.append(week)
        week += datetime.timedelta(days=7)
    return WeeklyCounts(weeks=weeks, event_types=sorted(totals, key=lambda t: (-totals[t], t)), counts=counts)


def involving(actors):
    """A condition on incidents: any of `actors` on either side or associated with either. Subqueries rather than
    joins for the associated ones: a join on either many-to-many would repeat an incident once per actor."""
    return (Q(actor1__in=actors) | Q(actor2__in=actors)
            | Q(pk__in=Incident.associated_actors1.through.objects.filter(actor__in=actors).values("incident"))
            | Q(pk__in=Incident.associated_actors2.through.objects.filter(actor__in=actors).values("incident")))


def incident_timeline(*, user, incidents):
    """`incidents` that `user` may see, oldest first, each with its killed, wounded, missing and abducted (the tolls
    the reader may see, every group together; None where they may see none) and what a line of the timeline names:
    its type, place, actors and mission. One query for any page of it."""
    seen = incidents_seen(user, incidents).select_related("mission", "event_type", "adm1", "adm2", "actor1", "actor2")
    tolls = _tolls_seen(user)
    figures = {}
    for outcome in Toll.Outcome.values:
        if tolls is None:
            figures[outcome] = Value(None, output_field=IntegerField())
        else:
            # The condition on the tolls seen is on the incident itself, each incident a group of its own.
            figures[outcome] = Coalesce(Sum("tolls__count", filter=Q(tolls__outcome=outcome) if tolls is True
                                           else Q(tolls, tolls__outcome=outcome)), 0)
    return seen.annotate(**figures).order_by("date", "pk")

