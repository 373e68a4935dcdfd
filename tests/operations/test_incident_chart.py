"""The weekly chart (operations.selectors.incidents_by_week; /operations/chart/): incidents per ISO week by event type,
stacked SVG bars with the table of the same figures, scoped by the reader, constant queries, within the page budget.
The incidents are the map's mission of these tests' own (test_incident_map.map_world)."""

import datetime
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from muster.operations.models import EventType, Incident
from muster.operations.selectors import incidents_by_week
from tests.page_weight import PAGE_BUDGET, weigh

from . import helpers
from .test_incident_map import CODE, Q1, client_of, has, incident, map_world, maps_mission, user

D = datetime.date
CHART = f"/operations/chart/{CODE}/"
PERIOD = {"from": "2025-01-01", "to": "2025-03-31"}
BATTLES, VIOLENCE = "Battles", "Violence against civilians"


def weekly(username, start=None, end=None):
    """The first quarter of 2025 (unless given) as the demo user counts it."""
    return incidents_by_week(user=user(username), start=start or Q1[0], end=end or Q1[1],
                             incidents=Incident.objects.filter(mission=maps_mission()))


def _table(html):
    """The weekly table's rows as lists of cell texts, its header first."""
    table = html[html.index('<table id="weekly-table"'):html.index("</table>", html.index('<table id="weekly-table"'))]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)]


class WeeklyCounts(TestCase):
    @classmethod
    def setUpTestData(cls):
        map_world()
        # A Sunday and the Monday after it fall in two ISO weeks.
        incident("Clash on a Sunday", date=D(2025, 1, 12))
        incident("Clash on the Monday after", date=D(2025, 1, 13), classification="restricted")

    def test_every_iso_week_of_the_period_by_event_type_most_incidents_first(self):
        counts = weekly("admin")
        self.assertEqual(len(counts.weeks), 14)  # 30 Dec 2024 (1 Jan is a Wednesday) to 31 Mar 2025, a Monday
        self.assertEqual((counts.weeks[0], counts.weeks[-1]), (D(2024, 12, 30), D(2025, 3, 31)))
        self.assertEqual(counts.event_types, [BATTLES, VIOLENCE])  # 5 battles, 3 violence against civilians
        self.assertEqual({week: n for week, n in zip(counts.weeks, counts.series(BATTLES), strict=True) if n},
                         {D(2025, 1, 6): 1, D(2025, 1, 13): 1, D(2025, 1, 20): 1, D(2025, 2, 10): 1,
                          D(2025, 3, 17): 1})
        self.assertEqual((counts.week_total(D(2025, 1, 6)), counts.week_total(D(2025, 3, 31))), (2, 1))
        self.assertEqual((counts.type_totals, counts.total), ([5, 3], 8))

    def test_the_liaison_counts_without_the_restricted_and_the_donor_the_public_only(self):
        liaison, donor = weekly("liaison-gtm"), weekly("donor-usa")
        self.assertEqual((liaison.type_totals, liaison.total), ([3, 3], 6))
        self.assertEqual(liaison.week_total(D(2025, 1, 13)), 0)  # the restricted Monday clash
        self.assertEqual((donor.event_types, donor.type_totals, donor.total), ([VIOLENCE, BATTLES], [3, 2], 5))

    def test_a_week_cut_by_the_period_counts_only_its_days_inside(self):
        counts = weekly("admin", start=D(2025, 1, 8), end=D(2025, 1, 12))
        self.assertEqual((counts.weeks, counts.total), ([D(2025, 1, 6)], 1))  # the Sunday; not the 6 Jan attack

    def test_the_page_draws_stacked_bars_and_the_table_of_the_same_figures(self):
        html = client_of("admin").get(CHART, PERIOD).content.decode()
        svg = html[html.index("<svg"):html.index("</svg>")]
        self.assertEqual(len(re.findall(r'<g class="series serie-\d+ color-\d+">', svg)), 2)
        legend = html[html.index('<figcaption class="legend">'):html.index("</figcaption>")]
        self.assertEqual(re.findall(r"</svg> ([^<]+)</span>", legend), [BATTLES, VIOLENCE])  # the series' order
        self.assertNotIn("<script", html.split("</head>")[1])
        rows = _table(html)
        self.assertEqual(rows[0], ["Week", BATTLES, VIOLENCE, "All"])
        self.assertEqual(rows[1], ["30 Dec 2024 – 5 Jan", "0", "0", "0"])
        self.assertEqual(rows[2], ["6 Jan 2025 – 12 Jan", "1", "1", "2"])
        self.assertEqual(rows[-1], ["All weeks", "5", "3", "8"])
        self.assertEqual(len(rows), 16)
        has(f"/operations/incidents/?mission={CODE}&amp;date_after=2025-01-06&amp;date_before=2025-01-12", html)
        has(f"/operations/incidents/?mission={CODE}&amp;date_after=2025-03-31&amp;date_before=2025-03-31", html)
        has(f"/operations/map/{CODE}/?from=2025-01-01&amp;to=2025-03-31", html)

    def test_the_liaisons_page_counts_what_they_may_see(self):
        rows = _table(client_of("liaison-gtm").get(CHART, PERIOD).content.decode())
        self.assertEqual(rows[-1], ["All weeks", "3", "3", "6"])

    def test_a_period_longer_than_a_year_shows_its_last_year_saying_so(self):
        html = client_of("admin").get(CHART, {"from": "2023-01-01", "to": "2025-03-31"}).content.decode()
        has("The chart shows at most 53 weeks: from 1 Apr 2024.", html)
        self.assertEqual(len(_table(html)), 53 + 2)

    def test_a_period_without_incidents_has_no_chart_and_says_so(self):
        html = client_of("admin").get(CHART, {"from": "2024-07-01", "to": "2024-07-31"}).content.decode()
        self.assertNotIn('<figure class="chart', html)
        has("No incidents that you may see in this period.", html)

    def test_the_queries_do_not_grow_with_the_incidents_and_the_heaviest_chart_keeps_to_the_budget(self):
        """The heaviest chart: a year of weeks, every event type in every week."""
        client = client_of("j3")
        client.get(CHART, PERIOD)
        with CaptureQueriesContext(connection) as few:
            client.get(CHART, PERIOD)
        # Stored in bulk (no model checks, no change log): the page's weight and queries are what is tested here.
        types = {}
        for event_type in EventType.objects.order_by("pk"):
            types.setdefault(event_type.event_type, event_type)
        mission, actor, kenscoff = maps_mission(), helpers.actor(), helpers.area(helpers.KENSCOFF)
        Incident.objects.bulk_create([
            Incident(mission=mission, title="Sample", date=D(2024, 4, 1) + datetime.timedelta(days=day),
                     event_type=event_type, actor1=actor, adm1_id=kenscoff.parent_id, adm2=kenscoff)
            for day in range(365) for event_type in types.values()])
        year = {"from": "2024-04-01", "to": "2025-03-31"}
        with CaptureQueriesContext(connection) as many:
            html = client.get(CHART, year).content.decode()
        self.assertEqual(len(many), len(few))
        rows = _table(html)
        self.assertEqual((len(rows[0]), len(rows)), (len(types) + 2, 53 + 2))
        self.assertEqual(rows[-1][-1], f"{365 * len(types) + 9:,}")  # and the nine of this class from 31 Dec 2024
        uncompressed, _sent, _html = weigh(client, CHART, **year)
        self.assertLess(uncompressed, PAGE_BUDGET)
