"""The strength report for a mission and date: the dashboard's figures, and their PDF, XLSX and CSV.

`strength_report` gathers everything the page, the exports, the API and the CLI show, in a fixed number
of queries whatever the size of the history.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Sum
from django.utils.translation import gettext as _

from muster.force.models import Contingent, Movement
from muster.force.selectors import claims_reconciled, month_ends, strength_at, strength_series
from muster.missions.models import Country, PersonnelCategory
from muster.sources.models import Claim

from .charts import stacked_strength_chart


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
    claims: list
    points: list
    series: dict
    country_names: dict = field(default_factory=dict)

    @property
    def ceiling(self):
        return self.authorization.personnel_ceiling if self.authorization else None

    @property
    def share_of_ceiling(self):
        return self.strength.total / self.ceiling if self.ceiling else None

    @property
    def differing_claims(self):
        return [c for c in self.claims if c.difference]

    def chart_svg(self):
        groups = sorted({g for values in self.series.values() for g in values},
                        key=lambda g: self.country_names.get(g, g))
        if not groups:
            return ""
        series = {self.country_names.get(g, g): [self.series[p].get(g, 0) for p in self.points] for g in groups}
        return stacked_strength_chart(title=_("%(mission)s personnel by country") % {"mission": self.mission.code},
                                      points=self.points, series=series)

    def series_table(self):
        """The chart's figures as rows: date, then each country's strength, then the total."""
        groups = sorted({g for values in self.series.values() for g in values},
                        key=lambda g: self.country_names.get(g, g))
        headers = [_("Date")] + [self.country_names.get(g, g) for g in groups] + [_("Total")]
        rows = [[p] + [self.series[p].get(g, 0) for g in groups] + [sum(self.series[p].values())]
                for p in self.points]
        return headers, rows


def strength_report(*, mission, on, user=None):
    """Everything the strength report shows for `mission` on `on`, within what `user` may see.

    `user` None is the system itself (the CLI on the server): everything.
    """
    movements = Movement.objects.all() if user is None else Movement.objects.restrict(user, "view")
    contingents = Contingent.objects.all() if user is None else Contingent.objects.restrict(user, "view")
    claims = Claim.objects.all() if user is None else Claim.objects.restrict(user, "view")

    strength = strength_at(mission=mission, on=on, by=("country", "category"), movements=movements)
    pledged = dict(
        contingents.filter(mission=mission, pledged_strength__isnull=False)
        .values("country_id").annotate(pledged=Sum("pledged_strength")).values_list("country_id", "pledged")
    )
    countries = [
        CountryBlock(country=iso3, country_name=rows[0].country_name, rows=rows, pledged=pledged.get(iso3))
        for iso3, rows in ((k, list(g)) for k, g in groupby(strength.rows, key=lambda r: r.country))
    ]
    authorization = mission.authorizations.filter(adopted__lte=on).order_by("-adopted").first()
    claim_list = list(
        claims_reconciled(claims=claims.filter(mission=mission, as_of__lte=on))
        .select_related("source").prefetch_related("countries").order_by("-as_of", "pk")
    )
    planned = next((c for c in claim_list if c.metric == Claim.Metric.PLANNED
                    and c.status != Claim.Status.REJECTED), None)
    points = month_ends(start=mission.start, end=on)
    series = strength_series(mission=mission, points=points, by="country", movements=movements)
    # Names of every country in the chart, including those with nobody left on the date itself.
    names = dict(Country.objects.filter(pk__in={g for values in series.values() for g in values})
                 .values_list("iso3", "name"))
    return StrengthReport(
        mission=mission, on=on, strength=strength, countries=countries, authorization=authorization,
        planned=planned, claims=[c for c in claim_list if c.metric != Claim.Metric.PLANNED],
        points=points, series=series, country_names=names,
    )


CATEGORY_LABELS = dict(PersonnelCategory.choices)


def strength_table(report):
    """The strength table as headers and rows, for CSV, XLSX and the CLI."""
    headers = [_("Country"), _("ISO"), _("Category"), _("Men"), _("Women"), _("Sex unknown"), _("Total"),
               _("Women's share (at least)"), _("Pledged")]
    rows = []
    for block in report.countries:
        for row in block.rows:
            rows.append([block.country_name, block.country, str(CATEGORY_LABELS.get(row.category, row.category)),
                         row.men, row.women, row.unknown, row.total,
                         round(row.women_share, 4) if row.women_share is not None else "", ""])
        rows.append([block.country_name, block.country, _("All categories"), block.men, block.women,
                     block.unknown, block.total,
                     round(block.women_share, 4) if block.women_share is not None else "",
                     block.pledged if block.pledged is not None else ""])
    s = report.strength
    rows.append([_("Mission total"), "", "", s.men, s.women, s.unknown, s.total,
                 round(s.women_share, 4) if s.women_share is not None else "", ""])
    return headers, rows


def claims_table(report):
    headers = [_("As of"), _("Subject"), _("Metric"), _("Reported"), _("From movements"), _("Difference"),
               _("Status"), _("Reported by"), _("Source"), _("Address")]
    rows = [[c.as_of, c.subject, c.get_metric_display(), c.value,
             c.computed if c.computed is not None else "", c.difference if c.difference is not None else "",
             c.get_status_display(), c.source.publisher, c.source.title, c.source.address]
            for c in report.claims]
    return headers, rows

