"""The commune map of incidents (operations.selectors.incidents_by_commune, incident_points; /operations/map/): the
figures by commune over a period, scoped by the reader (a restricted incident's five killed change the
administrator's figures, not the liaison's; the donor counts the public ones), the shading by a quantised scale, the
points on top, the table beside with its links, constant queries and the page's weight.

The incidents are a mission of these tests' own (MAPS), beside the demo, whose users read it with their roles."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from muster.core.store import record_store
from muster.missions.models import Mission
from muster.operations.models import Incident, Toll
from muster.operations.selectors import incident_points, incidents_by_commune
from muster.operations.views.incident_map import MAP_POINTS
from muster.places.geometry import SHADES, quantised_scale, shade_of
from muster.places.models import AdminArea
from tests.page_weight import PAGE_BUDGET, weigh
from tests.two_factor import verify_session

from . import helpers

D = datetime.date
CODE = "MAPS"
Q1 = (D(2025, 1, 1), D(2025, 3, 31))
MAP = f"/operations/map/{CODE}/"
PERIOD = {"from": "2025-01-01", "to": "2025-03-31"}


def maps_mission():
    return Mission.objects.get_or_create(code=CODE, defaults={
        "name": "Map test mission", "start": D(2024, 6, 1), "time_zone": helpers.ZONE, "lead_country_id": "KEN"})[0]


def incident(title, *, date, mission=None, kind=helpers.ARMED_CLASH, classification="public",
             actor1=helpers.VIV_ANSANM, actor2=helpers.HNP, associated1=(), tolls=(), **place):
    """An incident of MAPS (unless `mission`) stored as the system, in Kenscoff unless placed otherwise; `tolls` as
    (group, outcome, count)."""
    helpers.boundaries()
    if not place:
        place = {"adm2": helpers.area(helpers.KENSCOFF)}
    made = record_store(user=None, record=Incident(
        mission=mission or maps_mission(), title=title, date=date, event_type=helpers.event_type(kind),
        classification=classification, actor1=helpers.actor(actor1), actor2=helpers.actor(actor2) if actor2 else None,
        **place), many={"associated_actors1": [helpers.actor(name) for name in associated1]})
    for group, outcome, count in tolls:
        helpers.toll(made, group, outcome, count)
    return made


def point(latitude_longitude):
    return {"latitude": latitude_longitude[0], "longitude": latitude_longitude[1]}


def map_world():
    """MAPS in the first quarter of 2025: Kenscoff 3 incidents (public 2 killed; shareable 1 killed and 3 wounded;
    restricted 5 killed), Port-au-Prince 2 public at one point (4 killed), one placed only in Artibonite; outside the
    quarter or the mission, more that never count."""
    incident("Attack on Kenscoff market", date=D(2025, 1, 6), kind=helpers.ATTACK, tolls=[("civilians", "killed", 2)])
    incident("Clash at Kenscoff police station", date=D(2025, 2, 10), classification="shareable",
             tolls=[("police", "killed", 1), ("police", "wounded", 3)])
    incident("Ambush on the Kenscoff road", date=D(2025, 3, 18), classification="restricted",
             tolls=[("mission", "killed", 5)])
    incident("Clash in downtown Port-au-Prince", date=D(2025, 1, 20), tolls=[("armed_group", "killed", 4)],
             **point(helpers.POINT_PORT_AU_PRINCE))
    incident("Abduction in downtown Port-au-Prince", date=D(2025, 3, 31), kind=helpers.ABDUCTION,
             **point(helpers.POINT_PORT_AU_PRINCE))
    incident("Gang attack somewhere in Artibonite", date=D(2025, 2, 1), kind=helpers.ATTACK,
             adm1=helpers.area(helpers.ARTIBONITE))
    incident("Before the quarter", date=D(2024, 12, 31), tolls=[("civilians", "killed", 10)])
    incident("Another mission's", date=D(2025, 2, 1), mission=helpers.mission(True), tolls=[("civilians", "killed", 7)])


def has(text, html):
    """`text` is in the page (a failure names the text, not the whole page)."""
    assert text in html, f"not in the page: {text}"


def has_not(text, html):
    assert text not in html, f"in the page: {text}"


def user(username):
    return get_user_model().objects.get(username=username)


def client_of(username):
    """A demo user's client, signed in with their second factor verified."""
    client = Client()
    client.force_login(user(username))
    verify_session(client, user(username))
    return client


