"""What the public site shows of a mission on a date: only the parts its Publication allows, only aggregates, small
counts suppressed, only what public sources say.

Every figure about strength on a day comes from that day's table (`strength_table_on`): countries by category with
each row's, each column's and the grand total, suppressed by `force.privacy.suppress_table` so that no hidden cell
can be recovered from the table. The chart's months, and the records' figure beside each published claim, read the
same tables their own days' permalinks show, so that a claim's figure never gives away a cell its day's table hides.
A few queries per page whatever the size of the history (one for every day's table together).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Min, Prefetch, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from muster.core.calendar import month_ends
from muster.force.models import Movement, signed
from muster.force.privacy import (
    SUPPRESSED,
    WITHHELD,
    is_suppressed,
    suppress,
    suppress_table,
    suppression_holds,
)
from muster.funding.models import Transaction
from muster.funding.selectors import funding_totals
from muster.missions.models import PersonnelCategory, country_names
from muster.missions.models import mission_report_day as mission_day
from muster.operations.models import Classification, Incident, Toll
from muster.places.models import AREA_NAMES, area_name_of
from muster.sources.models import Citation, Claim, Source
from muster.sources.selectors import claims_standing

from .models import Publication

# Sources anyone may read: never an internal report, nor a manifest (a flight's list of names).
PUBLIC_SOURCE_KINDS = (Source.Kind.PRESS_STATEMENT, Source.Kind.SOCIAL_MEDIA, Source.Kind.NEWS_ARTICLE,
                       Source.Kind.UN_DOCUMENT, Source.Kind.DATASET)
CATEGORIES = [value for value, _label in PersonnelCategory.choices]
CHART_MONTHS = 24
CHART_COUNTRIES = 10
INCIDENT_MONTHS = 12  # the page's; the files give every month
FUNDING_EVENTS = 20  # the page's; the files give every one
CLAIMS_SHOWN = 20
TIMELINE_EVENTS = 40
PARTS = ("strength", "funding", "incidents", "timeline")


def publications_listed():
    """The missions that publish something, the newest first."""
    anything = Q(strength=True) | Q(funding=True) | Q(incidents=True) | Q(timeline=True)
    return Publication.objects.filter(anything).select_related("mission").order_by("-mission__start")


def publication_of(*, code):
    """The Publication of the mission with `code` if it publishes anything, else None (its pages answer 404)."""
    return publications_listed().filter(mission__code=code).first()


def public_day_range(*, mission):
    """(first, last) days a mission's public pages exist for: its start, and its today or its last day."""
    return mission.start, mission_day(mission)[0]


# --- Strength ------------------------------------------------------------------------------------------------

@dataclass
class StrengthTable:
    """Strength on a day by country (rows) and category (columns), suppressed; `holds` False: not to be shown.

    `rows` are (iso3, name, [cells by category], total); `totals` the columns' totals and `total` the grand total;
    `women` (iso3 → women) with `women_total`, suppressed as a column of its own with its total.
    """

    on: datetime.date
    rows: list
    totals: list
    total: object
    women: dict
    women_total: object
    holds: bool = True

    @property
    def categories(self):
        """The categories with anyone in them on the day, as (index, value, label)."""
        shown = [i for i, value in enumerate(self.totals) if value != 0]
        return [(i, CATEGORIES[i], PersonnelCategory(CATEGORIES[i]).label) for i in shown]

    def row_total(self, iso3):
        return next((total for code, _name, _cells, total in self.rows if code == iso3), 0)

    def cell(self, iso3, category):
        j = CATEGORIES.index(category)
        return next((cells[j] for code, _name, cells, _total in self.rows if code == iso3), 0)

    def column_total(self, category):
        return self.totals[CATEGORIES.index(category)]

    def women_share(self, iso3=None):
        women = self.women_total if iso3 is None else self.women.get(iso3, 0)
        total = self.total if iso3 is None else self.row_total(iso3)
        if is_suppressed(women) or is_suppressed(total):
            return WITHHELD
        return women / total if total else None


