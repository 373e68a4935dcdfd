"""Demo operations: the public record's casualties of the MSS as incidents, and SAMPLE incidents to show the rest.

The public record (`fixtures/mss_public_record.csv`) names four incidents in which Kenyan officers of the MSS were
killed, wounded or went missing; each row becomes an incident (public: it was reported in the press) with the
mission's casualty, citing the row's source, through operations.services, so that the casualty movements the
killed and the missing take from strength are the casualties' own: recorded in the same act, undone with it. The
demo keeps no Kenyan nominal roll, so the officers the record names are unnamed casualties of one, their names in
the casualty's note. The record's rows are read in date order by demo/record.py, before the MSS is re-hatted into
the GSF: its re-hat moves across the strength the casualties left.

The other incidents are SAMPLE data: invented, plausible (gang attacks, joint operations with the Haitian National
Police, abductions, across the communes of Ouest and Artibonite in 2024 and 2025), `sample` set and titled
"SAMPLE:", cited to a source that says so, so that the map, the weekly chart and the SITREP have something to show
and nobody takes them for fact. They have tolls but no casualties of the mission: strength is the record's alone.
"""

import datetime

from muster.core.store import record_store
from muster.force.models import Contingent
from muster.operations.models import Actor, Casualty, Classification, EventType, Incident, Toll
from muster.operations.services import casualty_record, incident_store
from muster.places.models import AdminArea
from muster.sources.models import Source

D = datetime.date
Inter = Actor.Inter

# Actors as ACLED names them: (name, inter code, coalition, country). Gran Grif, the Artibonite's largest gang,
# is not of Viv Ansanm (the United States designated each on its own, May 2025).
VIV_ANSANM = "Viv Ansanm"
GRAN_GRIF = "Gran Grif"
HNP = "Police Forces of Haiti (2021-)"
MSS = "MSS: Multinational Security Support Mission in Haiti (2024-)"
CIVILIANS = "Civilians (Haiti)"
ARMED_GROUP = "Unidentified Armed Group (Haiti)"
ACTORS = [
    (VIV_ANSANM, Inter.POLITICAL_MILITIA, None, None),
    ("400 Mawozo", Inter.POLITICAL_MILITIA, VIV_ANSANM, None),
    ("5 Segond", Inter.POLITICAL_MILITIA, VIV_ANSANM, None),
    ("Kraze Baryè", Inter.POLITICAL_MILITIA, VIV_ANSANM, None),
    ("Grand Ravine", Inter.POLITICAL_MILITIA, VIV_ANSANM, None),
    (GRAN_GRIF, Inter.POLITICAL_MILITIA, None, None),
    (ARMED_GROUP, Inter.POLITICAL_MILITIA, None, None),
    (HNP, Inter.STATE_FORCES, None, "HTI"),
    (MSS, Inter.EXTERNAL_FORCES, None, None),
    (CIVILIANS, Inter.CIVILIANS, None, "HTI"),
]

CLASH = ("Battles", "Armed clash")
ATTACK = ("Violence against civilians", "Attack")
ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")
LOOTING = ("Strategic developments", "Looting/property destruction")
TERRITORY = ("Battles", "Government regains territory")
VEHICLE_ACCIDENT = ("Accidents", "Vehicle accident")