def figures(username, **filters):
    """{P-code or department's P-code + "*" or "-": (incidents, killed)} of the first quarter for the demo user, with
    the page's `filters` (event_type, classification)."""
    areas = dict(AdminArea.objects.values_list("pk", "pcode"))
    return {areas[f.adm2_id] if f.adm2_id else (areas[f.adm1_id] + "*" if f.adm1_id else "-"): (f.incidents, f.killed)
            for f in incidents_by_commune(user=user(username), start=Q1[0], end=Q1[1], mission=maps_mission(),
                                          **filters)}


class CommuneFigures(TestCase):
    @classmethod
    def setUpTestData(cls):
        map_world()

    def test_the_administrator_counts_every_incident_of_the_mission_and_quarter_with_its_killed(self):
        self.assertEqual(figures("admin"), {helpers.KENSCOFF: (3, 8), helpers.PORT_AU_PRINCE: (2, 4),
                                            helpers.ARTIBONITE + "*": (1, 0)})

    def test_a_restricted_incident_with_five_killed_changes_the_administrators_figures_not_the_liaisons(self):
        self.assertEqual(figures("liaison-gtm"), {helpers.KENSCOFF: (2, 3), helpers.PORT_AU_PRINCE: (2, 4),
                                                  helpers.ARTIBONITE + "*": (1, 0)})
        self.assertEqual(figures("liaison-ken"), figures("liaison-gtm"))

    def test_the_donor_counts_the_public_incidents_only(self):
        self.assertEqual(figures("donor-usa"), {helpers.KENSCOFF: (1, 2), helpers.PORT_AU_PRINCE: (2, 4),
                                                helpers.ARTIBONITE + "*": (1, 0)})

    def test_the_pages_filters_narrow_the_figures(self):
        self.assertEqual(figures("admin", event_type=helpers.event_type(helpers.ATTACK)),
                         {helpers.KENSCOFF: (1, 2), helpers.ARTIBONITE + "*": (1, 0)})
        self.assertEqual(figures("admin", classification=["restricted", "shareable"]),
                         {helpers.KENSCOFF: (2, 6)})

    def test_a_reader_granted_incidents_but_not_their_tolls_gets_no_killed(self):
        from muster.core.testing import make_user

        reader = make_user("incidents-only", grants=[(["operations.incident"], ["view"], None)])
        rows = incidents_by_commune(user=reader, start=Q1[0], end=Q1[1], mission=maps_mission())
        self.assertEqual(sorted((f.incidents, f.killed) for f in rows), [(1, None), (2, None), (3, None)])

    def test_a_reader_granted_fewer_tolls_than_incidents_counts_the_killed_of_those_tolls_only(self):
        from muster.core.testing import make_user

        reader = make_user("all-incidents-public-tolls", grants=[
            (["operations.incident"], ["view"], None), (["operations.toll"], ["view"], {"classification": ["public"]})])
        rows = incidents_by_commune(user=reader, start=Q1[0], end=Q1[1], mission=maps_mission())
        self.assertEqual(sorted((f.incidents, f.killed) for f in rows), [(1, 0), (2, 4), (3, 2)])

    def test_the_points_are_the_incidents_with_coordinates_counted_by_place(self):
        points = incident_points(user=user("admin"), start=Q1[0], end=Q1[1],
                                 incidents=Incident.objects.filter(mission=maps_mission()))
        self.assertEqual([(str(p.latitude), str(p.longitude), p.incidents) for p in points],
                         [(*helpers.POINT_PORT_AU_PRINCE, 2)])
        self.assertEqual(incident_points(user=user("admin"), start=D(2025, 2, 1), end=Q1[1],
                                         incidents=Incident.objects.filter(mission=maps_mission()))[0].incidents, 1)


def test_the_quantised_scale_ends_each_class_at_a_quantile_of_the_figures_above_zero():
    scale = quantised_scale([0, 0, 1, 1, 1, 2, 3, 5, 8, 13, 40, 0])
    # Nine figures above zero: each class ends at the figure a fifth, two fifths… of the way along them.
    assert [(s.low, s.high) for s in scale] == [(1, 1), (2, 2), (3, 5), (6, 13), (14, 40)]
    assert [s.colour for s in scale] == list(SHADES)
    assert shade_of(0, scale) is None and shade_of(3, scale) == SHADES[2] and shade_of(40, scale) == SHADES[4]
    two = quantised_scale([1, 1, 9])  # fewer different figures than colours: fewer classes, spread over the scale
    assert [(s.low, s.high, s.colour) for s in two] == [(1, 1, SHADES[0]), (2, 9, SHADES[4])]
    assert [(s.low, s.high, s.colour) for s in quantised_scale([2, 2, 0])] == [(1, 2, SHADES[2])]  # one: the middle
    assert quantised_scale([0, 0]) == []