def strength_cells(*, mission, days):
    """{day: {(iso3, category): (total, women)}} and {iso3: (stored name, iso2)} for each of `days`: one query,
    however long the history (each movement counted in the bucket of the first day on or after it, the buckets then
    accumulated)."""
    days = sorted(set(days))
    if not days:
        return {}, {}
    bucket = Case(*[When(date__lte=d, then=Value(i)) for i, d in enumerate(days)], output_field=IntegerField())
    grouped = (Movement.objects.filter(contingent__mission=mission, date__lte=days[-1]).annotate(bucket=bucket)
               .values("bucket", "contingent__country_id", "contingent__category")
               .annotate(net=Sum(signed("count")), women=Sum(signed("women")), name=Min("contingent__country__name"),
                         iso2=Min("contingent__country__iso2"))
               .order_by("bucket"))
    net, names = defaultdict(lambda: [0, 0]), {}
    for row in grouped:
        key = (row["contingent__country_id"], row["contingent__category"])
        names[key[0]] = (row["name"], row["iso2"])
        net[row["bucket"], key] = [row["net"] or 0, row["women"] or 0]
    keys = {key for _bucket, key in net}
    running = {key: [0, 0] for key in keys}
    cells = {}
    for i, day in enumerate(days):
        for key in keys:
            if (i, key) in net:
                running[key][0] += net[i, key][0]
                running[key][1] += net[i, key][1]
        cells[day] = {key: tuple(value) for key, value in running.items() if value[0]}
    return cells, names


def country_local_names(names):
    """{iso3: the country's name in the active language} of `names` {iso3: (stored name, iso2)} (CLDR's, as
    Country.local_name gives it)."""
    language = (get_language() or "en")[:2]
    local = {} if language == "en" else country_names(language)
    return {iso3: local.get(iso2, name) for iso3, (name, iso2) in names.items()}


def strength_table_on(*, on, cells, names):
    """The day's table as its permalink shows it: suppressed, every line with its total; rows in the language's
    order of names.

    Suppressed in one order for every language (the stored names'): the cells a language's page withholds are the
    same in every language, or two pages of one day side by side would give more away than either."""
    stored = {iso3: name for iso3, (name, _iso2) in names.items()}
    local = country_local_names(names)
    countries = sorted({iso3 for iso3, _category in cells}, key=lambda iso3: (stored.get(iso3, iso3), iso3))
    width = len(CATEGORIES)
    rows = [[cells.get((iso3, category), (0, 0))[0] for category in CATEGORIES] for iso3 in countries]
    rows = [row + [sum(row)] for row in rows]
    rows.append([sum(row[j] for row in rows) for j in range(width + 1)])
    options = {"total_columns": range(width), "row_total_column": width, "total_row": len(countries)}
    shown = suppress_table(rows, **options)
    women = [[sum(cells.get((iso3, category), (0, 0))[1] for category in CATEGORIES)] for iso3 in countries]
    women.append([sum(w for (w,) in women)])
    women_shown = suppress_table(women, total_columns=(0,), total_row=len(countries))
    holds = (suppression_holds(rows, shown, **options)
             and suppression_holds(women, women_shown, total_columns=(0,), total_row=len(countries)))
    body, women_body = shown[:-1], women_shown[:-1]  # the last row of each: the totals
    rows = sorted(((iso3, local.get(iso3, iso3), row[:width], row[width])
                   for iso3, row in zip(countries, body, strict=True)), key=lambda r: (r[1], r[0]))
    return StrengthTable(
        on=on, rows=rows,
        totals=shown[-1][:width], total=shown[-1][width],
        women={iso3: w for iso3, (w,) in zip(countries, women_body, strict=True)}, women_total=women_shown[-1][0],
        holds=holds)


@dataclass
class PublicClaim:
    """A published figure beside what the records give for the same day, from that day's public table."""

    claim: object
    computed: object  # an int, "<5" or "x" (withheld), or None (the records give no public figure for it)

    @property
    def difference(self):
        if isinstance(self.computed, int) and not is_suppressed(self.computed):
            return self.computed - self.claim.value
        return WITHHELD if self.computed is not None else None

    @property
    def differs(self):
        return isinstance(self.difference, int) and self.difference != 0