# The public record's casualties, by the day of their row: the incident each row is part of (rows of one day are
# one incident). (title, event type, named place, commune P-code, geographic precision, actor, other actor,
# narrative, the casualty note of each outcome.)
NEAR = Incident.GeoPrecision.NEAR
RECORD_INCIDENTS = {
    D(2025, 2, 23): (
        "Kenyan officer killed in an anti-gang operation in Ségur-Savien", CLASH, "Ségur-Savien", "HT0542", NEAR,
        MSS, ARMED_GROUP,
        "An MSS anti-gang operation in Ségur-Savien, Artibonite; the first MSS fatality. One source dates it "
        "24 February 2025.",
        {"killed": "PC Samuel Tompoi Kaetuai, named by the record (the demo keeps no Kenyan roll). One source "
                   "dates his death 24 February 2025."}),
    D(2025, 3, 18): (
        "Kenyan officer shot in Kenscoff", CLASH, "Kenscoff", "HT0115", NEAR, ARMED_GROUP, MSS,
        "An officer shot in Kenscoff, evacuated to the MSS Level 2 hospital, stable.",
        {"wounded": "Treated at the MSS Level 2 hospital, in theatre: on strength."}),
    D(2025, 3, 25): (
        "Kenyan officer missing after an ambush near Pont-Sondé", CLASH, "Pont-Sondé", "HT0531", NEAR, ARMED_GROUP,
        MSS, "An ambush near Pont-Sondé, Artibonite. The officer was later reported killed; in September 2025 the "
             "commander still called him unaccounted for.",
        {"missing": "Benedict Kabiru, named by the record (the demo keeps no Kenyan roll). Later reported killed; "
                    "in September 2025 the commander still called him unaccounted for (capitalfm.co.ke)."}),
    D(2025, 8, 31): (
        "MSS armoured vehicle overturned on the Kenscoff road", VEHICLE_ACCIDENT, "Kenscoff road", "HT0115", NEAR,
        MSS, None, "An armoured vehicle overturned on the Kenscoff road: one officer killed, eight injured, three "
                   "of them critically.",
        {"killed": "Cpl Kennedy Mutuku Nzuve, named by the record (the demo keeps no Kenyan roll).",
         "wounded": "Eight officers injured, three critically (the record does not say they left theatre)."}),
}
RECORD_OUTCOMES = {"casualty_killed": Casualty.Outcome.KILLED, "casualty_wounded": Casualty.Outcome.WOUNDED,
                   "casualty_missing": Casualty.Outcome.MISSING}
R, S, P = Classification.RESTRICTED, Classification.SHAREABLE, Classification.PUBLIC
A, K, W, M = Toll.Outcome.ABDUCTED, Toll.Outcome.KILLED, Toll.Outcome.WOUNDED, Toll.Outcome.MISSING

