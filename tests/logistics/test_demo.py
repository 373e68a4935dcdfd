"""The demo's logistics as each role sees it: cited MSS sites, a fleet marked SAMPLE, and who may see what."""

import datetime

from muster.logistics.models import Vehicle, WorkOrder
from muster.places.models import Site
from muster.reports.fleet import fleet_report


def test_the_demo_sites_are_cited_and_placed_in_ouest(demo):
    base = Site.objects.get(name="MSS base, Toussaint Louverture International Airport")
    assert base.kind == "headquarters" and base.adm1.pcode == "HT01" and base.adm2.name_en == "Tabarre"
    assert {c.source.publisher for c in base.citations.all()} == {"radiotvdromage.com", "hrw.org"}
    fob = Site.objects.get(name__startswith="Third forward operating base")
    assert fob.opened == datetime.date(2024, 11, 28) and fob.adm2.pcode == "HT0111"
    assert "capitalfm.co.ke" in {c.source.publisher for c in fob.citations.all()}


def test_the_demo_fleet_says_it_is_sample_data_and_its_work_orders_use_the_maintenance_contract(demo):
    vehicle = Vehicle.objects.first()
    assert "SAMPLE" in vehicle.make_model and vehicle.citations.get().source.title.startswith("SAMPLE data")
    contracts = set(WorkOrder.objects.values_list("contract__title", flat=True))
    assert contracts == {"Maintenance of the MSS vehicle fleet"}
    assert not WorkOrder.objects.filter(opened__lt=datetime.date(2025, 2, 6)).exists()  # not before the waiver


def test_readiness_in_the_demo_drops_by_the_written_off_vehicle(demo):
    from muster.missions.models import Mission

    mss = Mission.objects.get(code="MSS")
    before = fleet_report(mission=mss, on=datetime.date(2025, 8, 30), user=None, chart=False).overall
    after = fleet_report(mission=mss, on=datetime.date(2025, 8, 31), user=None, chart=False).overall
    assert (before.fleet, after.fleet) == (37, 36)


def test_each_role_sees_logistics_as_its_need_to_know_says(signed_in):
    assert b"Tabarre" in signed_in("j4").get("/logistics/").content
    assert signed_in("j4").get("/logistics/vehicles/add/").status_code == 200
    assert signed_in("j3").get("/logistics/fleet/MSS/").status_code == 200
    assert signed_in("j3").get("/logistics/vehicles/add/").status_code == 403
    liaison = signed_in("liaison-ken")
    assert liaison.get("/logistics/").status_code == 200  # the sites, to post their officers to
    assert liaison.get("/logistics/fleet/").status_code == 403
    assert liaison.get("/logistics/vehicles/").status_code == 403
    donor = signed_in("donor-usa")
    assert donor.get("/logistics/").status_code == 403  # not where the bases are
    listed = donor.get("/logistics/vehicles/", {"per_page": 500}).content.decode()
    assert "MSS-MRAP-001" in listed and "MSS-PU-001" not in listed  # the pickups are Kenya's


def test_the_demo_fleet_moves_between_sites_so_readiness_by_site_changes_with_the_date(demo):
    from muster.logistics.models import VehicleBasing
    from muster.logistics.selectors import fleet_readiness

    vehicles = Vehicle.objects.filter(mission__code="MSS")
    # Every vehicle is based somewhere, and its site is its latest basing's.
    assert not vehicles.filter(site__isnull=True).exists()
    for vehicle in vehicles.filter(registration__in=["MSS-APC-002", "MSS-MRAP-001", "MSS-AMB-001"]):
        assert vehicle.site == vehicle.basings.order_by("-since").first().site
    assert all("SAMPLE" in note for note in VehicleBasing.objects.values_list("note", flat=True))

    def by_site(day):
        return {r.label.split(" (")[0].split(",")[0]: r.fleet for r in fleet_readiness(vehicles=vehicles, on=day,
                                                                                         by="site")}

    # Two vehicles go to the third FOB at its handover (21 Jan 2025), an ambulance to the hospital (1 Mar), one MRAP
    # back to the base (15 Jun): 37 vehicles, 36 in service after the written-off APC.
    fob, base, hospital = "Third forward operating base", "MSS base", "Level 2 hospital"
    assert by_site(datetime.date(2025, 1, 20)) == {base: 26, fob: 11}
    assert by_site(datetime.date(2025, 1, 21)) == {base: 24, fob: 13}
    assert by_site(datetime.date(2025, 3, 1)) == {hospital: 1, base: 23, fob: 13}
    assert by_site(datetime.date(2025, 6, 15)) == {hospital: 1, base: 24, fob: 12}
