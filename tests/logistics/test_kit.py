"""Every view and API endpoint of the logistics models, through the generic test kit.

The constrained persona holds logistics grants for one mission only ({"mission": "MSS"}): it sees, adds and
changes MSS sites, vehicles, statuses, work orders and shipments, never those of the GSF.
"""

import datetime

from django.test import TestCase

from muster.core import testing as kit
from muster.force.models import Posting, SiteAssignment
from muster.logistics.models import Shipment, Vehicle, VehicleBasing, VehicleStatus, WorkOrder
from muster.places.models import AdminArea, Site
from tests.force.test_roll_kit import tour_of

from .helpers import contingent, contract, mission, organization, site, vehicle

MSS = {"mission": "MSS"}
SQUARE = {"type": "Polygon", "coordinates": [[[-72.4, 18.5], [-72.3, 18.5], [-72.3, 18.6], [-72.4, 18.6],
                                              [-72.4, 18.5]]]}


class AdminAreaTests(kit.ReadOnlyViewTests, kit.ReadOnlyAPITests, TestCase):
    model = AdminArea

    @classmethod
    def make_object(cls, *, in_scope=True):
        # P-codes of no real country: the demo's Haitian departments and communes are loaded beside them.
        return AdminArea.objects.create(pcode=f"ZZ{AdminArea.objects.filter(pcode__startswith='ZZ').count() + 1:02}",
                                        level=1, name_en="Test department", name_fr="", name_ht="",
                                        min_lon=-72.4, min_lat=18.5, max_lon=-72.3, max_lat=18.6, geometry=SQUARE,
                                        display_geometry=SQUARE)


class SiteTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                kit.ConstrainedObjectAPITests, TestCase):
    model = Site
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Site.objects.create(mission=mission(in_scope), name=f"FOB {Site.objects.count() + 1}", kind="fob",
                                   latitude="18.5392", longitude="-72.3350", outside_boundaries=True)

    def form_data(self, *, in_scope=True):
        return {"mission": mission(in_scope).pk, "name": "Warehouse at the port", "kind": "warehouse",
                "latitude": "18.5560", "longitude": "-72.3460", "outside_boundaries": "on"}

    def form_changes(self):
        return {"notes": "Perimeter wall repaired"}

    def form_moving_out(self):
        return {"mission": mission(False).pk}

    def api_data(self, *, in_scope=True):
        return {"mission": mission(in_scope).code, "name": "Level 2 hospital", "kind": "hospital",
                "latitude": "18.5800", "longitude": "-72.2900", "outside_boundaries": True}

    def api_changes(self):
        return {"notes": "Reopened"}

    def api_moving_out(self):
        return {"mission": "GSF"}


class SiteAssignmentTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                          kit.ConstrainedObjectAPITests, TestCase):
    model = SiteAssignment
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        return SiteAssignment.objects.create(site=site(in_scope), contingent=contingent(in_scope), personnel=400,
                                             since=datetime.date(2024, 6, 25))

    def form_data(self, *, in_scope=True):
        return {"site": site(in_scope).pk, "contingent": contingent(in_scope).pk, "personnel": "200",
                "since": "2024-07-16"}

    def form_changes(self):
        return {"personnel": "217"}

    def form_moving_out(self):
        return {"site": site(False).pk, "contingent": contingent(False).pk}

    def api_data(self, *, in_scope=True):
        return {"site": site(in_scope).pk, "contingent": contingent(in_scope).pk, "personnel": 200,
                "since": "2024-07-16"}

    def api_changes(self):
        return {"personnel": 217}

    def api_moving_out(self):
        return {"site": site(False).pk, "contingent": contingent(False).pk}


class PostingTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                   kit.ConstrainedObjectAPITests, TestCase):
    """Postings name officers: scoped like the roll, by country (a liaison sees and posts only their own)."""

    model = Posting
    constraint = {"country": "JAM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Posting.objects.create(tour=tour_of("JAM" if in_scope else "KEN"), site=site(),
                                      since=datetime.date(2024, 7, 1), reason="Relief of the airport team")

    def form_data(self, *, in_scope=True):
        return {"tour": tour_of("JAM" if in_scope else "KEN").pk, "site": site().pk, "since": "2024-08-01",
                "reason": "Reinforcement"}

    def form_changes(self):
        return {"reason": "Reinforcement of the Delmas 2 base"}

    def form_moving_out(self):
        return {"tour": tour_of("KEN").pk}

    def api_data(self, *, in_scope=True):
        return {"tour": tour_of("JAM" if in_scope else "KEN").pk, "site": site().pk, "since": "2024-08-02"}

    def api_changes(self):
        return {"reason": "Reinforcement"}

    def api_moving_out(self):
        return {"tour": tour_of("KEN").pk}


class VehicleTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                   kit.ConstrainedObjectAPITests, TestCase):
    model = Vehicle
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        return vehicle(in_scope, registration=f"APC-{Vehicle.objects.count() + 1}")

    def form_data(self, *, in_scope=True):
        # Where it is based is its first basing ("Based at"), not a field of the vehicle.
        return {"mission": mission(in_scope).pk, "registration": "AMB-7", "type": "ambulance",
                "owner": organization().pk, "based_at": site(in_scope).pk, "acquired": "2024-08-01"}

    def form_changes(self):
        return {"make_model": "Toyota Land Cruiser 78"}

    def form_moving_out(self):
        return {"mission": mission(False).pk}

    def api_data(self, *, in_scope=True):
        return {"mission": mission(in_scope).code, "registration": "TRK-3", "type": "truck",
                "owner": organization().pk}

    def api_changes(self):
        return {"make_model": "Isuzu FVR"}

    def api_moving_out(self):
        return {"mission": "GSF"}


class VehicleBasingTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                         kit.ConstrainedObjectAPITests, TestCase):
    model = VehicleBasing
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=VehicleBasing.objects.count())
        return VehicleBasing.objects.create(vehicle=vehicle(in_scope), site=site(in_scope), since=day,
                                            note="Relief of the FOB")

    def form_data(self, *, in_scope=True):
        return {"vehicle": vehicle(in_scope).pk, "site": site(in_scope).pk, "since": "2025-03-01",
                "note": "Moved for the port patrols"}

    def form_changes(self):
        return {"note": "Moved for the airport patrols"}

    def form_moving_out(self):
        return {"vehicle": vehicle(False).pk, "site": site(False).pk}

    def api_data(self, *, in_scope=True):
        return {"vehicle": vehicle(in_scope).pk, "site": site(in_scope).pk, "since": "2025-03-02"}

    def api_changes(self):
        return {"note": "Moved for the airport patrols"}

    def api_moving_out(self):
        return {"vehicle": vehicle(False).pk, "site": site(False).pk}


class VehicleStatusTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                         kit.ConstrainedObjectAPITests, TestCase):
    model = VehicleStatus
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=VehicleStatus.objects.count())
        return VehicleStatus.objects.create(vehicle=vehicle(in_scope), since=day, status="operational")

    def form_data(self, *, in_scope=True):
        return {"vehicle": vehicle(in_scope).pk, "since": "2025-03-01", "status": "nmc", "note": "Gearbox"}

    def form_changes(self):
        return {"note": "Gearbox failure"}

    def form_moving_out(self):
        return {"vehicle": vehicle(False).pk}

    def api_data(self, *, in_scope=True):
        return {"vehicle": vehicle(in_scope).pk, "since": "2025-03-02", "status": "maintenance"}

    def api_changes(self):
        return {"note": "Awaiting parts"}

    def api_moving_out(self):
        return {"vehicle": vehicle(False).pk}


class WorkOrderTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                     kit.ConstrainedObjectAPITests, TestCase):
    model = WorkOrder
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        return WorkOrder.objects.create(vehicle=vehicle(in_scope), contract=contract(in_scope), fault="Flat tyre",
                                        opened=datetime.date(2025, 3, 1))

    def form_data(self, *, in_scope=True):
        return {"vehicle": vehicle(in_scope).pk, "contract": contract(in_scope).pk, "fault": "Brakes",
                "opened": "2025-03-03", "due": "2025-03-10"}

    def form_changes(self):
        return {"closed": "2025-03-08", "cost": "45000"}

    def form_moving_out(self):
        return {"vehicle": vehicle(False).pk, "contract": contract(False).pk}

    def api_data(self, *, in_scope=True):
        return {"vehicle": vehicle(in_scope).pk, "contract": contract(in_scope).pk, "fault": "Radio",
                "opened": "2025-03-04"}

    def api_changes(self):
        return {"closed": "2025-03-05", "cost": 12000}

    def api_moving_out(self):
        return {"vehicle": vehicle(False).pk, "contract": contract(False).pk}


class ShipmentTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                    kit.ConstrainedObjectAPITests, TestCase):
    model = Shipment
    constraint = MSS

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Shipment.objects.create(mission=mission(in_scope), donor=organization(), contents="Armoured vehicles",
                                       origin="Port of Miami", destination=site(in_scope),
                                       shipped=datetime.date(2024, 7, 1), status="in_transit")

    def form_data(self, *, in_scope=True):
        return {"mission": mission(in_scope).pk, "donor": organization().pk, "contents": "Body armour",
                "origin": "Nairobi", "destination": site(in_scope).pk, "shipped": "2024-06-20",
                "received": "2024-06-25", "status": "received"}

    def form_changes(self):
        return {"contents": "Body armour and helmets"}

    def form_moving_out(self):
        return {"mission": mission(False).pk, "destination": site(False).pk}

    def api_data(self, *, in_scope=True):
        return {"mission": mission(in_scope).code, "donor": organization().pk, "contents": "Radios",
                "origin": "Ottawa", "destination": site(in_scope).pk, "status": "planned"}

    def api_changes(self):
        return {"status": "lost"}

    def api_moving_out(self):
        return {"mission": "GSF", "destination": site(False).pk}
