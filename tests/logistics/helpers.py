"""Shared test data for logistics: missions in and out of a liaison-like scope, sites, vehicles, a contract."""

import datetime
from pathlib import Path

from muster.demo.logistics import BOUNDARY_FILES, HAITI
from muster.force.models import Contingent
from muster.funding.models import Contract
from muster.logistics.models import Vehicle, VehicleBasing
from muster.missions.models import Organization
from muster.places.models import Site
from tests.factories import MissionFactory

# The boundaries the package ships (the demo loads the same files); test-only files are under tests/data/.
ADM1, ADM2 = (HAITI / name for name in BOUNDARY_FILES)
DATA = Path(__file__).resolve().parents[1] / "data"
PCODES = DATA / "haiti" / "hti_pcodes_adm1_adm2_from_hdx-python-country_fixture.csv"
GEOPKO = DATA / "geopko" / "FrontMap_v.2.3_HAITI_rows.csv"


def mission(in_scope=True):
    if in_scope:
        return MissionFactory(code="MSS")
    return MissionFactory(code="GSF", name="Gang Suppression Force", start=datetime.date(2025, 10, 1))


def organization(name="Government of the United States", kind=Organization.Kind.GOVERNMENT):
    return Organization.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def site(in_scope=True, name="MSS headquarters", kind=Site.Kind.HEADQUARTERS, lat="18.58", lon="-72.29"):
    m = mission(in_scope)
    return Site.objects.get_or_create(mission=m, name=name, defaults={
        "kind": kind, "latitude": lat, "longitude": lon, "outside_boundaries": True})[0]


BASED_SINCE = datetime.date(2024, 6, 25)


def vehicle(in_scope=True, registration="MSS-APC-001", type=Vehicle.Type.ARMOURED, owner=None, based_at=None,
            since=BASED_SINCE):
    """A vehicle, based (its first basing) at `based_at` — the mission's headquarters unless given — from `since`;
    its `site` follows from the basing, as everywhere (Vehicle.site is never written directly)."""
    made, created = Vehicle.objects.get_or_create(mission=mission(in_scope), registration=registration, defaults={
        "type": type, "owner": owner or organization()})
    if created:
        VehicleBasing.objects.create(vehicle=made, site=based_at or site(in_scope), since=since)
        made.refresh_from_db()
    return made


def contract(in_scope=True, category="vehicle_maintenance", title="Maintenance of the MSS vehicle fleet"):
    return Contract.objects.get_or_create(mission=mission(in_scope), title=title, defaults={
        "category": category, "funder": organization(), "start": datetime.date(2025, 2, 6), "status": "active"})[0]


def contingent(in_scope=True, country="KEN"):
    return Contingent.objects.get_or_create(mission=mission(in_scope), country_id=country,
                                            category="fpu")[0]