# SAMPLE incidents: (day, commune P-code, named place, event type, actor, other actor, classification, joint with
# the HNP (the MSS's Kenyan unit involved), tolls [(group, outcome, count, as reported)], title after "SAMPLE: ").
SAMPLES = [
    (D(2024, 7, 12), "HT0111", "Bas-Delmas", CLASH, "5 Segond", HNP, S, True,
     [("armed_group", K, 3, "3")], "joint HNP–MSS patrol exchanges fire with gang members"),
    (D(2024, 7, 30), "HT0131", "Canaan", ATTACK, "400 Mawozo", CIVILIANS, P, False,
     [("civilians", K, 4, "at least 4"), ("civilians", W, 6, "6")], "gang attack on a market"),
    (D(2024, 8, 18), "HT0117", "Cité Soleil", ABDUCTION, "Grand Ravine", CIVILIANS, S, False,
     [("civilians", A, 5, "5")], "five people abducted from a minibus"),
    (D(2024, 9, 9), "HT0542", "Liancourt", ATTACK, GRAN_GRIF, CIVILIANS, P, False,
     [("civilians", K, 7, "7 to 10"), ("civilians", W, 3, "3")], "gang raid on a farming village"),
    (D(2024, 9, 27), "HT0112", "Delmas 2", CLASH, VIV_ANSANM, HNP, R, True,
     [("armed_group", K, 2, "2"), ("police", W, 1, "1")], "joint operation to clear a road block"),
    (D(2024, 10, 15), "HT0118", "Tabarre", LOOTING, "400 Mawozo", None, S, False,
     [], "warehouse looted and set on fire"),
    (D(2024, 11, 2), "HT0114", "Pétion-Ville", CLASH, VIV_ANSANM, HNP, P, True,
     [("armed_group", K, 5, "5"), ("police", W, 2, "2")], "gang incursion repelled by HNP and MSS"),
    (D(2024, 11, 19), "HT0113", "Carrefour", ABDUCTION, "Grand Ravine", CIVILIANS, R, False,
     [("civilians", A, 3, "3")], "three teachers abducted"),
    (D(2024, 12, 7), "HT0531", "Pont-Sondé", ATTACK, GRAN_GRIF, CIVILIANS, P, False,
     [("civilians", K, 12, "12"), ("civilians", W, 9, "about 9")], "gang attack on a riverside settlement"),
    (D(2024, 12, 21), "HT0111", "Champ de Mars", CLASH, "5 Segond", HNP, S, True,
     [("armed_group", K, 4, "4"), ("police", K, 1, "1")], "armoured patrol ambushed near the Champ de Mars"),
    (D(2025, 1, 10), "HT0115", "Kenscoff", ATTACK, VIV_ANSANM, CIVILIANS, P, False,
     [("civilians", K, 6, "6"), ("civilians", W, 4, "4")], "homes burned on the heights of Kenscoff"),
    (D(2025, 1, 26), "HT0142", "Cabaret", ABDUCTION, "400 Mawozo", CIVILIANS, S, False,
     [("civilians", A, 8, "8 to 10")], "bus passengers abducted on National Road 1"),
    (D(2025, 2, 8), "HT0112", "Delmas 30", TERRITORY, HNP, VIV_ANSANM, S, True,
     [("armed_group", K, 3, "3")], "HNP and MSS retake a gang-held block"),
    (D(2025, 2, 17), "HT0532", "Verrettes", ATTACK, GRAN_GRIF, CIVILIANS, R, False,
     [("civilians", K, 5, "5")], "gang attack on a school"),
    (D(2025, 3, 4), "HT0141", "Arcahaie", CLASH, ARMED_GROUP, HNP, S, False,
     [("police", W, 2, "2"), ("armed_group", K, 1, "1")], "police station attacked"),
    (D(2025, 3, 29), "HT0131", "Croix-des-Bouquets", ATTACK, "400 Mawozo", CIVILIANS, P, False,
     [("civilians", K, 9, "9"), ("civilians", M, 4, "4 missing")], "night attack on a camp for displaced people"),
    (D(2025, 4, 12), "HT0621", "Mirebalais", ATTACK, VIV_ANSANM, CIVILIANS, P, False,
     [("civilians", K, 15, "at least 15")], "gang attack on the town and its prison"),
    (D(2025, 4, 28), "HT0111", "Bel Air", CLASH, "Kraze Baryè", HNP, R, True,
     [("armed_group", K, 6, "6"), ("police", W, 3, "3")], "joint HNP–MSS operation in Bel Air"),
    (D(2025, 5, 14), "HT0117", "Drouillard", ABDUCTION, "Grand Ravine", CIVILIANS, S, False,
     [("civilians", A, 4, "4")], "four aid workers abducted"),
    (D(2025, 5, 30), "HT0542", "Petite-Rivière-de-l'Artibonite", CLASH, GRAN_GRIF, HNP, S, True,
     [("armed_group", K, 7, "7"), ("police", W, 1, "1")], "joint patrol clears a gang checkpoint"),
    (D(2025, 6, 16), "HT0114", "Laboule", ATTACK, VIV_ANSANM, CIVILIANS, P, False,
     [("civilians", K, 3, "3"), ("civilians", W, 5, "5")], "gang attack on a road above Pétion-Ville"),
    (D(2025, 7, 3), "HT0116", "Gressier", LOOTING, ARMED_GROUP, None, R, False,
     [], "lorries of aid looted on the southern road"),
    (D(2025, 7, 22), "HT0118", "Tabarre 27", CLASH, "400 Mawozo", HNP, S, True,
     [("armed_group", K, 2, "2")], "exchange of fire at a checkpoint"),
    (D(2025, 8, 9), "HT0531", "Saint-Marc", ABDUCTION, GRAN_GRIF, CIVILIANS, P, False,
     [("civilians", A, 6, "6")], "six farmers abducted from their fields"),
    (D(2025, 9, 5), "HT0111", "Downtown Port-au-Prince", CLASH, VIV_ANSANM, HNP, S, True,
     [("armed_group", K, 4, "4"), ("police", W, 2, "2")], "joint operation to reopen the main road"),
    (D(2025, 9, 24), "HT0113", "Mariani", ATTACK, "Grand Ravine", CIVILIANS, R, False,
     [("civilians", K, 2, "2")], "shooting at a taxi stand"),
    (D(2025, 10, 11), "HT0112", "Delmas 2", CLASH, "5 Segond", HNP, S, True,
     [("armed_group", K, 3, "3"), ("police", W, 1, "1")], "GSF and HNP patrol attacked"),
    (D(2025, 10, 29), "HT0131", "Ganthier road", ABDUCTION, "400 Mawozo", CIVILIANS, P, False,
     [("civilians", A, 7, "7")], "travellers abducted on the road east"),
    (D(2025, 11, 15), "HT0115", "Furcy", ATTACK, VIV_ANSANM, CIVILIANS, P, False,
     [("civilians", K, 5, "5"), ("civilians", W, 2, "2")], "gang raid on a mountain hamlet"),
    (D(2025, 12, 3), "HT0111", "Solino", TERRITORY, HNP, VIV_ANSANM, S, True,
     [("armed_group", K, 5, "5")], "HNP and GSF retake a neighbourhood"),
]


