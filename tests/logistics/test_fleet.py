"""The fleet as a logistics officer keeps it: invariants refused with clear errors, work orders that take a vehicle
out of service and return it, downtime and cost per vehicle and contract, the report on every medium."""

import datetime
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, TestCase
from rest_framework.test import APIClient

from muster.core import testing as kit
from muster.core.testing import api_errors, make_user
from muster.logistics.forms import ShipmentForm, VehicleStatusForm, WorkOrderForm
from muster.logistics.models import Shipment, Vehicle, VehicleStatus, WorkOrder
from muster.logistics.selectors import (
    downtime_by_contract,
    downtime_by_vehicle,
    shipments_in_transit,
    work_orders_overdue,
)
from muster.logistics.services import workorder_close, workorder_open

from .helpers import contract, mission, organization, site, vehicle

D = datetime.date
LOGISTICS = ["places.site", "logistics.vehicle", "logistics.vehiclestatus", "logistics.workorder",
             "logistics.shipment", "missions.mission", "missions.organization", "funding.contract"]


class Fleet(kit.EmptyWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.j4 = make_user("logistician", grants=[(LOGISTICS, ["view", "add", "change", "delete"], None)])
        cls.contract = contract()
        cls.apc = vehicle(registration="APC-1")
        cls.ambulance = vehicle(registration="AMB-1", type=Vehicle.Type.AMBULANCE)
        for v in (cls.apc, cls.ambulance):
            VehicleStatus.objects.create(vehicle=v, since=D(2025, 1, 1), status="operational")

    def api(self):
        client = APIClient()
        client.force_authenticate(self.j4)
        return client


class InvariantTests(Fleet):
    def test_a_work_order_cannot_close_before_it_opens_through_the_form_or_the_api(self):
        data = {"vehicle": self.apc.pk, "contract": self.contract.pk, "fault": "Brakes", "opened": "2025-03-10",
                "closed": "2025-03-09"}
        form = WorkOrderForm(data, user=self.j4)
        self.assertFalse(form.is_valid())
        self.assertIn("cannot close (2025-03-09) before it opens (2025-03-10)", form.errors["closed"][0])
        response = self.api().post("/api/work-orders/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("closed", api_errors(response))
        self.assertFalse(WorkOrder.objects.exists())

    def test_a_vehicle_cannot_have_two_statuses_on_one_day(self):
        data = {"vehicle": self.apc.pk, "since": "2025-01-01", "status": "nmc"}
        form = VehicleStatusForm(data, user=self.j4)
        self.assertFalse(form.is_valid())
        self.assertIn("already has a status on 2025-01-01", form.errors["since"][0])
        response = self.api().post("/api/vehicle-statuses/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("already has a status on 2025-01-01", api_errors(response)["since"][0])
        self.assertEqual(VehicleStatus.objects.filter(vehicle=self.apc).count(), 1)

    def test_a_shipment_cannot_arrive_before_it_leaves(self):
        data = {"mission": mission().pk, "donor": organization().pk, "contents": "Armoured vehicles",
                "origin": "Port of Miami", "destination": site().pk, "shipped": "2024-07-10",
                "received": "2024-07-01", "status": "received"}
        form = ShipmentForm(data, user=self.j4)
        self.assertFalse(form.is_valid())
        self.assertIn("cannot be received (2024-07-01) before it leaves (2024-07-10)", form.errors["received"][0])
        response = self.api().post("/api/shipments/", data | {"mission": "MSS"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("received", api_errors(response))
        self.assertFalse(Shipment.objects.exists())


class WorkOrderServiceTests(Fleet):
    def test_a_breakdown_takes_the_vehicle_out_of_service_and_closing_returns_it(self):
        order = workorder_open(user=self.j4, vehicle=self.apc, opened=D(2025, 3, 1), fault="Gearbox",
                               contract=self.contract, due=D(2025, 3, 8))
        self.assertEqual(self.apc.statuses.order_by("-since").first().status, "maintenance")
        self.assertEqual([w.pk for w in work_orders_overdue(work_orders=WorkOrder.objects.all(), on=D(2025, 3, 9))],
                         [order.pk])
        workorder_close(user=self.j4, work_order=order, closed=D(2025, 3, 11), cost=125_000)
        self.assertEqual(self.apc.statuses.order_by("-since").first().status, "operational")
        self.assertEqual(list(work_orders_overdue(work_orders=WorkOrder.objects.all(), on=D(2025, 3, 12))), [])

    def test_closing_before_opening_stores_neither_the_order_nor_the_status(self):
        order = workorder_open(user=None, vehicle=self.apc, opened=D(2025, 3, 1), fault="Gearbox",
                               contract=self.contract)
        with self.assertRaises(ValidationError):
            workorder_close(user=None, work_order=order, closed=D(2025, 2, 27))
        order.refresh_from_db()
        self.assertIsNone(order.closed)
        self.assertEqual(self.apc.statuses.count(), 2)  # operational, then under maintenance

    def test_downtime_and_cost_add_up_per_vehicle_and_per_contract(self):
        first = workorder_open(user=None, vehicle=self.apc, opened=D(2025, 3, 1), fault="Gearbox",
                               contract=self.contract)
        workorder_close(user=None, work_order=first, closed=D(2025, 3, 11), cost=125_000)  # 10 days, $1,250
        workorder_open(user=None, vehicle=self.apc, opened=D(2025, 4, 1), fault="Tyres", contract=self.contract)
        second = workorder_open(user=None, vehicle=self.ambulance, opened=D(2025, 4, 10), fault="Radio",
                                contract=self.contract)
        workorder_close(user=None, work_order=second, closed=D(2025, 4, 12), cost=30_050)  # 2 days, $300.50
        on = D(2025, 4, 15)  # the tyres are still off the road: 14 days so far
        with self.assertNumQueries(1):
            by_vehicle = downtime_by_vehicle(work_orders=WorkOrder.objects.all(), on=on)
        self.assertEqual([(d["vehicle__registration"], d["orders"], d["days"], d["cost"]) for d in by_vehicle],
                         [("APC-1", 2, 24, 125_000), ("AMB-1", 1, 2, 30_050)])
        with self.assertNumQueries(1):
            by_contract = downtime_by_contract(work_orders=WorkOrder.objects.all(), on=on)
        self.assertEqual([(d["orders"], d["vehicles"], d["days"], d["cost"]) for d in by_contract],
                         [(3, 2, 26, 155_050)])

    def test_shipments_in_transit_are_those_left_and_not_yet_received(self):
        common = {"mission": mission(), "donor": organization(), "origin": "Port of Miami", "destination": site()}
        on_the_way = Shipment.objects.create(contents="Armoured vehicles", shipped=D(2024, 7, 1),
                                             status="in_transit", **common)
        Shipment.objects.create(contents="Radios", shipped=D(2024, 6, 1), received=D(2024, 6, 20),
                                status="received", **common)
        self.assertEqual(list(shipments_in_transit(shipments=Shipment.objects.all(), on=D(2024, 7, 5))), [on_the_way])
        self.assertEqual(len(shipments_in_transit(shipments=Shipment.objects.all(), on=D(2024, 6, 10))), 1)


class FleetReportTests(Fleet):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        order = workorder_open(user=None, vehicle=cls.apc, opened=D(2025, 3, 1), fault="Gearbox",
                               contract=cls.contract, due=D(2025, 3, 5))
        cls.order = order

    def client_of(self, user):
        client = Client()
        client.force_login(user)
        return client

    def test_the_page_shows_readiness_by_type_and_the_overdue_order_in_a_fixed_number_of_queries(self):
        client = self.client_of(self.j4)
        with self.assertNumQueries(14):  # one of them readiness by site at the twelve month-ends
            response = client.get("/logistics/fleet/MSS/", {"on": "2025-03-10"})
        html = response.content.decode()
        self.assertIn('id="readiness">50.0%', html)  # the ambulance is ready, the APC in the workshop
        self.assertIn("1 of 2 vehicles mission-capable", html)
        self.assertIn("Gearbox", html)
        self.assertLess(len(response.content), 150_000)

    def test_the_report_downloads_as_pdf_xlsx_and_csv(self):
        client = self.client_of(self.j4)
        pdf = client.get("/logistics/fleet/MSS/fleet.pdf", {"on": "2025-03-10"})
        self.assertEqual(pdf.content[:5], b"%PDF-")
        xlsx = client.get("/logistics/fleet/MSS/fleet.xlsx", {"on": "2025-03-10"})
        self.assertEqual(xlsx.content[:2], b"PK")
        csv = client.get("/logistics/fleet/MSS/fleet.csv", {"on": "2025-03-10"}).content.decode().splitlines()
        self.assertEqual(csv[0], "Group,Fleet,Mission-capable,Not mission-capable,Readiness %")
        self.assertIn("Whole fleet,2,1,1,50.0", csv)

    def test_the_readiness_endpoint_gives_the_same_figures(self):
        data = self.api().get("/api/logistics/readiness/", {"mission": "MSS", "on": "2025-03-10"}).json()
        self.assertEqual((data["fleet"]["fleet"], data["fleet"]["ready"], data["fleet"]["share"]), (2, 1, 0.5))
        self.assertEqual({r["key"]: r["ready"] for r in data["by_type"]}, {"ambulance": 1, "armoured": 0})

    def test_the_cli_prints_the_same_figures(self):
        out = StringIO()
        call_command("fleet", "--mission", "MSS", "--on", "2025-03-10", stdout=out)
        self.assertIn("MSS fleet on 10 Mar 2025: 1 of 2 vehicles mission-capable (50.0%)", out.getvalue())

    def test_someone_without_fleet_permission_is_refused(self):
        self.assertEqual(self.client_of(make_user("outsider")).get("/logistics/fleet/MSS/").status_code, 403)
        self.assertEqual(self.client_of(make_user("nobody")).get("/logistics/").status_code, 403)
