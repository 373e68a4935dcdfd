"""Demo logistics: MSS sites named in public reporting (with their sources), and a SAMPLE fleet.

Sites: the MSS base at Toussaint Louverture International Airport and the third forward operating base (at the
IGPNH regional office, Delmas 2), each cited from public reporting; their positions are approximate (the
airport's reference point; the Delmas 2 area) and say so. The fleet, its status history, its work orders under
the vehicle-maintenance contract of the funding demo, where each vehicle is based and when it moved (its basings),
the Level 2 hospital's position and the shipments are SAMPLE data: invented, plausible, and cited to a source
titled "SAMPLE data" so no one mistakes them for fact. The postings of Guatemala's synthetic roll (demo/force.py)
are SAMPLE too: the record says the Guatemalan contingent took over the third forward operating base in January
2025, not who of it is where.

Boundaries: Haiti's departments and communes (OCHA COD-AB) shipped with the package in muster/data/haiti (its
README says where they come from, under what licence and how they were reduced), loaded before anything else of the
demo (boundaries_demo_load) so each site and incident is placed in its commune.
"""

import datetime
import random
from pathlib import Path

from muster.core.store import record_store
from muster.force.models import Contingent, SiteAssignment, Tour
from muster.force.services import postings_set
from muster.funding.models import Category, Contract
from muster.logistics.models import Shipment, Vehicle, VehicleStatus
from muster.logistics.services import vehicle_base, workorder_close, workorder_open
from muster.missions.models import Organization
from muster.places.imports import boundaries_import
from muster.places.models import Site
from muster.sources.models import Source
from muster.sources.services import citation_attach, record_store_cited

from .organizations import organization_ensure

D = datetime.date
# The package's own copy of the COD-AB boundaries (package data), so every installation draws the same map.
HAITI = Path(__file__).resolve().parents[1] / "data" / "haiti"
BOUNDARY_FILES = ["hti_admbnda_adm1_cnigs_20181129.geojson", "hti_admbnda_adm2_cnigs_20181129.geojson"]

# (name, kind, latitude, longitude, opened, note, [(source address, publisher, published, quote)])
SITES = [
    ("MSS base, Toussaint Louverture International Airport", Site.Kind.HEADQUARTERS, "18.58000", "-72.29250",
     D(2024, 6, 25), "Position: the airport's published reference point; the base's own position is not published.",
     [("https://radiotvdromage.com/?p=12685", "radiotvdromage.com", D(2024, 6, 25),
       "After being welcomed on the tarmac of Toussaint Louverture International Airport in Port-au-Prince, they "
       "proceeded to their unfinished base."),
      ("https://www.hrw.org/?topic%5B0%5D=9813&page=2", "hrw.org", D(2024, 5, 15),
       "The plane was carrying supplies for the camp being built for Kenyan police officers")]),
    ("Third forward operating base (IGPNH, Delmas 2)", Site.Kind.FOB, "18.55600", "-72.33900", D(2024, 11, 28),
     "Position: the Delmas 2 area, approximate. Established 28 Nov 2024 at the IGPNH regional office; handed over "
     "by the Kenyan police to the Guatemalan contingent in January 2025.",
     [("https://www.capitalfm.co.ke/news/2025/01/kenyas-police-in-haiti-hands-over-third-forward-operating-base-"
       "to-guatemala-team/", "capitalfm.co.ke", D(2025, 1, 22),
       "On November 28, 2024, the Multi-National Security Support (MSS) Mission established the FOB at IGPNH to "
       "secure the coastline and surrounding areas."),
      ("https://eastleighvoice.co.ke/world/107230/kenyan-police-hand-over-key-haiti-bases-to-guatemalan-"
       "peacekeepers", "eastleighvoice.co.ke", D(2025, 1, 22),
       "The base, located in the Delmas 2 area of Port-au-Prince, was established on November 28, 2024")]),
    ("Level 2 hospital (SAMPLE position)", Site.Kind.HOSPITAL, "18.57300", "-72.28000", D(2024, 7, 1),
     "The record mentions an MSS Level 2 hospital (capitalfm.co.ke, 18 Mar 2025); its position here is SAMPLE.", []),
    ("Logistics warehouse (SAMPLE)", Site.Kind.WAREHOUSE, "18.57500", "-72.30500", D(2024, 8, 1),
     "SAMPLE site.", []),
]