def _actor(name):
    """One of ACTORS by name, made the first time (its coalition first)."""
    found = Actor.objects.filter(name=name).first()
    if found is not None:
        return found
    _name, inter, coalition, country = next(a for a in ACTORS if a[0] == name)
    return record_store(user=None, record=Actor(name=name, inter=inter, coalition=_actor(coalition) if coalition
                                                 else None, country_id=country))


def _event_type(kind):
    return EventType.objects.get(event_type=kind[0], sub_event_type=kind[1])


def record_casualty_load(*, row, mission, contingent, source):
    """A casualty row of the public record (killed, wounded, missing) as the mission's casualty in its incident:
    the incident of its day (made the first time, public, citing the row's source), the casualty citing it too."""
    when = datetime.date.fromisoformat(row["date"])
    title, kind, place, pcode, precision, actor1, actor2, narrative, notes = RECORD_INCIDENTS[when]
    incident = Incident.objects.filter(mission=mission, date=when, title=title).first()
    if incident is None:
        incident = incident_store(user=None, incident=Incident(
            mission=mission, title=title, date=when, event_type=_event_type(kind), location=place,
            adm2=AdminArea.objects.get(pcode=pcode), geo_precision=precision, actor1=_actor(actor1),
            actor2=_actor(actor2) if actor2 else None, narrative=narrative, classification=Classification.PUBLIC),
            many={"units": [contingent]}, source=source, quote=row["summary"])
    outcome = RECORD_OUTCOMES[row["kind"]]
    count = int(row["count"])
    record_store(user=None, record=Toll(incident=incident, group=Toll.Group.MISSION, outcome=outcome, count=count,
                                        as_reported=row["count"]))
    casualty_record(user=None, casualty=Casualty(incident=incident, contingent=contingent, outcome=outcome,
                                                 count=count, note=notes[outcome]),
                    source=source, quote=row["summary"])


def sample_incidents_load(*, missions):
    """The SAMPLE incidents, each in the mission of its day (the MSS, then the GSF), with its tolls."""
    source = record_store(user=None, record=Source(
        kind=Source.Kind.INTERNAL_REPORT, title="SAMPLE data: Muster demo incidents (not real)",
        publisher="Muster demo (SAMPLE data)", published_on=D(2025, 12, 31), reliability="F", credibility="6",
        text="Invented for the demonstration: incidents, their places, actors and tolls. Not facts about Haiti, "
             "the MSS or the GSF."))
    areas = {a.pcode: a for a in AdminArea.objects.filter(pcode__in={s[1] for s in SAMPLES}).defer(
        "geometry", "display_geometry")}
    actors = {actor.name: actor for actor in Actor.objects.filter(name__in=[a[0] for a in ACTORS])}
    units = {code: Contingent.objects.filter(mission=mission, country_id="KEN").first()
             for code, mission in missions.items()}
    for when, pcode, place, kind, actor1, actor2, classification, joint, tolls, what in SAMPLES:
        mission = missions["GSF"] if when >= missions["GSF"].start else missions["MSS"]
        many = {}
        if joint:  # a joint operation: the mission's Kenyan unit, beside the national police on its side
            many["units"] = [units[mission.code]]
            many["associated_actors1" if actor1 == HNP else "associated_actors2"] = [actors[MSS]]
        incident = incident_store(user=None, incident=Incident(
            mission=mission, title=f"SAMPLE: {what}", date=when, event_type=_event_type(kind), location=place,
            adm2=areas[pcode], geo_precision=Incident.GeoPrecision.NEAR, actor1=actors[actor1],
            actor2=actors[actor2] if actor2 else None, civilian_targeting=actor2 == CIVILIANS,
            classification=classification, sample=True,
            narrative="SAMPLE: invented for the demonstration, not a fact."),
            many=many, source=source, quote="SAMPLE data")
        for group, outcome, count, as_reported in tolls:
            record_store(user=None, record=Toll(incident=incident, group=group, outcome=outcome, count=count,
                                                as_reported=as_reported, estimate=as_reported != str(count)))


def operations_demo_load(*, missions):
    """What the demo adds of operations once the record, its sites and its boundaries are in: the actors ACLED
    names, and the SAMPLE incidents."""
    for name, *_rest in ACTORS:
        _actor(name)
    sample_incidents_load(missions=missions)

