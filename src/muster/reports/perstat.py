"""The personnel state report (PERSTAT) of a mission on a date: from the nominal roll, beside the movements.

`perstat_report` gathers everything the page, the PDF, the XLSX, the CSV and the `muster perstat` command
show, in a fixed number of queries whatever the size of the roll. Someone who may see the roll gets exact
figures and the names of those due to rotate; anyone else gets the same table with small cells suppressed
(force/privacy.py) and no names.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from muster.force.models import Contingent, DutyStatus, Movement, Person
from muster.force.privacy import WITHHELD, is_suppressed, roll_tours, suppress_table
from muster.force.selectors import (
    ROTATION_HORIZONS,
    gender_targets_for,
    mission_part_seen,
    roll_changes_between,
    roll_contingents,
    roll_counts_at,
    roll_total_label,
    rotation_due,
    strength_at,
)
from muster.missions.models import PersonnelCategory

ABSENCES = [s for s in DutyStatus.Status if s != DutyStatus.Status.PRESENT]
# The roll's columns of the PERSTAT table: on roll, strength, present, absences, men, women, arrived, departed,
# rotation due; left blank for a contingent without a roll, so its strength from movements stays in its column.
ROLL_COLUMNS = 3 + len(ABSENCES) + 4 + len(ROTATION_HORIZONS)


@dataclass
class ContingentState:
    contingent: object
    by_status: dict = field(default_factory=lambda: defaultdict(int))
    men: int = 0  # in strength
    women: int = 0
    arrived: int = 0
    departed: int = 0
    rotation: dict = field(default_factory=dict)
    from_movements: int | None = None
    has_roll: bool = False

    @property
    def on_roll(self):
        return sum(self.by_status.values())

    @property
    def strength(self):
        """On the roll and still part of the mission: present, on leave, in hospital or wounded."""
        return sum(self.by_status[s] for s in DutyStatus.IN_STRENGTH)

    @property
    def present(self):
        return self.by_status[DutyStatus.Status.PRESENT]

    @property
    def difference(self):
        """Roll − movements, for a contingent that keeps a roll; None otherwise."""
        return self.strength - self.from_movements if self.has_roll and self.from_movements is not None else None


@dataclass
class CategoryShare:
    category: str
    women: int
    strength: int
    target: object = None

    @property
    def label(self):
        return PersonnelCategory(self.category).label

    @property
    def share(self):
        return self.women / self.strength if self.strength else None

    @property
    def below_target(self):
        return self.target is not None and self.share is not None and self.share < float(self.target.share)


@dataclass(frozen=True, slots=True)
class RotationEntry:
    """One officer whose tour ends within the longest rotation horizon: what the rotation list shows."""

    PATHS = ("planned_end", "arrival", "person_id", "person__service_number", "person__rank",
             "person__family_name", "person__given_names", "contingent__country_id")

    planned_end: datetime.date
    arrival: datetime.date
    person_id: int
    service_number: str
    rank: str
    family_name: str
    given_names: str
    country: str  # ISO 3166-1 alpha-3

    @property
    def name(self):
        return f"{self.family_name.upper()}, {self.given_names}"


@dataclass
class PerstatReport:
    mission: object
    on: datetime.date
    previous: datetime.date
    contingents: list
    shares: list
    rotation_list: list
    exact: bool  # False: figures are for someone who may not see the roll, small cells suppressed
    part: str | None = None  # the part of the mission the user sees ("Guatemala’s contingents"), None: all of it

    def total(self, name):
        return sum(getattr(c, name) for c in self.contingents if c.has_roll)

    @property
    def absences(self):
        return {s: sum(c.by_status[s] for c in self.contingents) for s in ABSENCES}


def perstat_report(*, mission, on, user=None):
    """The PERSTAT of `mission` at the end of `on`, within what `user` may see (None: the system, everything)."""
    # exact False: aggregates only, from every tour of the contingents the user may see; names stay in the database.
    tours, exact = roll_tours(user)
    contingents = Contingent.objects.all() if user is None else Contingent.objects.restrict(user, "view")
    movements = Movement.objects.all() if user is None else Movement.objects.restrict(user, "view")
    previous = on - datetime.timedelta(days=1)

    states = {c.pk: ContingentState(contingent=c) for c in
              contingents.filter(mission=mission).select_related("country")
              .only("mission_id", "category", "country__name")}  # what the report reads of each
    for row in roll_counts_at(mission=mission, on=on, tours=tours):
        state = states[row.contingent]
        state.by_status[row.status] += row.count
        if row.status in DutyStatus.IN_STRENGTH:
            if row.sex == Person.Sex.FEMALE:
                state.women += row.count
            else:
                state.men += row.count
    for contingent_id, (arrived, departed) in roll_changes_between(mission=mission, after=previous, on=on,
                                                                   tours=tours).items():
        states[contingent_id].arrived, states[contingent_id].departed = arrived, departed
    for contingent_id, due in rotation_due(mission=mission, on=on, tours=tours).items():
        states[contingent_id].rotation = due
    for contingent_id in roll_contingents(mission=mission, tours=tours):
        states[contingent_id].has_roll = True
    for row in strength_at(mission=mission, on=on, by=("contingent",), movements=movements).rows:
        if row.contingent in states:
            states[row.contingent].from_movements = row.total
    rows = sorted((s for s in states.values() if s.has_roll or s.from_movements),
                  key=lambda s: (s.contingent.country.name, s.contingent.category))

    targets = gender_targets_for(mission=mission, on=on)
    by_category = defaultdict(lambda: [0, 0])
    for state in rows:
        if state.has_roll:
            by_category[state.contingent.category][0] += state.women
            by_category[state.contingent.category][1] += state.strength
    shares = [CategoryShare(category=c, women=w, strength=n, target=targets.get(c))
              for c, (w, n) in sorted(by_category.items())]

    rotation_list = []
    if exact:
        horizon = on + datetime.timedelta(days=max(ROTATION_HORIZONS))
        # Plain rows, not Tour, Person and Contingent instances: a big mission has hundreds due, and building
        # three model instances for each was a third of the report's time (bench/perstat.py).
        rotation_list = [RotationEntry(*row) for row in (
            tours.filter(contingent__mission=mission, arrival__lte=on, planned_end__lte=horizon)
            .exclude(departure__lte=on).order_by("planned_end", "pk")
            .values_list(*RotationEntry.PATHS))]
    part = None if user is None else mission_part_seen(contingents=contingents, mission=mission)
    return PerstatReport(mission=mission, on=on, previous=previous, contingents=rows, shares=shares,
                         rotation_list=rotation_list, exact=exact, part=part)


def perstat_table(report):
    """The per-contingent table as headers and rows (for the page, CSV, XLSX and the CLI), suppressed if needed."""
    headers = [_("Contingent"), _("ISO"), _("Category"), _("On roll"), _("Strength"), _("Present")]
    headers += [str(s.label) for s in ABSENCES]
    headers += [_("Men"), _("Women"), _("Arrived"), _("Departed")]
    headers += [_("Tour ends within %d days") % d for d in ROTATION_HORIZONS]
    headers += [_("From movements"), _("Roll − movements")]
    categories = {value: str(label) for value, label in PersonnelCategory.choices}  # translated once, not per row
    rows = []
    for s in report.contingents:
        roll = [s.on_roll, s.strength, s.present, *(s.by_status[a] for a in ABSENCES), s.men, s.women,
                s.arrived, s.departed, *(s.rotation.get(d, 0) for d in ROTATION_HORIZONS)] if s.has_roll else \
            [""] * ROLL_COLUMNS
        rows.append([s.contingent.country.name,
                     s.contingent.country_id, categories[s.contingent.category], *roll,
                     s.from_movements if s.from_movements is not None else "",
                     s.difference if s.difference is not None else ""])
    totals = [report.total(name) for name in ("on_roll", "strength", "present")]
    absences = report.absences  # summed over every contingent each time it is read
    totals += [absences[a] for a in ABSENCES]
    totals += [report.total(name) for name in ("men", "women", "arrived", "departed")]
    totals += [sum(s.rotation.get(d, 0) for s in report.contingents) for d in ROTATION_HORIZONS]
    movement_total = sum(s.from_movements or 0 for s in report.contingents if s.has_roll)
    differences = [s.difference for s in report.contingents if s.difference is not None]
    rows.append([roll_total_label(report.part), "", "", *totals, movement_total,
                 sum(differences) if differences else ""])
    if not report.exact:
        count_columns = range(3, len(headers) - 1)
        rows = suppress_table(rows, total_columns=count_columns, total_row=len(rows) - 1)  # the last: the total
        for row in rows:  # a difference could reveal a hidden strength: withhold it with the strength
            if is_suppressed(row[4]) or is_suppressed(row[-2]):
                row[-1] = WITHHELD
    return headers, rows


def perstat_shares_table(report):
    headers = [_("Category"), _("Women"), _("Strength"), _("Women's share"), _("Target"), _("By"), _("Target source")]
    rows = [[str(s.label), s.women, s.strength, round(s.share, 4) if s.share is not None else "",
             float(s.target.share) if s.target else "", s.target.target_year if s.target else "",
             s.target.source.title if s.target else ""] for s in report.shares]
    if not report.exact:
        rows = suppress_table(rows, total_columns=(1, 2))
        for row in rows:
            if is_suppressed(row[1]) or is_suppressed(row[2]):  # the share would give them back
                row[3] = WITHHELD
    return headers, rows


def perstat_rotation_table(report):
    """Names of those whose tour ends within 90 days: only in a report for someone who may see the roll."""
    headers = [_("Planned end"), _("Service number"), _("Rank"), _("Name"), _("Country"), _("Arrival")]
    rows = [[t.planned_end, t.service_number, t.rank, t.name, t.country, t.arrival] for t in report.rotation_list]
    return headers, rows