# Personnel posted at each site (SAMPLE postings: the record gives arrivals, not where people are posted).
ASSIGNMENTS = [
    # (site index, country, personnel, since, until)
    (0, "KEN", 400, D(2024, 6, 25), None),
    (0, "KEN", 200, D(2024, 7, 16), None),
    (2, "KEN", 30, D(2024, 7, 16), None),
    (1, "KEN", 120, D(2024, 11, 28), D(2025, 1, 20)),
    (1, "GTM", 150, D(2025, 1, 21), None),
    (3, "JAM", 20, D(2024, 9, 1), None),
]

# SAMPLE postings of Guatemala's synthetic officers (demo/force.py): at the MSS base on arrival; from the handover
# of the third FOB (its SiteAssignment above: 21 Jan 2025) the first POSTED_TO_FOB of them there, the rest staying.
POSTED_TO_FOB, FOB_HANDOVER = 110, D(2025, 1, 21)
POSTING_REASON = "SAMPLE posting of a synthetic officer (demo data, not a fact about the MSS)"

# SAMPLE fleet: (type, make and model, how many, registration prefix)
FLEET = [
    (Vehicle.Type.MRAP, "Navistar MaxxPro (SAMPLE)", 14, "MSS-MRAP"),
    (Vehicle.Type.ARMOURED, "Armoured personnel carrier (SAMPLE)", 6, "MSS-APC"),
    (Vehicle.Type.PICKUP, "Toyota Hilux (SAMPLE)", 10, "MSS-PU"),
    (Vehicle.Type.AMBULANCE, "Toyota Land Cruiser ambulance (SAMPLE)", 3, "MSS-AMB"),
    (Vehicle.Type.TRUCK, "Isuzu FVR (SAMPLE)", 4, "MSS-TRK"),
]
# SAMPLE moves of the fleet between sites, after each vehicle's first basing: (registration, site index, day, note).
# Two go to the third FOB on its handover to the Guatemalan contingent, an ambulance to the Level 2 hospital, and
# one of them back: readiness by site differs before and after each day.
MOVES = [
    ("MSS-APC-002", 1, D(2025, 1, 21), "Sent to the FOB with its handover to the Guatemalan contingent (SAMPLE)"),
    ("MSS-MRAP-001", 1, D(2025, 1, 21), "Sent to the FOB with its handover to the Guatemalan contingent (SAMPLE)"),
    ("MSS-AMB-001", 2, D(2025, 3, 1), "Stationed at the Level 2 hospital (SAMPLE)"),
    ("MSS-MRAP-001", 0, D(2025, 6, 15), "Back to the MSS base for the airport patrols (SAMPLE)"),
]
FAULTS = ["Suspension damaged on rough road", "Tyres shot out", "Gearbox failure", "Radio and electrics",
          "Brakes worn", "Engine overheating", "Windscreen hit by rounds"]


def boundaries_demo_load():
    """Haiti's departments and communes, the package's copy: loaded first (demo/record.py), so that every site and
    incident of the demo is placed in its commune as it is stored."""
    boundaries_import(paths=[HAITI / name for name in BOUNDARY_FILES])


