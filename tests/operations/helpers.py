"""A small world for operations tests: the MSS in Port-au-Prince's time zone with Haiti's boundaries, a Kenyan
contingent with a nominal roll, sites, ACLED's actors and event types, a source, and incidents with their tolls.

Every function finds what is already there or makes it, so the same calls serve on the session's demo (whose MSS,
GSF, boundaries, Kenyan contingent and sites they reuse) and in an empty world (`kit.EmptyWorld`, which deletes the
demo, the seeded event types included: they are made again here). Other operations tests import these names; keep
them stable.
"""

import datetime
import itertools
from types import SimpleNamespace

from muster.core.store import record_store
from muster.demo.logistics import BOUNDARY_FILES, HAITI
from muster.force.models import Contingent, Movement, Person, Tour
from muster.missions.models import Mission, PersonnelCategory
from muster.operations.models import Actor, EventType, Incident, Toll
from muster.places.models import AdminArea, Site
from muster.sources.models import Source

ZONE = "America/Port-au-Prince"  # UTC-5 in winter, UTC-4 in summer (daylight saving from March to November)
MSS_START, MSS_END = datetime.date(2023, 10, 2), datetime.date(2025, 10, 2)
GSF_START = datetime.date(2025, 10, 2)

# The boundaries the package ships (the demo loads the same files), and the P-codes tests name.
ADM1, ADM2 = (HAITI / name for name in BOUNDARY_FILES)
OUEST, ARTIBONITE = "HT01", "HT05"
PORT_AU_PRINCE, DELMAS, KENSCOFF, SAINT_MARC = "HT0111", "HT0112", "HT0115", "HT0531"
# Points (latitude, longitude) as a form would take them: one in each commune named, one in the sea off the coast.
POINT_PORT_AU_PRINCE = ("18.54300", "-72.33900")
POINT_KENSCOFF = ("18.45000", "-72.28500")
POINT_AT_SEA = ("18.70000", "-73.00000")  # the Canal de Saint-Marc, between La Gonâve and the coast: no commune

# Actors as ACLED names them, with their inter codes; a member gang of a coalition.
VIV_ANSANM = "Viv Ansanm"
FIVE_SEGOND = "5 Segond"
GRAN_GRIF = "Gran Grif"
HNP = "Police Forces of Haiti (2021-)"
MSS_FORCES = "MSS: Multinational Security Support Mission in Haiti (2024-)"
CIVILIANS = "Civilians (Haiti)"
ACTORS = {  # name: (inter code, coalition)
    VIV_ANSANM: (Actor.Inter.POLITICAL_MILITIA, None),
    FIVE_SEGOND: (Actor.Inter.POLITICAL_MILITIA, VIV_ANSANM),
    GRAN_GRIF: (Actor.Inter.POLITICAL_MILITIA, None),
    HNP: (Actor.Inter.STATE_FORCES, None),
    MSS_FORCES: (Actor.Inter.EXTERNAL_FORCES, None),
    CIVILIANS: (Actor.Inter.CIVILIANS, None),
}

# Event types (event type, sub-event type) as migration 0002 seeds them.
ARMED_CLASH = ("Battles", "Armed clash")
ATTACK = ("Violence against civilians", "Attack")
ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")
VEHICLE_ACCIDENT = ("Accidents", "Vehicle accident")
_DISORDER = {"Battles": "Political violence", "Violence against civilians": "Political violence", "Accidents": ""}

# The roll's officers: synthetic, never real people.
ROLL_ARRIVAL = datetime.date(2024, 6, 25)
_service_numbers = itertools.count(1)


def boundaries():
    """Haiti's departments and communes, loaded once (the demo has them already)."""
    if not AdminArea.objects.filter(level=AdminArea.Level.ADM2).exists():
        from muster.places.imports import boundaries_import

        boundaries_import(paths=[ADM2, ADM1])


def area(pcode):
    """A department or commune by P-code (the boundaries loaded first)."""
    boundaries()
    return AdminArea.objects.get(pcode=pcode)


def mission(in_scope=True):
    """The MSS (in scope of a {"mission": "MSS"} constraint) or the GSF that succeeds it (out of it)."""
    if in_scope:
        return Mission.objects.get_or_create(code="MSS", defaults={
            "name": "Multinational Security Support Mission", "start": MSS_START, "end": MSS_END, "time_zone": ZONE,
            "lead_country_id": "KEN"})[0]
    return Mission.objects.get_or_create(code="GSF", defaults={
        "name": "Gang Suppression Force", "start": GSF_START, "time_zone": ZONE, "lead_country_id": "KEN"})[0]


def event_type(kind=ARMED_CLASH):
    event, sub_event = kind
    return EventType.objects.get_or_create(event_type=event, sub_event_type=sub_event, defaults={
        "disorder_type": _DISORDER.get(event, "Political violence"), "acled": event != "Accidents"})[0]


