"""The timelines (operations.selectors.incident_timeline; /operations/timeline/actor/<pk>/ and
/operations/timeline/commune/<P-code>/): an actor's or an area's incidents in the order they happened, with their
killed, wounded, missing and abducted, scoped by the reader, one page at a time in constant queries."""

import datetime
import html as html_module
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from muster.operations.models import Incident
from muster.operations.selectors import incident_timeline, involving
from muster.operations.views.incident_map import TIMELINE_PAGE
from tests.page_weight import PAGE_BUDGET, weigh

from . import helpers
from .test_incident_map import CODE, client_of, has, incident, map_world, user

D = datetime.date


def _rows(html):
    """The timeline's rows as lists of cell texts."""
    body = html[html.index('<table id="timeline"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return [[html_module.unescape(re.sub(r"<[^>]+>", "", cell).strip())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in re.findall(r"<tr>(.*?)</tr>", body)]


class Timelines(TestCase):
    @classmethod
    def setUpTestData(cls):
        map_world()
        # A member gang of Viv Ansanm, on the other side; and Viv Ansanm only associated with another group.
        incident("5 Segond attack in Kenscoff", date=D(2025, 2, 20), actor1=helpers.FIVE_SEGOND,
                 tolls=[("civilians", "killed", 3), ("civilians", "wounded", 2), ("civilians", "abducted", 4)])
        incident("Gran Grif with Viv Ansanm in Saint-Marc", date=D(2025, 3, 2), actor1=helpers.GRAN_GRIF,
                 associated1=[helpers.VIV_ANSANM], classification="restricted", adm2=helpers.area(helpers.SAINT_MARC),
                 tolls=[("police", "missing", 1)])
        cls.viv_ansanm = helpers.actor(helpers.VIV_ANSANM)
        cls.gran_grif = helpers.actor(helpers.GRAN_GRIF)

    def titles(self, username, condition, **filters):
        return [i.title for i in incident_timeline(user=user(username), incidents=Incident.objects.filter(
            condition, mission__code=CODE, **filters))]

    def test_a_coalitions_timeline_takes_in_its_members_and_its_associations_in_the_order_they_happened(self):
        actors = [self.viv_ansanm, *self.viv_ansanm.members.all()]
        titles = self.titles("admin", involving(actors))
        self.assertEqual(titles[:3], ["Before the quarter", "Attack on Kenscoff market", "Clash in downtown "
                                      "Port-au-Prince"])
        self.assertEqual(titles[-4:], ["5 Segond attack in Kenscoff", "Gran Grif with Viv Ansanm in Saint-Marc",
                                       "Ambush on the Kenscoff road", "Abduction in downtown Port-au-Prince"])
        self.assertEqual(len(titles), 9)
        self.assertEqual(self.titles("admin", involving([self.gran_grif])), ["Gran Grif with Viv Ansanm in Saint-Marc"])

    def test_each_incident_carries_its_tolls_by_outcome_every_group_together(self):
        line = incident_timeline(user=user("admin"), incidents=Incident.objects.filter(
            title="5 Segond attack in Kenscoff")).get()
        self.assertEqual((line.killed, line.wounded, line.missing, line.abducted), (3, 2, 0, 4))
        clash = incident_timeline(user=user("admin"), incidents=Incident.objects.filter(
            title="Clash at Kenscoff police station")).get()
        self.assertEqual((clash.killed, clash.wounded), (1, 3))

    def test_the_liaison_sees_no_restricted_incident_and_the_donor_the_public_only(self):
        everything = set(self.titles("admin", involving([self.viv_ansanm, *self.viv_ansanm.members.all()])))
        liaison = set(self.titles("liaison-gtm", involving([self.viv_ansanm, *self.viv_ansanm.members.all()])))
        donor = set(self.titles("donor-usa", involving([self.viv_ansanm, *self.viv_ansanm.members.all()])))
        self.assertEqual(everything - liaison, {"Ambush on the Kenscoff road", "Gran Grif with Viv Ansanm in "
                                                                               "Saint-Marc"})
        self.assertEqual(liaison - donor, {"Clash at Kenscoff police station"})

    def test_the_actors_page_lists_its_incidents_with_their_tolls_and_links(self):
        html = client_of("admin").get(f"/operations/timeline/actor/{self.viv_ansanm.pk}/",
                                      {"mission": CODE}).content.decode()
        note = re.search(r"<p>With its member groups: ([^<]*)\.</p>", html).group(1)
        self.assertIn(helpers.FIVE_SEGOND, note.split(", "))  # and the demo's other member gangs
        rows = _rows(html)
        self.assertEqual(len(rows), 9)
        segond = next(r for r in rows if r[2] == "5 Segond attack in Kenscoff")
        self.assertEqual(segond, ["20 Feb 2025", "Battles: Armed clash", "5 Segond attack in Kenscoff",
                                  "Kenscoff, West", f"{helpers.FIVE_SEGOND} — {helpers.HNP}", "3", "2", "0", "4"])
        made = Incident.objects.get(title="5 Segond attack in Kenscoff")
        has(f'<a href="/operations/incidents/{made.pk}/">5 Segond attack in Kenscoff</a>', html)
        has(f'<a href="/operations/timeline/actor/{made.actor2_id}/">{helpers.HNP}</a>', html)

    def test_a_communes_page_and_a_departments_every_incident_placed_in_it(self):
        client = client_of("liaison-gtm")
        kenscoff = _rows(client.get(f"/operations/timeline/commune/{helpers.KENSCOFF}/",
                                    {"mission": CODE}).content.decode())
        self.assertEqual([r[2] for r in kenscoff], ["Before the quarter", "Attack on Kenscoff market",
                                                    "Clash at Kenscoff police station", "5 Segond attack in Kenscoff"])
        artibonite = client.get(f"/operations/timeline/commune/{helpers.ARTIBONITE}/", {"mission": CODE})
        self.assertEqual([r[2] for r in _rows(artibonite.content.decode())], ["Gang attack somewhere in Artibonite"])
        admin_artibonite = client_of("admin").get(f"/operations/timeline/commune/{helpers.ARTIBONITE}/",
                                                  {"mission": CODE}).content.decode()
        self.assertEqual(len(_rows(admin_artibonite)), 2)  # with the restricted one in Saint-Marc

    def test_every_mission_unless_one_is_asked_for(self):
        rows = _rows(client_of("admin").get(f"/operations/timeline/commune/{helpers.KENSCOFF}/").content.decode())
        self.assertIn("Another mission's", [r[2] for r in rows])
        self.assertLessEqual({CODE, "MSS"}, {r[-1] for r in rows})  # the mission's column

    def test_what_the_reader_may_not_see_answers_as_what_does_not_exist(self):
        client = client_of("admin")
        self.assertEqual(client.get("/operations/timeline/commune/HT9999/").status_code, 404)
        self.assertEqual(client.get("/operations/timeline/actor/999999/").status_code, 404)
        self.assertEqual(client.get(f"/operations/timeline/actor/{self.viv_ansanm.pk}/",
                                    {"mission": "NOPE"}).status_code, 404)
        from muster.core.testing import make_user

        nobody = make_user("no-incidents-timeline", grants=[(["operations.actor"], ["view"], None)])
        client.force_login(nobody)
        self.assertEqual(client.get(f"/operations/timeline/actor/{self.viv_ansanm.pk}/").status_code, 403)

    def test_a_page_at_a_time_in_the_same_queries_whatever_the_history(self):
        client = client_of("j3")
        address = f"/operations/timeline/actor/{self.gran_grif.pk}/?mission={CODE}"
        client.get(address)
        with CaptureQueriesContext(connection) as few:
            client.get(address)
        long = "; ".join(["a title as long as a field allows, saying what happened and where"] * 3)[:175]
        for n in range(TIMELINE_PAGE + 5):
            incident(f"Gran Grif raid {n:03}: {long}", date=D(2024, 7, 1) + datetime.timedelta(days=n),
                     actor1=helpers.GRAN_GRIF, tolls=[("civilians", "killed", n % 3)])
        with CaptureQueriesContext(connection) as many:
            first = client.get(address).content.decode()
        self.assertEqual(len(many), len(few))
        self.assertEqual(len(_rows(first)), TIMELINE_PAGE)
        has("Page 1 of 2", first)
        last = _rows(client.get(address + "&page=2").content.decode())
        self.assertEqual([r[2] for r in last], [f"Gran Grif raid {n:03}: {long}" for n in range(TIMELINE_PAGE,
                                                                                               TIMELINE_PAGE + 5)]
                         + ["Gran Grif with Viv Ansanm in Saint-Marc"])
        uncompressed, _sent, _html = weigh(client, f"/operations/timeline/actor/{self.gran_grif.pk}/", mission=CODE)
        self.assertLess(uncompressed, PAGE_BUDGET)