def logistics_demo_load(*, mss, missions):
    """The demo's sites, postings, fleet, work orders and shipments for `mss` (the boundaries loaded before)."""
    sample = Source(kind=Source.Kind.INTERNAL_REPORT, title="SAMPLE data: Muster demo fleet and postings (not real)",
                    publisher="Muster demo (SAMPLE data)", published_on=D(2025, 10, 1), reliability="F",
                    credibility="6", text="Invented for the demonstration: vehicles, statuses, work orders, "
                                          "shipments, postings and sample site positions. Not a fact about the MSS.")
    record_store(user=None, record=sample)
    sites = [_site(mss, *spec, sample=sample) for spec in SITES]
    for index, iso3, personnel, since, until in ASSIGNMENTS:
        contingent = Contingent.objects.filter(mission=mss, country_id=iso3).order_by("pk").first()
        if contingent is None:
            continue
        # Loaded after the re-hat (demo/record.py): those still there then end with the MSS, as the re-hat
        # ends them (force.services.contingent_rehat).
        assignment = SiteAssignment(site=sites[index], contingent=contingent, personnel=personnel, since=since,
                                    until=until or mss.end)
        record_store_cited(user=None, record=assignment, source=sample, quote="SAMPLE posting")
    _fleet(mss, sites, sample)
    _shipments(mss, sites, sample)


def _site(mission, name, kind, lat, lon, opened, note, citations, *, sample):
    site = record_store(user=None, record=Site(mission=mission, name=name, kind=kind, latitude=lat, longitude=lon,
                                               opened=opened, notes=note))
    for address, publisher, published, quote in citations:
        source = Source.objects.filter(address=address).first() or Source(
            kind=Source.Kind.NEWS_ARTICLE, title=quote[:300], publisher=publisher, published_on=published,
            address=address, text=quote, reliability="C", credibility="3")
        citation_attach(record=site, source=source, quote=quote)
    if not citations:
        citation_attach(record=site, source=sample, quote="SAMPLE position")
    return site


def _fleet(mission, sites, sample):
    rng = random.Random(2025)  # the same sample fleet on every machine
    donor = organization_ensure("United States Department of State", Organization.Kind.GOVERNMENT, "USA")
    kenya = Organization.objects.filter(name="Kenya National Police Service").first() or donor
    contract = Contract.objects.filter(mission=mission, category=Category.VEHICLE_MAINTENANCE).first()
    for vehicle_type, make_model, count, prefix in FLEET:
        for number in range(1, count + 1):
            acquired = D(2024, 6, 20) + datetime.timedelta(days=rng.randrange(0, 200))
            vehicle = Vehicle(mission=mission, registration=f"{prefix}-{number:03}", type=vehicle_type,
                              make_model=make_model, owner=donor if vehicle_type != Vehicle.Type.PICKUP else kenya,
                              acquired=acquired, notes="SAMPLE vehicle for the demonstration.")
            record_store_cited(user=None, record=vehicle, source=sample, quote="SAMPLE vehicle")
            _base(vehicle, home=sites[0] if number % 3 else sites[1], base=sites[0], acquired=acquired)
            _status(vehicle, since=acquired, status=VehicleStatus.Status.OPERATIONAL, note="Entered service (SAMPLE)")
            # The armoured vehicle written off on 31 Aug 2025 (below) has no history after it.
            end = D(2025, 8, 30) if (vehicle_type, number) == (Vehicle.Type.ARMOURED, 6) else D(2025, 9, 30)
            day = acquired + datetime.timedelta(days=rng.randrange(20, 90))
            while day < end:
                fault = rng.choice(FAULTS)
                repair = rng.randrange(2, 40)
                if contract is not None and day >= contract.start:
                    order = workorder_open(user=None, vehicle=vehicle, opened=day, fault=fault, contract=contract,
                                           due=day + datetime.timedelta(days=14))
                    closed = day + datetime.timedelta(days=repair)
                    if closed < end:
                        workorder_close(user=None, work_order=order, closed=closed, cost=rng.randrange(300, 9000) * 100)
                else:
                    # Before the maintenance contract (resumed 6 Feb 2025) a broken vehicle simply waited.
                    _status(vehicle, since=day, status=VehicleStatus.Status.NMC, note=f"{fault} (SAMPLE)")
                    closed = min(day + datetime.timedelta(days=repair), contract.start if contract else end)
                    if closed < end and closed > day:
                        _status(vehicle, since=closed, status=VehicleStatus.Status.OPERATIONAL,
                                note="Repaired (SAMPLE)")
                day = closed + datetime.timedelta(days=rng.randrange(15, 120))
    # One armoured vehicle lost: the record reports an armoured vehicle that overturned on the Kenscoff road on
    # 31 Aug 2025 (the-star.co.ke); which vehicle it was is not published, so this one is SAMPLE.
    lost = Vehicle.objects.get(mission=mission, registration="MSS-APC-006")
    _status(lost, since=D(2025, 8, 31), status=VehicleStatus.Status.WRITTEN_OFF,
            note="Overturned on the Kenscoff road (SAMPLE vehicle)")
    for registration, site_index, day, note in MOVES:
        vehicle_base(user=None, vehicle=Vehicle.objects.get(mission=mission, registration=registration),
                     site=sites[site_index], since=day, note=note)


