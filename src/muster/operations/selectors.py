"""Reads of operations: incidents and their killed by commune over a period (the map), per ISO week by event type
(the weekly chart), and an actor's or an area's incidents in order with their tolls (the timelines).

Every selector takes the reader and narrows the incidents it is given (a queryset; for the commune map, a mission
and its filters) to those the reader may see before it counts anything (`incidents_seen`:
core.permissions.permission_filter through the restricted queryset), so a figure never includes a record outside
the reader's scope: a liaison's map counts the incidents shareable with contributing countries and public ones, a
donor's the public ones. Killed, wounded, missing and abducted are summed from the tolls the reader may see (Toll's
scope is its incident's: `_tolls_seen`). Each is one SQL query with the counting in the database, whatever the size
of the history.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
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

from muster.core.permissions import ALL, kept_with_grants, permission_filter

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


def incidents_by_commune(*, user, start, end, mission, event_type=None, classification=(), using=DEFAULT_DB_ALIAS):
    """Incidents and killed (every group's killed tolls together) by commune from `start` to `end` (the mission's
    days, both included), of the incidents of `mission` (of `event_type` and of the `classification`s, when given:
    the page's filters) that `user` may see, in the database `using`. One query: the incidents of the period through
    the (mission, date, commune) index, each incident's killed summed by a subquery on its tolls, grouped by commune.

    Building that query with the ORM took ten times as long as the database took to answer it for a mission of a
    few dozen incidents a quarter (bench/incidents.py): its SQL is compiled once per filter shape and reader's scope
    (_aggregation_sql), and each call binds its mission, event type and period. The filters come as values rather
    than as a queryset for the same reason: making the caller's queryset and compiling its conditions into a key
    took longer than the database's answer."""
    classification = tuple(sorted(set(classification)))
    compiled = _aggregation_sql(user, using, event_type is not None, classification)
    if compiled is None:  # the reader may see none of these incidents, or the filters hold none
        return []
    sql, template, with_killed = compiled
    connection = connections[using]
    bound = {"start": connection.ops.adapt_datefield_value(start), "end": connection.ops.adapt_datefield_value(end),
             "mission": mission.pk, "event_type": None if event_type is None else event_type.pk}
    with connection.cursor() as cursor:
        cursor.execute(sql, [bound[p.name] if isinstance(p, _Bound) else p for p in template])
        rows = cursor.fetchall()
    if not with_killed:
        return [AreaFigures(adm1, adm2, n, None) for adm1, adm2, n in rows]
    # int(): PostgreSQL sums a bigint subquery as numeric.
    return [AreaFigures(adm1, adm2, n, int(killed or 0)) for adm1, adm2, n, killed in rows]


class _Bound(Expression):
    """A value of each call in the aggregation's compiled SQL (the mission, the event type, the period's first or
    last day): its parameter is left as this placeholder, which each call replaces with its own value."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


# The commune aggregation's SQL by filter shape: {(database, whether an event type is asked for, the classifications
# asked for, the reader's scope on incidents and on tolls): (SQL, parameters with _Bound placeholders, whether it sums
# the killed), or None when it can hold no incident}. The scope is part of the key and its values are in the SQL, so
# two readers share an entry only when they are granted the same rows. A few entries per set of grants; emptied when
# it grows past COMPILED_MAX.
_COMPILED = {}
COMPILED_MAX = 512


def _aggregation_sql(user, using, typed, classification):
    """(SQL, parameters, with killed) of the commune aggregation seen by `user` in `using`, of one event type when
    `typed` and of the `classification`s when any, from _COMPILED or compiled by the ORM; None when it can hold no
    incident.

    The reader's scope and its key are worked out once per user object (_reader_scope, kept with their grants): at
    each call that took longer than the database's answer for a liaison. An entry is compiled, and stored, under the
    key of the scope worked out afresh, so that its SQL is always that key's."""
    key = (using, typed, classification, kept_with_grants(user, _reader_scope)[2])
    try:
        return _COMPILED[key]
    except KeyError:
        pass
    scope, tolls, scope_key = _reader_scope(user)
    compiled = None
    if scope is not None:
        incidents = Incident.objects.using(using).filter(mission=_Bound("mission", IntegerField()))
        if typed:
            incidents = incidents.filter(event_type=_Bound("event_type", IntegerField()))
        if classification:
            incidents = incidents.filter(classification__in=classification)
        seen = (_in_period(incidents_seen(user, incidents), _Bound("start", DateField()), _Bound("end", DateField()))
                .order_by().values("adm1", "adm2"))
        if tolls is None:
            rows = seen.annotate(n=Count("pk"))
        else:
            rows = seen.annotate(n=Count("pk"), killed=Sum(_killed(_tolls_expression(tolls))))
        try:
            sql, template = rows.query.get_compiler(using=using).as_sql()
            compiled = (sql, tuple(template), tolls is not None)
        except EmptyResultSet:
            pass
    if len(_COMPILED) >= COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[(*key[:3], scope_key)] = compiled
    return compiled


def _reader_scope(user):
    """(The reader's scope on incidents: ALL, a Q or None for none; on tolls: _tolls_condition; a hashable key of
    both, Q.identity being the tuple a Q compares and hashes by)."""
    scope = permission_filter(user, Incident, "view")
    if scope is None:
        return None, None, None
    tolls = _tolls_condition(user, scope)
    return scope, tolls, ("all" if scope is ALL else scope.identity, tolls.identity if isinstance(tolls, Q) else tolls)


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

