"""Where a vehicle is based, on any date: its basings. Readiness by site at a past date counts each vehicle where it
was based that day; Vehicle.site is the site of its latest basing whichever path writes the basings."""

import datetime

from django.test import Client, TestCase
from rest_framework.test import APIClient

from muster.core import testing as kit
from muster.core.models import ObjectChange
from muster.core.testing import api_errors, make_user
from muster.logistics.forms import VehicleBasingForm, VehicleForm
from muster.logistics.models import Vehicle, VehicleBasing, VehicleStatus
from muster.logistics.selectors import fleet_readiness, readiness_series
from muster.logistics.services import vehicle_base
from muster.places.models import Site

from .helpers import mission, organization, site, vehicle

D = datetime.date
LOGISTICS = ["places.site", "logistics.vehicle", "logistics.vehiclebasing", "logistics.vehiclestatus",
             "logistics.workorder", "logistics.shipment", "missions.mission", "missions.organization",
             "funding.contract"]


def by_site(vehicles, on):
    return [(r.label, r.fleet, r.ready) for r in fleet_readiness(vehicles=vehicles, on=on, by="site")]


class Basings(kit.EmptyWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.j4 = make_user("logistician", grants=[(LOGISTICS, ["view", "add", "change", "delete"], None)])
        cls.base = site(name="MSS base")
        cls.fob = site(name="FOB Delmas 2", kind=Site.Kind.FOB)
        cls.fob.opened = D(2024, 11, 28)
        cls.fob.save()
        cls.apc = vehicle(registration="APC-1", based_at=cls.base, since=D(2025, 1, 1))
        cls.ambulance = vehicle(registration="AMB-1", type=Vehicle.Type.AMBULANCE, based_at=cls.base,
                                since=D(2025, 1, 1))
        for v in (cls.apc, cls.ambulance):
            VehicleStatus.objects.create(vehicle=v, since=D(2025, 1, 1), status="operational")

    def api(self):
        client = APIClient()
        client.force_authenticate(self.j4)
        return client

    def client_of(self, user):
        client = Client()
        client.force_login(user)
        return client


class ReadinessBySiteTests(Basings):
    def test_a_vehicle_moved_on_1_march_counts_at_its_old_site_on_28_february_and_at_its_new_one_on_1_march(self):
        vehicle_base(user=self.j4, vehicle=self.apc, site=self.fob, since=D(2025, 3, 1), note="Relief of the FOB")
        VehicleStatus.objects.create(vehicle=self.ambulance, since=D(2025, 2, 20), status="maintenance")
        # A truck in service but never based: counted under "—", not at any site.
        truck = Vehicle.objects.create(mission=mission(), registration="TRK-1", type=Vehicle.Type.TRUCK,
                                       owner=organization())
        VehicleStatus.objects.create(vehicle=truck, since=D(2025, 1, 1), status="operational")
        vehicles = Vehicle.objects.filter(mission=mission())
        self.assertEqual(by_site(vehicles, D(2025, 2, 28)), [("MSS base", 2, 1), ("—", 1, 1)])
        self.assertEqual(by_site(vehicles, D(2025, 3, 1)), [("FOB Delmas 2", 1, 1), ("MSS base", 1, 0), ("—", 1, 1)])
        # Today's site is the FOB, but January still counts the APC at the base (not where it is now).
        self.assertEqual(Vehicle.objects.get(pk=self.apc.pk).site, self.fob)
        self.assertEqual(by_site(vehicles, D(2025, 1, 15)), [("MSS base", 2, 2), ("—", 1, 1)])
        keys = {r.label: r.key for r in fleet_readiness(vehicles=vehicles, on=D(2025, 3, 1), by="site")}
        self.assertEqual(keys, {"FOB Delmas 2": self.fob.pk, "MSS base": self.base.pk, "—": None})
        # The whole fleet is the same whichever site each vehicle is at.
        overall = fleet_readiness(vehicles=vehicles, on=D(2025, 3, 1))[0]
        self.assertEqual((overall.fleet, overall.ready), (3, 2))

    def test_the_series_by_site_follows_the_move_month_by_month(self):
        vehicle_base(user=None, vehicle=self.apc, site=self.fob, since=D(2025, 3, 1))
        dates = [D(2024, 12, 31), D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)]
        series = readiness_series(vehicles=Vehicle.objects.all(), dates=dates, by="site")
        self.assertEqual([(day, [(r.label, r.fleet, r.ready) for r in rows]) for day, rows in series], [
            (D(2024, 12, 31), []),
            (D(2025, 1, 31), [("MSS base", 2, 2)]),
            (D(2025, 2, 28), [("MSS base", 2, 2)]),
            (D(2025, 3, 31), [("FOB Delmas 2", 1, 1), ("MSS base", 1, 1)]),
        ])

    def test_the_readiness_endpoint_gives_by_site_on_the_date(self):
        vehicle_base(user=None, vehicle=self.apc, site=self.fob, since=D(2025, 3, 1))
        before = self.api().get("/api/logistics/readiness/", {"mission": "MSS", "on": "2025-02-28"}).json()
        after = self.api().get("/api/logistics/readiness/", {"mission": "MSS", "on": "2025-03-01"}).json()
        self.assertEqual([(r["key"], r["fleet"]) for r in before["by_site"]], [(str(self.base.pk), 2)])
        self.assertEqual([(r["key"], r["fleet"]) for r in after["by_site"]],
                         [(str(self.fob.pk), 1), (str(self.base.pk), 1)])

    def test_the_fleet_report_shows_by_site_on_the_date_and_month_by_month(self):
        vehicle_base(user=None, vehicle=self.apc, site=self.fob, since=D(2025, 3, 1))
        client = self.client_of(self.j4)
        html = client.get("/logistics/fleet/MSS/", {"on": "2025-02-28"}).content.decode()
        by_site = html[html.index('id="by-site"'):html.index("</table>", html.index('id="by-site"'))]
        self.assertIn("MSS base</td><td class=\"num\">2</td>", by_site)
        self.assertNotIn("FOB Delmas 2", by_site)
        html = client.get("/logistics/fleet/MSS/", {"on": "2025-03-31"}).content.decode()
        monthly = html[html.index('id="series-by-site"'):html.index("</table>", html.index('id="series-by-site"'))]
        self.assertIn('<td>28 Feb 2025</td><td class="num">—</td><td class="num">2 / 2</td>', monthly)
        self.assertIn('<td>31 Mar 2025</td><td class="num">1 / 1</td><td class="num">1 / 1</td>', monthly)
        xlsx = client.get("/logistics/fleet/MSS/fleet.xlsx", {"on": "2025-03-31"})
        self.assertEqual(xlsx.status_code, 200)

    def test_readiness_by_site_takes_one_query_for_5_as_for_50_vehicles(self):
        def fleet(n):
            m = mission()
            Vehicle.objects.filter(mission=m).delete()
            for number in range(n):
                v = vehicle(registration=f"V{number}", based_at=(self.base, self.fob)[number % 2], since=D(2025, 1, 1))
                VehicleStatus.objects.create(vehicle=v, since=D(2025, 1, 1), status="operational")
                if number % 3 == 0:
                    vehicle_base(user=None, vehicle=v, site=self.base, since=D(2025, 2, 1))
            return Vehicle.objects.filter(mission=m)

        counts = {}
        for n in (5, 50):
            vehicles = fleet(n)
            with self.assertNumQueries(1):
                rows = fleet_readiness(vehicles=vehicles, on=D(2025, 3, 1), by="site")
            self.assertEqual(sum(r.fleet for r in rows), n)
            with self.assertNumQueries(1):
                readiness_series(vehicles=vehicles, dates=[D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)], by="site")
            counts[n] = rows
        self.assertEqual([(r.label, r.fleet) for r in counts[5]], [("FOB Delmas 2", 1), ("MSS base", 4)])
        self.assertEqual([(r.label, r.fleet) for r in counts[50]], [("FOB Delmas 2", 17), ("MSS base", 33)])

    def test_nothing_to_count_is_no_row(self):
        self.assertEqual(fleet_readiness(vehicles=Vehicle.objects.none(), on=D(2025, 3, 1), by="site"), [])
        self.assertEqual(readiness_series(vehicles=Vehicle.objects.none(), dates=[D(2025, 3, 1)], by="site"),
                         [(D(2025, 3, 1), [])])