def _claim_figure(claim, table, arrivals):
    """What the records give for `claim`, as the public may read it: from `table` (the claim's day's) for strength
    and women, from the day's arrivals for arrivals; a sum of several cells only when every one is shown."""
    countries = sorted(c.iso3 for c in claim.countries.all())
    if claim.metric == Claim.Metric.ARRIVED:
        figure = sum(n for (iso3, category), n in arrivals.get(claim.as_of, {}).items()
                     if (not countries or iso3 in countries) and (not claim.category or category == claim.category))
        return suppress(figure)
    if table is None or not table.holds:
        return None
    if claim.metric == Claim.Metric.STRENGTH:
        if not countries:
            return table.column_total(claim.category) if claim.category else table.total
        parts = [table.cell(iso3, claim.category) if claim.category else table.row_total(iso3) for iso3 in countries]
    elif claim.metric == Claim.Metric.WOMEN and not claim.category:
        if not countries:
            return table.women_total
        parts = [table.women.get(iso3, 0) for iso3 in countries]
    else:
        return None  # men, or women of one category: the public tables do not give them
    if len(parts) == 1 or not any(is_suppressed(p) for p in parts):
        return parts[0] if len(parts) == 1 else sum(parts)
    return WITHHELD


def claims_public(*, mission, on):
    """The published figures standing on `on` whose sources are public, the most recent first (a queryset)."""
    standing = claims_standing(claims=Claim.objects.filter(mission=mission), on=on)
    return (standing.filter(source__kind__in=PUBLIC_SOURCE_KINDS).exclude(metric=Claim.Metric.PLANNED)
            .select_related("source").prefetch_related("countries").order_by("-as_of", "pk"))


def arrivals_on(*, mission, days):
    """{day: {(iso3, category): arrived}} for `days`: one query."""
    if not days:
        return {}
    arrivals = defaultdict(dict)
    for row in (Movement.objects.filter(contingent__mission=mission, date__in=days, kind__in=Movement.INWARD)
                .values("date", "contingent__country_id", "contingent__category").annotate(n=Sum("count"))
                .order_by()):
        arrivals[row["date"]][row["contingent__country_id"], row["contingent__category"]] = row["n"]
    return arrivals


@dataclass
class StrengthPart:
    table: StrengthTable
    authorization: object
    points: list
    series: dict  # {point: {iso3: row total as shown}}
    names: dict
    claims: list = field(default_factory=list)

    @property
    def ceiling(self):
        return self.authorization.personnel_ceiling if self.authorization else None

    @property
    def countries_charted(self):
        """Every country in the series, by name (the open data's); the chart draws `chart_countries`."""
        seen = {iso3 for values in self.series.values() for iso3 in values if iso3 is not None}
        return sorted(seen, key=lambda iso3: self.names.get(iso3, iso3))

    @property
    def chart_countries(self):
        """The CHART_COUNTRIES largest at their peak as shown (a hidden figure counts as none), by name: fifty
        contributors stay one readable, light chart. The others are in the table and the open data."""
        def peak(iso3):
            return max((v for values in self.series.values() if isinstance(v := values.get(iso3, 0), int)), default=0)

        largest = sorted(self.countries_charted, key=lambda iso3: -peak(iso3))[:CHART_COUNTRIES]
        return [iso3 for iso3 in self.countries_charted if iso3 in largest]

    def series_rows(self):
        """[(day, [each country's total as shown], mission total)] for the chart's table."""
        countries = self.countries_charted
        return [(p, [self.series[p].get(iso3, 0) for iso3 in countries], self.series[p].get(None, 0))
                for p in self.points]