def actor(name=VIV_ANSANM):
    """One of ACTORS by name (its coalition made first)."""
    inter, coalition = ACTORS[name]
    return Actor.objects.get_or_create(name=name, defaults={
        "inter": inter, "coalition": actor(coalition) if coalition else None,
        "country_id": "HTI" if name == HNP else None})[0]


def contingent(in_scope=True, country="KEN", *, strength=400):
    """The country's formed police unit in the MSS (or the GSF), with an arrival of `strength` where it has no
    movement yet (the demo's Kenyan contingent has its own), so a casualty movement has strength to take from."""
    made = Contingent.objects.filter(mission=mission(in_scope), country_id=country).order_by("pk").first()
    if made is None:
        made = record_store(user=None, record=Contingent(mission=mission(in_scope), country_id=country,
                                                         category=PersonnelCategory.FORMED_POLICE))
    if not made.movements.exists():
        record_store(user=None, record=Movement(contingent=made, kind=Movement.Kind.ARRIVAL, date=ROLL_ARRIVAL,
                                                count=strength, men=0, women=0, unknown=strength))
    return made


def officer(unit=None, *, arrival=ROLL_ARRIVAL, family_name="Sample", rank="Constable"):
    """A synthetic officer on `unit`'s nominal roll (the MSS Kenyan contingent unless given): their tour."""
    unit = unit or contingent()
    number = next(_service_numbers)
    person = record_store(user=None, record=Person(
        country_id=unit.country_id, service_number=f"OPS-{unit.country_id}-{number:04}", family_name=family_name,
        given_names=f"Officer {number:04}", rank=rank, grade="OR-3", sex="male"))
    return record_store(user=None, record=Tour(person=person, contingent=unit, arrival=arrival))


def roll(unit=None, size=3):
    """`size` officers on the roll of `unit` (the MSS Kenyan contingent unless given): their tours."""
    unit = unit or contingent()
    return [officer(unit) for _ in range(size)]


def site(in_scope=True, name="Operations test base, Port-au-Prince", point=POINT_PORT_AU_PRINCE):
    """A forward operating base of the MSS (or the GSF), placed in its commune by the boundaries."""
    boundaries()
    found = Site.objects.filter(mission=mission(in_scope), name=name).first()
    if found is not None:
        return found
    return record_store(user=None, record=Site(mission=mission(in_scope), name=name, kind=Site.Kind.FOB,
                                               latitude=point[0], longitude=point[1], opened=MSS_START))


def source(title="HNP statement on the Kenscoff road attack"):
    return Source.objects.get_or_create(title=title, defaults={
        "kind": Source.Kind.PRESS_STATEMENT, "publisher": "Police Nationale d'Haïti",
        "published_on": datetime.date(2025, 3, 19), "reliability": "B", "credibility": "2"})[0]


def incident(in_scope=True, *, title="Armed clash at Kenscoff", date=None, kind=ARMED_CLASH,
             classification="restricted", actor1=VIV_ANSANM, actor2=MSS_FORCES, units=(), associated1=(),
             associated2=(), tolls=(), **fields):
    """An incident of the MSS on 18 March 2025 (or of the GSF on 18 November 2025), stored as the system; placed in
    Kenscoff's commune unless a site, point or area is given; actors and associated actors by name; `units`
    contingents; `tolls` as (group, outcome, count)."""
    boundaries()
    if not {"site", "latitude", "adm1", "adm2"} & set(fields):
        fields["adm2"] = area(KENSCOFF)
    date = date or (datetime.date(2025, 3, 18) if in_scope else datetime.date(2025, 11, 18))
    made = record_store(user=None, record=Incident(
        mission=mission(in_scope), title=title, date=date, event_type=event_type(kind),
        classification=classification, actor1=actor(actor1), actor2=actor(actor2) if actor2 else None, **fields),
        many={"units": list(units), "associated_actors1": [actor(name) for name in associated1],
              "associated_actors2": [actor(name) for name in associated2]})
    for group, outcome, count in tolls:
        toll(made, group, outcome, count)
    return made


def toll(incident, group=Toll.Group.CIVILIANS, outcome=Toll.Outcome.KILLED, count=1, as_reported=""):
    return record_store(user=None, record=Toll(incident=incident, group=group, outcome=outcome, count=count,
                                               as_reported=as_reported or str(count)))


def world():
    """Everything above at once, by name: the two missions, the boundaries' areas, the actors, event types, the
    Kenyan contingent with a roll of three, a site and a source."""
    unit = contingent()
    return SimpleNamespace(
        mission=mission(), other_mission=mission(False), contingent=unit, officers=roll(unit), site=site(),
        source=source(), actors={name: actor(name) for name in ACTORS},
        event_types={k: event_type(k) for k in (ARMED_CLASH, ATTACK, ABDUCTION, VEHICLE_ACCIDENT)},
        ouest=area(OUEST), artibonite=area(ARTIBONITE), port_au_prince=area(PORT_AU_PRINCE),
        kenscoff=area(KENSCOFF), saint_marc=area(SAINT_MARC))