def _commune_path(html, pcode):
    """The fill of a commune's outline on the map (None: the plain fill) and its title."""
    found = re.search(r'<path d="[^"]+"(?: fill="([^"]+)")?><title>([^<]*\(' + pcode + r'\)[^<]*)</title>', html)
    return found.group(1), found.group(2)


def _table(html):
    """The commune table's rows as (department, commune, P-code, incidents, killed) texts."""
    body = html[html.index('<table id="commune-table"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row))
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


class CommuneMapPage(TestCase):
    @classmethod
    def setUpTestData(cls):
        map_world()

    def test_the_map_shades_communes_by_incidents_with_points_on_top_and_its_table_beside(self):
        html = client_of("admin").get(MAP, PERIOD).content.decode()
        self.assertEqual(html.count("<path"), 150)  # 140 communes, 10 departments
        fill, title = _commune_path(html, helpers.KENSCOFF)
        self.assertEqual((fill, title), (SHADES[4], f"Kenscoff ({helpers.KENSCOFF}): 3 incidents, 8 killed"))
        self.assertEqual(_commune_path(html, helpers.PORT_AU_PRINCE)[0], SHADES[0])  # 2 incidents: the lower class
        self.assertIsNone(_commune_path(html, helpers.DELMAS)[0])  # none: the plain fill
        self.assertEqual(re.findall(r'<g class="points"[^>]*><circle[^>]*><title>([^<]*)</title>', html),
                         ["2 incidents"])
        self.assertEqual(_table(html), [("West", "Kenscoff", helpers.KENSCOFF, "3", "8"),
                                        ("West", "Port-au-Prince", helpers.PORT_AU_PRINCE, "2", "4"),
                                        ("Artibonite", "(department only)", "—", "1", "0")])
        has(">6</a></td><td class=\"num\">12<", html)  # the totals
        has(f"/operations/incidents/?mission={CODE}&amp;date_after=2025-01-01&amp;date_before=2025-03-31"
                      f"&amp;adm2={helpers.KENSCOFF}", html)
        has(f"/operations/timeline/commune/{helpers.KENSCOFF}/?mission={CODE}", html)
        legend = re.sub(r"<[^>]+>|\s+", " ", html[html.index('<p class="legend">'):html.index("</p>", html.index(
            '<p class="legend">'))]).split()
        self.assertEqual(legend, ["Incidents:", "none", "1–2", "3", "2", "incidents", "with", "coordinates"])
        has_not("<script", html.split("</head>")[1])

    def test_the_liaison_page_counts_without_the_restricted_incident_and_the_donors_without_the_shareable(self):
        liaison = _table(client_of("liaison-gtm").get(MAP, PERIOD).content.decode())
        self.assertEqual(liaison[0], ("West", "Kenscoff", helpers.KENSCOFF, "2", "3"))
        donor = client_of("donor-usa").get(MAP, PERIOD).content.decode()
        self.assertEqual(_table(donor)[0], ("West", "Port-au-Prince", helpers.PORT_AU_PRINCE, "2", "4"))
        self.assertEqual(_commune_path(donor, helpers.KENSCOFF)[1], f"Kenscoff ({helpers.KENSCOFF}): 1 incident, "
                                                                    "2 killed")

    def test_shaded_by_killed_the_classes_follow_the_killed(self):
        html = client_of("admin").get(MAP, {**PERIOD, "measure": "fatalities"}).content.decode()
        self.assertEqual((_commune_path(html, helpers.KENSCOFF)[0], _commune_path(html, helpers.PORT_AU_PRINCE)[0]),
                         (SHADES[4], SHADES[0]))
        has("Killed:", html)

    def test_the_table_sorts_by_any_column(self):
        client = client_of("admin")
        by_commune = _table(client.get(MAP, {**PERIOD, "sort": "commune"}).content.decode())
        self.assertEqual([r[1] for r in by_commune], ["(department only)", "Kenscoff", "Port-au-Prince"])
        by_killed = _table(client.get(MAP, {**PERIOD, "sort": "killed"}).content.decode())
        self.assertEqual([r[4] for r in by_killed], ["0", "4", "8"])
        self.assertEqual(_table(client.get(MAP, {**PERIOD, "sort": "nonsense"}).content.decode())[0][3], "3")

    def test_the_filters_of_the_list_narrow_the_map(self):
        attack = helpers.event_type(helpers.ATTACK)
        html = client_of("admin").get(MAP, {**PERIOD, "event_type": attack.pk,
                                            "classification": ["public"]}).content.decode()
        self.assertEqual(_table(html), [("West", "Kenscoff", helpers.KENSCOFF, "1", "2"),
                                        ("Artibonite", "(department only)", "—", "1", "0")])
        has(f"event_type={attack.pk}&amp;classification=public&amp;adm2={helpers.KENSCOFF}", html)

    def test_a_date_that_is_not_one_is_named_and_the_page_shows_the_default_period(self):
        response = client_of("admin").get(MAP, {"from": "2025-02-30", "to": "2025-03-31"})
        html = response.content.decode()
        self.assertEqual(response.status_code, 200)
        has("From: “2025-02-30” is not a date in the form YYYY-MM-DD.", html)
        has('name="from" value="2025-01-06"', html)  # thirteen ISO weeks to the end asked for
        backwards = client_of("admin").get(MAP, {"from": "2025-03-31", "to": "2025-01-01"}).content.decode()
        has("The period cannot end (2025-01-01) before it starts (2025-03-31)", backwards)

    def test_the_default_period_is_the_last_thirteen_weeks_to_the_missions_today(self):
        Mission.objects.filter(code=CODE).update(end=D(2025, 3, 31))
        html = client_of("admin").get(MAP).content.decode()
        has('name="from" value="2025-01-06"', html)
        has('name="to" value="2025-03-31"', html)
        has("The MAPS ended on 31 Mar 2025; showing its last day.", html)
        self.assertEqual(len(_table(html)), 3)  # the 6 Jan attack is in; nothing before it was

    def test_who_may_not_see_incidents_or_the_mission_is_refused(self):
        self.assertEqual(Client().get(MAP).status_code, 302)  # to sign in
        self.assertEqual(client_of("admin").get("/operations/map/NOPE/").status_code, 404)
        from muster.core.testing import make_user

        nobody = make_user("no-incidents", grants=[(["missions.mission"], ["view"], None)])
        client = Client()
        client.force_login(nobody)
        self.assertEqual(client.get(MAP).status_code, 403)

    def test_the_queries_do_not_grow_with_the_incidents_and_the_heaviest_map_keeps_to_the_budget(self):
        """The heaviest map: every commune with incidents (a row each) and more places than are drawn."""
        client = client_of("liaison-gtm")
        client.get(MAP, PERIOD)  # the session and caches warmed
        with CaptureQueriesContext(connection) as few:
            client.get(MAP, PERIOD)
        # Stored in bulk (no model checks, no change log): the page's weight and queries are what is tested here.
        mission, clash, actor = maps_mission(), helpers.event_type(), helpers.actor()
        communes = list(AdminArea.objects.filter(level=AdminArea.Level.ADM2).order_by("pcode"))
        made = Incident.objects.bulk_create(
            [Incident(mission=mission, title=f"Incident {n}", date=D(2025, 1, 1) + datetime.timedelta(days=n % 90),
                      event_type=clash, actor1=actor, adm1_id=commune.parent_id, adm2=commune,
                      classification="shareable") for n, commune in enumerate(communes)]
            + [Incident(mission=mission, title=f"Point {n}", date=D(2025, 2, 1), event_type=clash, actor1=actor,
                        location=f"A named place of Haiti, number {n}", latitude=f"{18.2 + n / 300:.5f}",
                        longitude=f"{-73.2 + n / 100:.5f}", outside_boundaries=True, classification="public")
               for n in range(MAP_POINTS + 20)])
        Toll.objects.bulk_create([Toll(incident=incident, group="civilians", outcome="killed", count=n % 7)
                                  for n, incident in enumerate(made)])
        with CaptureQueriesContext(connection) as many:
            html = client.get(MAP, PERIOD).content.decode()
        self.assertEqual(len(many), len(few))
        self.assertEqual(len(_table(html)), 140 + 2)  # and Port-au-Prince's and Artibonite's from map_world
        self.assertEqual(html.count("<circle") - 1, MAP_POINTS)  # the legend's dot aside
        has(f"21 more places with incidents are not drawn: the map shows the {MAP_POINTS} places with the most.", html)
        uncompressed, _sent, _html = weigh(client, MAP, **PERIOD)
        self.assertLess(uncompressed, PAGE_BUDGET)