def strength_part(*, mission, on):
    # The most recent CLAIMS_SHOWN, the differing first among them: each needs its own day's table, and a mission
    # with years of published tables has hundreds standing (MINUSTAH: 276 by mid-2013).
    claims = list(claims_public(mission=mission, on=on)[:CLAIMS_SHOWN])
    points = month_ends(start=mission.start, end=on, count=CHART_MONTHS)
    days = set(points) | {c.as_of for c in claims if c.metric != Claim.Metric.ARRIVED} | {on}
    cells, names = strength_cells(mission=mission, days=days)
    tables = {day: strength_table_on(on=day, cells=cells.get(day, {}), names=names) for day in sorted(days)}
    arrivals = arrivals_on(mission=mission, days={c.as_of for c in claims if c.metric == Claim.Metric.ARRIVED})
    public_claims = [PublicClaim(claim=c, computed=_claim_figure(c, tables.get(c.as_of), arrivals)) for c in claims]
    public_claims.sort(key=lambda c: (not c.differs, -c.claim.as_of.toordinal(), c.claim.pk))
    series = {}
    for point in points:
        table = tables[point]
        if table.holds:
            series[point] = {iso3: total for iso3, _name, _cells, total in table.rows} | {None: table.total}
        else:
            series[point] = {None: SUPPRESSED}
    authorization = mission.authorizations.filter(adopted__lte=on).order_by("-adopted").first()
    return StrengthPart(table=tables[on], authorization=authorization, points=points, series=series,
                        names=country_local_names(names),
                        claims=public_claims)


# --- Funding -------------------------------------------------------------------------------------------------

def public_citations():
    """Citations of public sources only, with their source: to prefetch on a record's `citations`."""
    return Prefetch("citations", queryset=Citation.objects.filter(source__kind__in=PUBLIC_SOURCE_KINDS)
                    .select_related("source").order_by("pk"), to_attr="public_citations")


@dataclass
class FundingPart:
    donors: list  # funding_selectors.Totals, by donor
    events: list  # frozen and released transactions, each with its public citations


def funding_part(*, mission, on):
    donors = funding_totals(transactions=Transaction.objects.all(), on=on, by=("donor",), mission=mission)
    events = list(Transaction.objects.filter(flow__mission=mission, date__lte=on,
                                             type__in=[Transaction.Type.FROZEN, Transaction.Type.RELEASED])
                  .select_related("flow__donor").prefetch_related(public_citations()).order_by("date", "pk"))
    return FundingPart(donors=donors, events=events)


# --- Incidents -----------------------------------------------------------------------------------------------

@dataclass
class IncidentRow:
    pcode: str
    department: str
    month: datetime.date
    incidents: int
    killed: object
    wounded: object


def incidents_part(*, mission, on):
    """Incidents classified public, by department and month, with the people killed and wounded in them (counts
    under 5 suppressed). Two queries."""
    public = Incident.objects.filter(mission=mission, classification=Classification.PUBLIC, date__lte=on)
    counts = (public.annotate(month=TruncMonth("date"))
              .values("adm1__pcode", *(f"adm1__{name}" for name in AREA_NAMES), "month")
              .annotate(n=Count("pk")).order_by("month", "adm1__pcode"))
    tolls = defaultdict(int)
    for row in (Toll.objects.filter(incident__in=public.values("pk"),
                                    outcome__in=[Toll.Outcome.KILLED, Toll.Outcome.WOUNDED])
                .annotate(month=TruncMonth("incident__date")).values("incident__adm1__pcode", "month", "outcome")
                .annotate(n=Sum("count")).order_by()):
        tolls[row["incident__adm1__pcode"], _as_date(row["month"]), row["outcome"]] = row["n"]
    rows = []
    for row in counts:
        pcode, month = row["adm1__pcode"] or "", _as_date(row["month"])
        department = area_name_of(row, "adm1__")
        rows.append(IncidentRow(pcode=pcode, department=department or str(_("Not placed")), month=month,
                                incidents=row["n"], killed=suppress(tolls[row["adm1__pcode"], month, "killed"]),
                                wounded=suppress(tolls[row["adm1__pcode"], month, "wounded"])))
    return rows


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


# --- Timeline ------------------------------------------------------------------------------------------------

@dataclass
class Event:
    day: datetime.date
    what: str
    sources: list


