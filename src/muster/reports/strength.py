"""The strength report for a mission and date: the dashboard's figures, and their PDF, XLSX and CSV.

`strength_report` gathers everything the page, the exports, the API and the CLI show, in a fixed number
of queries whatever the size of the history and of the nominal roll. Strength is summed from movements for
every contingent; where a contingent keeps a roll, its strength on the roll (as the PERSTAT counts it) is
shown beside, with the difference, suppressed for whoever may see the roll only as aggregates.

The published figures beside it are those standing on the date (sources.selectors.claims_standing: each publisher's
latest for each subject and metric), compared with what the movements give for their own dates; a figure its
publisher has since replaced is neither listed nor counted as differing. Only the exports read every figure up to the
date (MINUSTAH's contribution table: 9,570 by mid-2013, against 276 standing), each marked standing or replaced.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from muster.core.calendar import month_ends
from muster.force.models import Contingent, Movement
from muster.force.privacy import WITHHELD, is_suppressed, roll_tours, suppress_table
from muster.force.selectors import (
    StrengthRow,
    claims_reconciled,
    mission_part_seen,
    roll_contingents,
    roll_counts_at,
    roll_total_label,
    strength_at,
    strength_series,
)
from muster.missions.models import Country, PersonnelCategory
from muster.sources.models import Claim
from muster.sources.selectors import claims_standing

from .charts import stacked_strength_chart
from .perstat import ContingentState

# What the dashboard shows at field scale (fifty contributors, years of published figures), so that it stays a
# page one can read and load on a poor connection; the XLSX and CSV exports and the lists give everything.
# The chart, and the table of its figures, draw up to this many countries one by one; beyond, the largest nine
# and the others together.
CHART_COUNTRIES = 10
# The strength table gives each country's categories for up to this many countries; beyond, one row per country,
# its categories one click away.
TABLE_COUNTRIES = 12
# The published figures against the records: those standing on the date (sources.selectors.claims_standing), the
# differing first, then the most recent. The page shows this many; the API and the command list CLAIMS_LISTED; each
# says how many stand and how many differ, and links to every figure up to the date (the claims list, the exports).
CLAIMS_SHOWN = 20
CLAIMS_LISTED = 100


@dataclass
class StrengthLine(StrengthRow):
    """A row of the strength table (a country and category): from movements, and from the roll if one is kept.

    `roll` is the strength on the roll (PERSTAT's: DutyStatus.IN_STRENGTH) and `roll_difference` roll −
    movements; both None for a row without a roll. Where suppressed, `roll` is "<5" (a count from 1 to 4) or "x"
    (a larger count withheld so that the total cannot give a small one away), and `roll_difference` is "x".
    """

    roll: int | str | None = None
    roll_difference: int | str | None = None


@dataclass
class RollSummary:
    """The contingents that keep a roll, together: their strength from movements, from the roll, the difference."""

    rows: int
    from_movements: int
    strength: int | str
    difference: int | str | None


@dataclass
class CountryBlock:
    country: str
    country_name: str
    rows: list
    pledged: int | None = None

    @property
    def total(self):
        return sum(r.total for r in self.rows)

    @property
    def women(self):
        return sum(r.women for r in self.rows)

    @property
    def men(self):
        return sum(r.men for r in self.rows)

    @property
    def unknown(self):
        return sum(r.unknown for r in self.rows)

    @property
    def women_share(self):
        return self.women / self.total if self.total else None


@dataclass
class StrengthReport:
    mission: object
    on: object
    strength: object
    countries: list
    authorization: object
    planned: object
    claims: list  # the first CLAIMS_LISTED standing on the date: the differing, then the others, most recent first
    points: list
    series: dict
    country_names: dict = field(default_factory=dict)
    roll: RollSummary | None = None  # None: no contingent the user may see keeps a roll
    roll_exact: bool = True  # False: roll figures for someone who may not see the roll, small cells suppressed
    # For someone who sees only part of the mission (a liaison: their country's contingents), what that part is
    # ("Guatemala’s contingents"); None for whoever sees all of it. Its totals are then never called the mission's.
    part: str | None = None
    claims_total: int = 0  # how many published figures stand on the date
    claims_differing: int = 0  # how many of them differ from what the movements give
    # Every published figure up to the date, against the records, not yet read: the exports' (claims_table), which
    # alone read them all (MINUSTAH: 9,570 by mid-2013).
    claims_up_to: object = None
    claims_standing_ids: frozenset = frozenset()  # the pks of those standing on the date, for the exports to mark

    @property
    def ceiling(self):
        return self.authorization.personnel_ceiling if self.authorization else None

    @property
    def share_of_ceiling(self):
        """Strength as a share of the mission's ceiling; None for a part of the mission, which fills no ceiling."""
        return self.strength.total / self.ceiling if self.ceiling and self.part is None else None

    @property
    def total_label(self):
        return _("Total of %(part)s") % {"part": self.part} if self.part else _("Mission total")

    @property
    def roll_total_label(self):
        return roll_total_label(self.part)

    @property
    def claims_shown(self):
        """The published figures the page lists: of those standing on the date, the differing first, then the most
        recent; the claims list and the exports hold every one up to the date (an imported contribution table gives
        a claim per country, category and month: thousands)."""
        return self.claims[:CLAIMS_SHOWN]

    @property
    def categories_folded(self):
        """Whether the page's strength table gives one row per country, each one's categories a click away."""
        return len(self.countries) > TABLE_COUNTRIES

    def series_groups(self, *, grouped=True):
        """The chart's groups in the legend's order, [(label, [country, …]), …]: each country by name; with
        `grouped` and more than CHART_COUNTRIES of them, the largest (at their peak over the chart's months) by
        name and the others together last, so that fifty contributors stay one readable, light chart."""
        def name(group):
            return self.country_names.get(group, group)

        groups = sorted({g for values in self.series.values() for g in values}, key=name)
        if not grouped or len(groups) <= CHART_COUNTRIES:
            return [(name(g), [g]) for g in groups]
        peak = {g: max(self.series[p].get(g, 0) for p in self.points) for g in groups}
        largest = set(sorted(groups, key=lambda g: (-peak[g], name(g)))[:CHART_COUNTRIES - 1])
        others = [g for g in groups if g not in largest]
        label = ngettext("%(n)d other country", "%(n)d other countries", len(others)) % {"n": len(others)}
        return [(name(g), [g]) for g in groups if g in largest] + [(label, others)]

    @property
    def series_grouped(self):
        """Whether the chart and its table put the smaller countries together (the exports keep each)."""
        return len(self.series_groups()) < len(self.series_groups(grouped=False))

    def chart_svg(self):
        groups = self.series_groups()
        if not groups:
            return ""
        series = {label: [sum(self.series[p].get(g, 0) for g in members) for p in self.points]
                  for label, members in groups}
        return stacked_strength_chart(title=_("%(mission)s personnel by country") % {"mission": self.mission.code},
                                      points=self.points, series=series)

    def series_table(self, *, grouped=False):
        """The chart's figures as rows: date, then each country's strength (or group's, `grouped` as the chart
        draws them), then the total. The exports give every country; the page gives what the chart draws."""
        groups = self.series_groups(grouped=grouped)
        headers = [_("Date")] + [label for label, _members in groups] + [_("Total")]
        rows = [[p] + [sum(self.series[p].get(g, 0) for g in members) for _label, members in groups]
                + [sum(self.series[p].values())] for p in self.points]
        return headers, rows

    @property
    def series_table_shown(self):
        return self.series_table(grouped=True)


def strength_report(*, mission, on, user=None):
    """Everything the strength report shows for `mission` on `on`, within what `user` may see.

    `user` None is the system itself (the CLI on the server): everything.
    """
    movements = Movement.objects.all() if user is None else Movement.objects.restrict(user, "view")
    contingents = Contingent.objects.all() if user is None else Contingent.objects.restrict(user, "view")
    claims = Claim.objects.all() if user is None else Claim.objects.restrict(user, "view")
    tours, exact = roll_tours(user)

    strength = strength_at(mission=mission, on=on, by=("country", "category"), movements=movements)
    part = None if user is None else mission_part_seen(contingents=contingents, mission=mission)
    # The mission's contingents, a few rows: the pledges, and the row of the table each contingent's roll goes to.
    row_of, country_name, pledged = {}, {}, {}
    for pk, iso3, category, name, pledge in (contingents.filter(mission=mission).order_by()
                                             .values_list("pk", "country_id", "category", "country__name",
                                                          "pledged_strength")):
        row_of[pk], country_name[iso3] = (iso3, category), name
        if pledge is not None:
            pledged[iso3] = pledged.get(iso3, 0) + pledge
    lines, rolled = _lines_with_roll(strength=strength, mission=mission, on=on, tours=tours, row_of=row_of,
                                     country_name=country_name)
    summary = _roll_summary(rolled, exact=exact)
    countries = [
        CountryBlock(country=iso3, country_name=rows[0].country_name, rows=rows, pledged=pledged.get(iso3))
        for iso3, rows in ((k, list(g)) for k, g in groupby(lines, key=lambda r: r.country))
    ]
    authorization = mission.authorizations.filter(adopted__lte=on).order_by("-adopted").first()
    # The standing figures are few whatever the history's length (a publisher's figure per subject and metric; an
    # arrival per day it gave one): one query reads them with what the movements give, one pass sorts and counts.
    # The planning figure shown beside a mission without a ceiling is the latest standing and not rejected.
    read = list(claims_reconciled(claims=claims_standing(claims=claims.filter(mission=mission), on=on), user=user)
                .select_related("source").order_by("-as_of", "pk"))
    planned = next((c for c in read if c.metric == Claim.Metric.PLANNED and c.status != Claim.Status.REJECTED), None)
    standing = [c for c in read if c.metric != Claim.Metric.PLANNED]
    differing = [c for c in standing if c.difference]
    listed = (differing + [c for c in standing if not c.difference])[:CLAIMS_LISTED]
    prefetch_related_objects(listed, "countries")
    points = month_ends(start=mission.start, end=on, count=24)
    series = strength_series(mission=mission, points=points, by="country", movements=movements)
    # Names of every country in the chart, including those with nobody left on the date itself.
    names = dict(Country.objects.filter(pk__in={g for values in series.values() for g in values})
                 .values_list("iso3", "name"))
    return StrengthReport(
        mission=mission, on=on, strength=strength, countries=countries, authorization=authorization,
        planned=planned, claims=listed, claims_total=len(standing), claims_differing=len(differing),
        claims_up_to=claims_reconciled(claims=claims.filter(mission=mission, as_of__lte=on)
                                       .exclude(metric=Claim.Metric.PLANNED), user=user)
        .select_related("source").prefetch_related("countries").order_by("-as_of", "pk"),
        claims_standing_ids=frozenset(c.pk for c in standing),
        points=points, series=series, country_names=names, roll=summary, roll_exact=exact, part=part,
    )


def _lines_with_roll(*, strength, mission, on, tours, row_of, country_name):
    """The table's rows, each with its roll figures where one is kept; and [(line, state)] of those that are.

    Two queries whatever the size of the roll. The counting is PERSTAT's: a ContingentState per row, so "on the
    roll", "in strength" and "roll − movements" mean here what they mean there. A row that keeps a roll with
    people on it on `on` is shown even when its movements sum to nil.
    """
    # By (country, category): a row may gather several contingents (of different parent services).
    states = defaultdict(lambda: ContingentState(contingent=None))
    for contingent_id in roll_contingents(mission=mission, tours=tours):
        if contingent_id in row_of:
            states[row_of[contingent_id]].has_roll = True
    for count in roll_counts_at(mission=mission, on=on, tours=tours):
        if count.contingent in row_of:
            states[row_of[count.contingent]].by_status[count.status] += count.count
    lines = {(r.country, r.category): StrengthLine(**vars(r)) for r in strength.rows}
    for (iso3, category), state in states.items():
        if (iso3, category) not in lines and state.has_roll and state.on_roll:
            lines[iso3, category] = StrengthLine(total=0, men=0, women=0, unknown=0, country=iso3,
                                                 country_name=country_name[iso3], category=category)
    ordered = sorted(lines.values(), key=lambda r: (r.country_name or "", r.category or ""))
    rolled = []
    for line in ordered:
        state = states.get((line.country, line.category))
        if state is not None and state.has_roll:
            state.from_movements = line.total
            line.roll, line.roll_difference = state.strength, state.difference
            rolled.append((line, state))
    return ordered, rolled


def _roll_summary(rolled, *, exact):
    """The rows that keep a roll, together; for a user who may not see the roll, small roll cells suppressed.

    Suppressed as the PERSTAT does for donors: the rows' roll strengths and their total go through
    `suppress_table` (which also hides enough others that none can be recovered from the total), and a
    difference is hidden with its roll figure, since the movements beside it would give the figure back.
    """
    if not rolled:
        return None
    together = ContingentState(contingent=None, has_roll=True,
                               from_movements=sum(line.total for line, _state in rolled))
    for _line, state in rolled:
        for status, count in state.by_status.items():
            together.by_status[status] += count
    summary = RollSummary(rows=len(rolled), from_movements=together.from_movements, strength=together.strength,
                          difference=together.difference)
    if not exact:
        table = suppress_table([[line.roll] for line, _state in rolled] + [[summary.strength]], total_columns=(0,),
                               total_row=len(rolled))
        for holder, (value,) in zip([line for line, _state in rolled] + [summary], table, strict=True):
            if is_suppressed(value):  # "<5" or "x"; the difference beside it is withheld ("x") with it
                if isinstance(holder, StrengthLine):
                    holder.roll, holder.roll_difference = value, WITHHELD
                else:
                    holder.strength, holder.difference = value, WITHHELD
    return summary


CATEGORY_LABELS = dict(PersonnelCategory.choices)


def strength_table(report):
    """The strength table as headers and rows, for CSV, XLSX and the CLI.

    The roll's two columns come last (whoever reads these files by position keeps reading the same columns),
    blank for a row without a roll, and "<5" or "x" where suppressed (as `suppress_table` marks them; plain
    strings in the files); a last row gives the contingents that keep a roll together, as the page does.
    """
    headers = [_("Country"), _("ISO"), _("Category"), _("Men"), _("Women"), _("Sex unknown"), _("Total"),
               _("Women's share (at least)"), _("Pledged"), _("From the roll (in strength)"), _("Roll − movements")]
    rows = []
    for block in report.countries:
        for row in block.rows:
            rows.append([block.country_name, block.country, str(CATEGORY_LABELS.get(row.category, row.category)),
                         row.men, row.women, row.unknown, row.total,
                         round(row.women_share, 4) if row.women_share is not None else "", "",
                         _blank(row.roll), _blank(row.roll_difference)])
        rows.append([block.country_name, block.country, _("All categories"), block.men, block.women,
                     block.unknown, block.total,
                     round(block.women_share, 4) if block.women_share is not None else "",
                     block.pledged if block.pledged is not None else "", "", ""])
    s = report.strength
    rows.append([report.total_label, "", "", s.men, s.women, s.unknown, s.total,
                 round(s.women_share, 4) if s.women_share is not None else "", "", "", ""])
    if report.roll is not None:
        rows.append([report.roll_total_label, "", "", "", "", "", report.roll.from_movements,
                     "", "", report.roll.strength, _blank(report.roll.difference)])
    return headers, rows


def _blank(value):
    return "" if value is None else value


def claims_table(report):
    """Every published figure up to the date against the records, the most recent first: the exports' (XLSX, CSV).
    A last column says whether each stands on the date or its publisher has given a newer one since (claims_standing).
    """
    headers, rows = _claims_rows(report.claims_up_to)
    standing, replaced = _("standing"), _("replaced by the publisher's newer figure")
    return headers + [_("On the date")], [
        row + [standing if claim.pk in report.claims_standing_ids else replaced]
        for claim, row in zip(report.claims_up_to, rows, strict=True)]


def claims_listed_table(report):
    """The published figures standing on the date, as listed (the differing first, at most CLAIMS_LISTED): the
    command's; a line after them says how many stand, how many differ, and where every one is."""
    return _claims_rows(report.claims)


def claims_listed_note(report):
    return _("%(listed)d listed of %(total)d published figures standing on %(on)s (each publisher's latest for each "
             "subject and figure), %(differing)d differing. Every figure up to the date: "
             "the claims list (%(address)s) or the CSV export (--format csv).") % {
        "listed": len(report.claims), "total": report.claims_total, "on": report.on.isoformat(),
        "differing": report.claims_differing, "address": claims_list_address(report)}


def claims_list_address(report):
    """The API's claims list with every published figure of the report's mission up to its date, page by page."""
    return f"{reverse('api:claim-list')}?{urlencode({'mission': report.mission.code, 'as_of_before': report.on})}"


def _claims_rows(claims):
    headers = [_("As of"), _("Subject"), _("Metric"), _("Reported"), _("From movements"), _("Difference"),
               _("Status"), _("Reported by"), _("Source"), _("Address")]
    rows = [[c.as_of, c.subject, c.get_metric_display(), c.value,
             c.computed if c.computed is not None else "", c.difference if c.difference is not None else "",
             c.get_status_display(), c.source.publisher, c.source.title, c.source.address]
            for c in claims]
    return headers, rows

