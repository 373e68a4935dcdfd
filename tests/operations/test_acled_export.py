"""Incidents out (operations.acled.export): in ACLED's columns, as HXL-tagged CSV and as GeoJSON, each filtered as
the incident list is and within what the reader may see; an ACLED export imported into an empty mission gives the
same incidents."""

import csv
import datetime
import io
import json

from django.test import TestCase

from muster.missions.models import Mission
from muster.operations.acled import acled_import
from muster.operations.acled.parsing import COLUMNS, acled_rows_read
from muster.operations.models import Incident, Toll

from . import helpers
from .acled_files import POINT_SAINT_MARC, event, imported

D = datetime.date


def rows(response):
    """A CSV download as dicts (its first row the header)."""
    return list(csv.DictReader(io.StringIO(response.content.decode())))


class IncidentExports(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = helpers.world()
        imported(event(1, event_date="23 February 2025", assoc_actor_1=f"{helpers.GRAN_GRIF}; {helpers.FIVE_SEGOND}",
                       latitude=POINT_SAINT_MARC[0], longitude=POINT_SAINT_MARC[1], admin1="Artibonite",
                       admin2="Saint-Marc", admin3="Saint-Marc", location="Pont-Sonde", fatalities="3",
                       source="Invented Daily; Invented Radio", notes="-1 bridge: invented."),
                 event(2, actor2="", inter2="", time_precision="3", geo_precision="2"), classification="restricted")
        imported(event(3, event_type="Violence against civilians", sub_event_type="Attack", actor2=helpers.CIVILIANS,
                       inter2="7", civilian_targeting="Civilian targeting", fatalities="1"),
                 classification="shareable")
        cls.own = helpers.incident(title="Invented ambush on the Kenscoff road", date=D(2025, 3, 20),
                                   classification="public", associated2=[helpers.MSS_FORCES],
                                   tolls=[("police", "killed", 2), ("civilians", "wounded", 4)])
        cls.gsf = helpers.incident(False, title="Invented clash in the GSF", classification="public")

    def signed_in(self, username):
        from django.test import Client

        from tests.two_factor import verify_session

        client = Client()
        client.force_login(self.user(username))
        verify_session(client, self.user(username))
        return client

    def export(self, user, name, **query):
        response = self.signed_in(user).get(f"/incidents/export/{name}", query)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response

    @staticmethod
    def user(username):
        from muster.core.models import User

        return User.objects.get(username=username)

    def test_acleds_columns_for_imported_events_and_for_musters_own_incidents(self):
        response = self.export("j3", "acled.csv", mission="MSS")
        self.assertIn('filename="incidents_MSS_', response["Content-Disposition"])
        self.assertTrue(response["Content-Disposition"].endswith('_acled.csv"'))
        self.assertEqual(response.content.decode().splitlines()[0], ",".join(COLUMNS))
        found = {row["event_id_cnty"]: row for row in rows(response)}
        self.assertLessEqual({"TST0001", "TST0002", "TST0003", f"MSS-{self.own.pk}"}, set(found))
        self.assertNotIn(f"MSS-{self.gsf.pk}", found)  # the mission's filter
        clash = found["TST0001"]
        self.assertEqual({k: clash[k] for k in (
            "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
            "assoc_actor_1", "inter1", "actor2", "inter2", "interaction", "iso", "country", "admin1", "admin2",
            "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities")}, {
            "event_date": "23 February 2025", "year": "2025", "time_precision": "1",
            "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
            "actor1": helpers.VIV_ANSANM, "assoc_actor_1": f"{helpers.FIVE_SEGOND}; {helpers.GRAN_GRIF}",
            "inter1": "3", "actor2": helpers.HNP, "inter2": "1", "interaction": "13", "iso": "332",
            "country": "Haiti", "admin1": "Artibonite", "admin2": "Saint-Marc", "location": "Pont-Sonde",
            "latitude": "19.15000", "longitude": "-72.62000", "geo_precision": "1",
            "source": "Invented Daily; Invented Radio", "notes": "'-1 bridge: invented.", "fatalities": "3"})
        self.assertEqual((found["TST0002"]["actor2"], found["TST0002"]["inter2"], found["TST0002"]["interaction"]),
                         ("", "0", "30"))  # a lone actor, as ACLED codes it
        self.assertEqual(found["TST0003"]["civilian_targeting"], "Civilian targeting")
        own = found[f"MSS-{self.own.pk}"]
        self.assertEqual((own["event_date"], own["fatalities"], own["assoc_actor_2"], own["admin1"], own["admin2"]),
                         ("20 March 2025", "2", helpers.MSS_FORCES, "Ouest", "Kenscoff"))

    def test_hxl_has_a_second_header_row_of_hashtags_and_muster_figures(self):
        lines = list(csv.reader(io.StringIO(self.export("j3", "hxl.csv", mission="MSS").content.decode())))
        tags = lines[1]
        for tag in ("#event+id", "#date+occurred", "#event+type", "#actor+name", "#adm1+name", "#adm1+code",
                    "#adm2+name", "#adm2+code", "#loc+name", "#geo+lat", "#geo+lon", "#affected+killed",
                    "#meta+source"):
            self.assertIn(tag, tags)
        found = {line[0]: dict(zip(tags, line, strict=True)) for line in lines[2:]}
        own = found[f"MSS-{self.own.pk}"]
        self.assertEqual((own["#date+occurred"], own["#adm1+code"], own["#adm2+code"], own["#adm2+name"],
                          own["#affected+killed"], own["#affected+injured"]),
                         ("2025-03-20", helpers.OUEST, helpers.KENSCOFF, "Kenscoff", "2", "4"))
        self.assertEqual(found["TST0001"]["#meta+source"], "Invented Daily; Invented Radio")

    def test_geojson_is_a_feature_collection_of_points(self):
        response = self.export("j3", "incidents.geojson", mission="MSS")
        self.assertEqual(response["Content-Type"], "application/geo+json")
        collection = json.loads(response.content)
        self.assertEqual(collection["type"], "FeatureCollection")
        features = {f["id"]: f for f in collection["features"]}
        clash = features["TST0001"]
        self.assertEqual(clash["geometry"], {"type": "Point", "coordinates": [-72.62, 19.15]})
        self.assertEqual((clash["properties"]["event_date"], clash["properties"]["fatalities"],
                          clash["properties"]["adm2_pcode"]), ("2025-02-23", 3, helpers.SAINT_MARC))
        own = features[f"MSS-{self.own.pk}"]
        self.assertIsNone(own["geometry"])  # placed by its commune, without a point
        self.assertEqual((own["properties"]["wounded"], own["properties"]["url"]),
                         (4, self.own.get_absolute_url()))

    def test_each_reader_exports_only_what_they_may_see(self):
        def ids(user):
            return {row["event_id_cnty"] for row in rows(self.export(user, "acled.csv"))}

        everything = ids("j3")
        self.assertLessEqual({"TST0001", "TST0002", "TST0003", f"MSS-{self.own.pk}", f"GSF-{self.gsf.pk}"},
                             everything)
        liaison = ids("liaison-ken")
        self.assertEqual(liaison & {"TST0001", "TST0002"}, set())  # restricted to mission staff
        self.assertLessEqual({"TST0003", f"MSS-{self.own.pk}"}, liaison)
        self.assertEqual(set(Incident.objects.filter(
            classification="restricted").values_list("acled_id", flat=True)) & liaison, set())
        donor = ids("donor-usa")
        self.assertNotIn("TST0003", donor)  # shareable is not public
        self.assertIn(f"MSS-{self.own.pk}", donor)
        hxl = self.export("liaison-ken", "hxl.csv").content.decode()
        geo = self.export("liaison-ken", "incidents.geojson").content.decode()
        self.assertNotIn("TST0001", hxl + geo)
        self.assertEqual(self.client.get("/incidents/export/acled.csv").status_code, 302)  # signed in first

    def test_the_lists_filters_apply_and_an_unknown_format_is_not_found(self):
        ours = {"TST0001", "TST0002", "TST0003"}  # the demo may hold incidents of its own
        only_attacks = rows(self.export("j3", "acled.csv", mission="MSS",
                                        event_type=self.world.event_types[helpers.ATTACK].pk))
        self.assertEqual({row["event_id_cnty"] for row in only_attacks} & ours, {"TST0003"})
        self.assertEqual({row["event_type"] for row in only_attacks}, {"Violence against civilians"})
        artibonite = rows(self.export("j3", "acled.csv", mission="MSS", adm1=helpers.ARTIBONITE))
        self.assertEqual({row["event_id_cnty"] for row in artibonite} & ours, {"TST0001"})
        self.assertEqual({row["admin1"] for row in artibonite}, {"Artibonite"})
        self.assertEqual(self.signed_in("j3").get("/incidents/export/incidents.kml").status_code, 404)

    def test_the_export_reads_a_fixed_number_of_queries_whatever_the_number_of_incidents(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from muster.operations.acled.export import acled_csv

        user = self.user("j3")
        acled_csv(incidents=Incident.objects.none(), user=user)  # the content types, cached once per process
        with CaptureQueriesContext(connection) as few:
            acled_csv(incidents=Incident.objects.restrict(user, "view").filter(acled_id="TST0001"), user=user)
        with CaptureQueriesContext(connection) as many:
            acled_csv(incidents=Incident.objects.restrict(user, "view"), user=user)
        self.assertEqual(len(many), len(few))
        self.assertLessEqual(len(many), 5)  # the incidents, associated actors twice, tolls, citations

    def test_an_acled_export_imported_into_an_empty_mission_gives_the_same_incidents(self):
        exported = self.export("j3", "acled.csv", mission="MSS").content
        empty = Mission.objects.create(code="TST", name="Invented mission", start=D(2023, 10, 2),
                                       time_zone=helpers.ZONE, lead_country_id="KEN")
        result = acled_import(user=None, mission=empty, acled=acled_rows_read(content=exported, filename="out.csv"))
        self.assertEqual(result.errors, [])
        originals = Incident.objects.filter(mission__code="MSS")

        def picture(incidents):
            found = {}
            for i in incidents.select_related("event_type", "actor1", "actor2", "adm1", "adm2"):
                key = i.acled_id or f"MSS-{i.pk}"
                killed = sum(t.count for t in i.tolls.filter(outcome=Toll.Outcome.KILLED))
                found[key] = (i.date, i.time_precision, i.event_type_id, i.location, i.latitude, i.longitude,
                              i.geo_precision, i.adm1_id, i.adm2_id, i.actor1_id, i.actor2_id,
                              sorted(a.pk for a in i.associated_actors1.all()),
                              sorted(a.pk for a in i.associated_actors2.all()), i.civilian_targeting, i.narrative,
                              killed)
            return found

        self.assertEqual(picture(Incident.objects.filter(mission=empty)), picture(originals))
        self.assertEqual(result.created, originals.count())
        copy = Incident.objects.get(mission=empty, acled_id="TST0001")
        self.assertEqual(copy.citations.get().quote, "Invented Daily; Invented Radio")

    def test_an_acled_export_imported_back_into_its_own_mission_changes_nothing(self):
        exported = self.export("j3", "acled.csv", mission="MSS").content
        before = Incident.objects.filter(mission__code="MSS").count()
        result = acled_import(user=self.user("j3"), mission=helpers.mission(),
                              acled=acled_rows_read(content=exported, filename="out.csv"))
        self.assertEqual((result.errors, result.created, result.updated), ([], 0, 0))
        self.assertEqual(result.unchanged, before)  # Muster's own incidents matched by their export id, MSS-12