def timeline_part(*, mission, on):
    """The mission's cited events up to `on`, the latest TIMELINE_EVENTS: authorizations, contingents arriving and
    leaving (by country and category, without counts: a count of one group leaving could leave a small one
    behind), funds frozen and released; each with its public sources. A fixed number of queries."""
    events = []
    for authorization in (mission.authorizations.filter(adopted__lte=on).prefetch_related(public_citations())
                          .order_by("-adopted")[:TIMELINE_EVENTS]):
        what = _("%(instrument)s adopted") % {"instrument": authorization.instrument}
        if authorization.personnel_ceiling:
            what = _("%(instrument)s adopted: a ceiling of %(ceiling)s personnel") % {
                "instrument": authorization.instrument, "ceiling": f"{authorization.personnel_ceiling:,}"}
        events.append(Event(day=authorization.adopted, what=what,
                            sources=[c.source for c in authorization.public_citations]))
    kinds = dict(Movement.Kind.choices)
    cited = (Movement.objects.filter(contingent__mission=mission, date__lte=on,
                                     kind__in=[Movement.Kind.ARRIVAL, Movement.Kind.DEPARTURE,
                                               Movement.Kind.ROTATION_IN, Movement.Kind.ROTATION_OUT])
             .values("date", "kind", "contingent__country_id", "contingent__country__name",
                     "contingent__country__iso2", "contingent__category")
             .annotate(first=Min("pk")).order_by("-date", "contingent__country__name")[:TIMELINE_EVENTS])
    cited = list(cited)
    local = country_local_names({row["contingent__country_id"]: (row["contingent__country__name"],
                                                                 row["contingent__country__iso2"]) for row in cited})
    sources = defaultdict(list)
    if cited:
        for citation in (Citation.objects.filter(content_type=ContentType.objects.get_for_model(Movement),
                                                 object_id__in=[row["first"] for row in cited],
                                                 source__kind__in=PUBLIC_SOURCE_KINDS)
                         .select_related("source").order_by("pk")):
            sources[citation.object_id].append(citation.source)
    for row in cited:
        what = _("%(country)s, %(category)s: %(kind)s") % {
            "country": local[row["contingent__country_id"]],
            "category": PersonnelCategory(row["contingent__category"]).label, "kind": kinds[row["kind"]]}
        events.append(Event(day=row["date"], what=what, sources=sources[row["first"]]))
    for transaction in funding_part(mission=mission, on=on).events[-TIMELINE_EVENTS:]:
        events.append(Event(day=transaction.date, what=_("%(donor)s: %(type)s, US$%(amount)s") % {
            "donor": transaction.flow.donor.name, "type": transaction.get_type_display(),
            "amount": f"{(transaction.usd_value or 0) / 100:,.0f}"},
            sources=[c.source for c in transaction.public_citations]))
    events.sort(key=lambda e: e.day, reverse=True)
    return events[:TIMELINE_EVENTS]


# --- The page ------------------------------------------------------------------------------------------------

@dataclass
class PublicPage:
    mission: object
    publication: object
    on: datetime.date
    strength: StrengthPart | None = None
    funding: FundingPart | None = None
    incidents: list | None = None
    timeline: list | None = None

    @property
    def incidents_shown(self):
        """The page's incidents: the last INCIDENT_MONTHS months up to the day (the files give every month)."""
        months = sorted({row.month for row in self.incidents or ()})[-INCIDENT_MONTHS:]
        return [row for row in self.incidents or () if months and row.month >= months[0]]

    @property
    def incidents_folded(self):
        return len(self.incidents_shown) < len(self.incidents or ())

    @property
    def funding_events_shown(self):
        """The page's freezes and waivers: the last FUNDING_EVENTS (the files give every one)."""
        return self.funding.events[-FUNDING_EVENTS:] if self.funding else []


def public_page(*, publication, on):
    """Everything the public page of `publication`'s mission shows on `on`: each part only if published."""
    mission = publication.mission
    return PublicPage(
        mission=mission, publication=publication, on=on,
        strength=strength_part(mission=mission, on=on) if publication.strength else None,
        funding=funding_part(mission=mission, on=on) if publication.funding else None,
        incidents=incidents_part(mission=mission, on=on) if publication.incidents else None,
        timeline=timeline_part(mission=mission, on=on) if publication.timeline else None,
    )