def _status(vehicle, *, since, status, note):
    """The vehicle's status from `since`, stored (and checked: one status a day) as a J4's would be."""
    return record_store(user=None, record=VehicleStatus(vehicle=vehicle, since=since, status=status, note=note))


def _base(vehicle, *, home, base, acquired):
    """A SAMPLE vehicle's first basing: at its home site from the day it was acquired (or the site opened); one
    whose home is a FOB not open yet waits at the MSS base and moves there the day it opens."""
    first = home if home.opened is None or home.opened <= acquired else base
    vehicle_base(user=None, vehicle=vehicle, site=first, since=max(acquired, first.opened or acquired),
                 note="Based on arrival (SAMPLE)")
    if first != home:
        vehicle_base(user=None, vehicle=vehicle, site=home, since=home.opened,
                     note="Moved to the new forward operating base (SAMPLE)")


def _shipments(mission, sites, sample):
    donor = Organization.objects.get(name="United States Department of State")
    transport = Contract.objects.filter(mission=mission, category=Category.TRANSPORT).first()
    for contents, origin, shipped, received, status in [
        ("Armoured vehicles (SAMPLE)", "Port of Miami", D(2024, 6, 10), D(2024, 6, 24), Shipment.Status.RECEIVED),
        ("Body armour and helmets (SAMPLE)", "Charleston", D(2025, 2, 20), D(2025, 3, 4), Shipment.Status.RECEIVED),
        ("Spare parts for the MRAPs (SAMPLE)", "Port of Miami", D(2025, 9, 20), None, Shipment.Status.IN_TRANSIT),
    ]:
        shipment = Shipment(mission=mission, donor=donor, contents=contents, origin=origin, destination=sites[0],
                            transport_contract=transport if shipped >= D(2025, 2, 6) else None, shipped=shipped,
                            received=received, status=status)
        record_store_cited(user=None, record=shipment, source=sample, quote="SAMPLE shipment")


def postings_demo_load(*, mss):
    """Post Guatemala's synthetic MSS roll (loaded after the sites) to two of the demo's sites: SAMPLE postings."""
    base = Site.objects.get(mission=mss, name=SITES[0][0])
    fob = Site.objects.get(mission=mss, name=SITES[1][0])
    tours = list(Tour.objects.filter(contingent__mission=mss, contingent__country_id="GTM")
                 .select_related("person", "contingent__mission").order_by("person__service_number"))
    for arrival in sorted({t.arrival for t in tours}):
        postings_set(user=None, tours=[t for t in tours if t.arrival == arrival], site=base, since=arrival,
                     reason=POSTING_REASON)
    postings_set(user=None, tours=tours[:POSTED_TO_FOB], site=fob, since=FOB_HANDOVER, reason=POSTING_REASON)