class CurrentSiteTests(Basings):
    def current(self):
        return Vehicle.objects.get(pk=self.apc.pk).site

    def test_the_site_follows_the_latest_basing_after_add_edit_of_the_date_and_delete(self):
        self.assertEqual(self.current(), self.base)
        move = vehicle_base(user=self.j4, vehicle=self.apc, site=self.fob, since=D(2025, 3, 1))
        self.assertEqual(self.current(), self.fob)
        self.assertEqual(self.apc.site, self.fob)  # the service refreshes the vehicle it was given
        # Moving the FOB basing back before the first one makes the base the latest again.
        move.since = D(2024, 12, 1)
        move.full_clean()
        move.save()
        self.assertEqual(self.current(), self.base)
        first = self.apc.basings.get(site=self.base)
        first.delete()
        self.assertEqual(self.current(), self.fob)
        move.delete()
        self.assertIsNone(self.current())

    def test_the_pages_keep_the_site_and_the_vehicle_history_records_each_move(self):
        client = self.client_of(self.j4)
        response = client.post("/logistics/basings/add/", {"vehicle": self.apc.pk, "site": self.fob.pk,
                                                           "since": "2025-03-01", "note": "Relief of the FOB"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.current(), self.fob)
        move = VehicleBasing.objects.get(vehicle=self.apc, since=D(2025, 3, 1))
        form = VehicleBasingForm(instance=move, user=self.j4)
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        response = client.post(f"/logistics/basings/{move.pk}/edit/", data | {"since": "2024-12-01"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.current(), self.base)
        response = client.post(f"/logistics/basings/{move.pk}/delete/", {"change_message": "Entered in error"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.current(), self.base)
        changes = ObjectChange.objects.filter(object_type__model="vehicle", object_id=str(self.apc.pk),
                                              action="update", user=self.j4).order_by("time", "pk")
        self.assertEqual([(c.prechange_data["site"], c.postchange_data["site"], c.user) for c in changes],
                         [(self.base.pk, self.fob.pk, self.j4), (self.fob.pk, self.base.pk, self.j4)])

    def test_an_edit_of_the_vehicle_opened_before_a_move_is_refused_not_undoing_the_move(self):
        form = VehicleForm(instance=self.apc, user=self.j4)
        stale = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        vehicle_base(user=None, vehicle=Vehicle.objects.get(pk=self.apc.pk), site=self.fob, since=D(2025, 3, 1))
        response = self.client_of(self.j4).post(f"/logistics/vehicles/{self.apc.pk}/edit/",
                                                stale | {"make_model": "Casspir"})
        self.assertContains(response, "changed by someone else")
        self.assertEqual(self.current(), self.fob)

    def test_the_vehicle_page_lists_its_basings_and_offers_the_move(self):
        vehicle_base(user=None, vehicle=self.apc, site=self.fob, since=D(2025, 3, 1), note="Relief of the FOB")
        client = self.client_of(self.j4)
        html = client.get(f"/logistics/vehicles/{self.apc.pk}/").content.decode()
        self.assertIn("Relief of the FOB", html)
        self.assertLess(html.index("1 Mar 2025"), html.index("1 Jan 2025"))  # newest first
        self.assertIn(f'href="/logistics/basings/add/?vehicle={self.apc.pk}"', html)
        form = client.get("/logistics/basings/add/", {"vehicle": self.apc.pk}).content.decode()
        self.assertIn(f'<option value="{self.apc.pk}" selected>', form)
        # Whoever may only read the fleet is not offered the move.
        reader = make_user("fleet-reader", grants=[(LOGISTICS, ["view"], None)])
        self.assertNotIn("Move to another site", self.client_of(reader).get(f"/logistics/vehicles/{self.apc.pk}/")
                         .content.decode())


class RefusalTests(Basings):
    def test_two_basings_the_same_day_are_refused_with_a_clear_message_and_nothing_stored(self):
        data = {"vehicle": self.apc.pk, "site": self.fob.pk, "since": "2025-01-01"}
        form = VehicleBasingForm(data, user=self.j4)
        self.assertFalse(form.is_valid())
        message = "APC-1 (Armoured personnel carrier) is already based at MSS base from 2025-01-01: a vehicle has " \
                  "one basing a day. Change that one instead."
        self.assertEqual(form.errors["since"], [message])
        response = self.api().post("/api/vehicle-basings/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(api_errors(response)["since"], [message])
        response = self.client_of(self.j4).post("/logistics/basings/add/", data)
        self.assertContains(response, "one basing a day")
        self.assertEqual(list(self.apc.basings.values_list("site__name", flat=True)), ["MSS base"])
        self.assertEqual(Vehicle.objects.get(pk=self.apc.pk).site, self.base)

    def test_a_basing_at_a_site_of_another_mission_or_before_the_site_opened_is_refused(self):
        gsf_base = site(False, name="GSF base")
        form = VehicleBasingForm({"vehicle": self.apc.pk, "site": gsf_base.pk, "since": "2025-03-01"}, user=self.j4)
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["site"], ["GSF base is a site of GSF; this vehicle is in MSS."])
        response = self.api().post("/api/vehicle-basings/", {"vehicle": self.apc.pk, "site": gsf_base.pk,
                                                             "since": "2025-03-01"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("site of GSF", api_errors(response)["site"][0])
        form = VehicleBasingForm({"vehicle": self.apc.pk, "site": self.fob.pk, "since": "2024-11-27"}, user=self.j4)
        self.assertFalse(form.is_valid())
        self.assertIn("opened on 2024-11-28", form.errors["since"][0])
        self.assertEqual(self.apc.basings.count(), 1)

    def test_a_based_vehicle_cannot_change_mission(self):
        form = VehicleForm(instance=self.apc, user=self.j4)
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        form = VehicleForm(data | {"mission": mission(False).pk}, instance=self.apc, user=self.j4)
        self.assertFalse(form.is_valid())
        self.assertIn("is based at MSS base (a site of MSS)", form.errors["mission"][0])


class VehicleFormTests(Basings):
    def data(self, **changes):
        return {"mission": mission().pk, "registration": "MRAP-9", "type": "mrap", "owner": organization().pk,
                "acquired": "2024-12-01", "based_at": self.fob.pk, "based_since": "2024-12-05"} | changes

    def test_adding_a_vehicle_with_its_base_stores_both(self):
        response = self.client_of(self.j4).post("/logistics/vehicles/add/", self.data())
        self.assertEqual(response.status_code, 302)
        made = Vehicle.objects.get(registration="MRAP-9")
        self.assertEqual(made.site, self.fob)
        self.assertEqual(list(made.basings.values_list("site", "since")), [(self.fob.pk, D(2024, 12, 5))])
        # "since" left empty: the day it was acquired.
        self.client_of(self.j4).post("/logistics/vehicles/add/", self.data(registration="MRAP-10", based_since=""))
        self.assertEqual(Vehicle.objects.get(registration="MRAP-10").basings.get().since, D(2024, 12, 1))

    def test_a_first_basing_the_site_refuses_stores_neither_the_vehicle_nor_the_basing(self):
        response = self.client_of(self.j4).post("/logistics/vehicles/add/", self.data(based_since="2024-11-01"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "FOB Delmas 2 opened on 2024-11-28")
        response = self.client_of(self.j4).post("/logistics/vehicles/add/", self.data(acquired="", based_since=""))
        self.assertContains(response, "Give the day it was first based there")
        self.assertFalse(Vehicle.objects.filter(registration="MRAP-9").exists())
        self.assertEqual(VehicleBasing.objects.count(), 2)

    def test_the_edit_form_does_not_offer_the_site(self):
        form = VehicleForm(instance=self.apc, user=self.j4)
        self.assertFalse({"site", "based_at", "based_since"} & set(form.fields))


class APITests(Basings):
    def test_the_api_refuses_writing_the_site_of_a_vehicle_and_accepts_basings(self):
        api = self.api()
        response = api.post("/api/vehicles/", {"mission": "MSS", "registration": "TRK-1", "type": "truck",
                                               "site": self.fob.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Read-only", api_errors(response)["site"][0])
        self.assertFalse(Vehicle.objects.filter(registration="TRK-1").exists())
        read = api.get(f"/api/vehicles/{self.apc.pk}/").json()
        self.assertEqual(read["site"], self.base.pk)
        response = api.patch(f"/api/vehicles/{self.apc.pk}/", {"site": self.fob.pk, "version": read["version"]},
                             format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("/api/vehicle-basings/", api_errors(response)["site"][0])
        self.assertEqual(Vehicle.objects.get(pk=self.apc.pk).site, self.base)
        # Sending back the site as read is no attempt to move it.
        response = api.patch(f"/api/vehicles/{self.apc.pk}/", {"site": self.base.pk, "make_model": "Casspir",
                                                               "version": read["version"]}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        # The move is a basing.
        response = api.post("/api/vehicle-basings/", {"vehicle": self.apc.pk, "site": self.fob.pk,
                                                      "since": "2025-03-01", "note": "Relief of the FOB"},
                            format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(api.get(f"/api/vehicles/{self.apc.pk}/").json()["site"], self.fob.pk)
        basing = response.json()
        response = api.delete(f"/api/vehicle-basings/{basing['id']}/")
        self.assertEqual(response.status_code, 204)
        self.assertEqual(api.get(f"/api/vehicles/{self.apc.pk}/").json()["site"], self.base.pk)
        listed = api.get("/api/vehicle-basings/", {"vehicle": self.apc.pk, "current_on": "2025-02-01"}).json()
        self.assertEqual([b["site"] for b in listed["results"]], [self.base.pk])


class MigrationTests(kit.EmptyWorld, TestCase):
    def test_existing_vehicles_get_a_basing_at_their_site_from_acquisition_else_first_status_else_mission_start(self):
        import importlib
        from types import SimpleNamespace

        from django.apps import apps
        from django.db import connection

        migration = importlib.import_module("muster.logistics.migrations.0003_vehicle_basings")
        m, base = mission(), site()
        acquired, first_status, neither, nowhere = (
            Vehicle.objects.create(mission=m, registration=r, type="armoured", acquired=a)
            for r, a in (("A", D(2024, 7, 1)), ("B", None), ("C", None), ("D", D(2024, 7, 1))))
        VehicleStatus.objects.create(vehicle=first_status, since=D(2024, 9, 1), status="operational")
        VehicleStatus.objects.create(vehicle=first_status, since=D(2024, 10, 1), status="nmc")
        # As before basings: the site written on the vehicle itself (nowhere has none).
        Vehicle.objects.filter(pk__in=[acquired.pk, first_status.pk, neither.pk]).update(site=base)
        migration.basings_from_sites(apps, SimpleNamespace(connection=connection))
        self.assertEqual(sorted(VehicleBasing.objects.values_list("vehicle__registration", "site", "since")),
                         [("A", base.pk, D(2024, 7, 1)), ("B", base.pk, D(2024, 9, 1)), ("C", base.pk, m.start)])
        self.assertEqual(Vehicle.objects.get(pk=nowhere.pk).site, None)
