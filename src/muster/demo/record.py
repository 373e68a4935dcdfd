"""The demo data: the MSS / GSF public record (2023–2025), each figure with its source.

The facts are `fixtures/mss_public_record.csv`, a copy of the public record compiled from published
reporting (one row per fact, with its source address). This loader turns each row into what Muster
keeps: missions and authorizations, contingents, movements with citations, the mission's casualties as incidents
(`demo/operations.py`: their casualty movements are the casualties' own), reported totals as claims, conflicting
figures as disputed claims, and the funding rows as flows, transactions, contracts, a budget and published fund
totals (`demo/funding.py`). The same loader serves `muster init --record` (and `--demo`,
which adds the demo users of `demo/users.py`) and the tests.

Every record goes in as a user's would: through the apps' services or the one store (core.store.record_store,
sources.services.record_store_cited), validated, as the system (user None); the change log keeps each write
under this loader's change_context ("system", "Demo data: …").
"""

import csv
import datetime
from pathlib import Path
from urllib.parse import urlparse

from django.db import transaction

from muster.core.changelog import change_context
from muster.core.store import record_store
from muster.force.models import Contingent, Movement
from muster.force.services import contingent_rehat, movement_record
from muster.missions.models import Authorization, Country, Mission, PersonnelCategory
from muster.public.models import Publication
from muster.sources.models import Claim, Source
from muster.sources.services import citation_attach, record_store_cited

from .force import roll_demo_load
from .funding import funding_demo_load
from .logistics import boundaries_demo_load, logistics_demo_load, postings_demo_load
from .operations import RECORD_OUTCOMES, operations_demo_load, record_casualty_load
from .organizations import organization_ensure

FIXTURE = Path(__file__).parent / "fixtures" / "mss_public_record.csv"

# The record says "police", "military", "military police", "naval"; these are the contingents they
# belong to, with the service each comes from.
CONTINGENTS = {
    ("KEN", "police"): (PersonnelCategory.FORMED_POLICE, "Kenya National Police Service", "police_service"),
    ("JAM", "military"): (PersonnelCategory.MILITARY, "Jamaica Defence Force", "armed_forces"),
    ("JAM", "police"): (PersonnelCategory.INDIVIDUAL_POLICE, "Jamaica Constabulary Force", "police_service"),
    ("BLZ", "military"): (PersonnelCategory.MILITARY, "Belize Defence Force", "armed_forces"),
    ("BHS", "military"): (PersonnelCategory.MILITARY, "Royal Bahamas Defence Force", "armed_forces"),
    ("BHS", "naval"): (PersonnelCategory.MILITARY, "Royal Bahamas Defence Force", "armed_forces"),
    ("GTM", "military police"): (PersonnelCategory.MILITARY, "Army of Guatemala", "armed_forces"),
    ("SLV", "military"): (PersonnelCategory.MILITARY, "Armed Forces of El Salvador", "armed_forces"),
    ("TCD", "military"): (PersonnelCategory.MILITARY, "Chadian National Army", "armed_forces"),
    ("BGD", "police"): (PersonnelCategory.FORMED_POLICE, "Bangladesh Police", "police_service"),
}

# Pledges the record gives in its notes ("Jamaica pledged 200", …), with the row whose source says so.
PLEDGES_IN_NOTES = {("JAM", "military"): 200, ("BLZ", "military"): 50, ("BHS", "military"): 150}

# Figures the record's notes name as conflicting with a row, each with who published it.
CONFLICTS = [
    # (mission, countries, metric, as of, value, publisher, note)
    ("MSS", ["KEN"], Claim.Metric.ARRIVED, "2024-06-25", 400, "ACLED",
     "ACLED gives 400 for the first Kenyan arrival; the Kenyan press gives 200."),
    ("MSS", ["KEN"], Claim.Metric.ARRIVED, "2024-06-25", 400, "steningsimpson.com.au",
     "Gives 400 for the first Kenyan arrival; the Kenyan press gives 200."),
    ("MSS", ["GTM"], Claim.Metric.ARRIVED, "2025-01-04", 77, "haitichronicle.com",
     "Gives 77 for the second Guatemalan group; devdiscourse.com gives 75."),
    ("MSS", ["KEN"], Claim.Metric.ARRIVED, "2025-01-18", 218, "ACLED",
     "ACLED gives at least 218 (213 men and 5 women) for the third contingent; the Kenyan press gives 217 "
     "including 30 women."),
    ("MSS", [], Claim.Metric.STRENGTH, "2025-02-04", 900, "hch.tv (EFE)",
     "EFE gives over 900 personnel; elmundo.sv gives 859."),
]

MOVEMENT_KINDS = {
    "arrival": Movement.Kind.ARRIVAL,
    "departure": Movement.Kind.DEPARTURE,
}

UN_DOMAINS = ("press.un.org",)
GOVERNMENT_DOMAINS = ("bidenwhitehouse.archives.gov", "rbdf.gov.bs", "w05.international.gc.ca")


def _date(text):
    return datetime.date.fromisoformat(text)


def _int(text):
    return int(text) if text else 0


def _source_for(row, sources):
    address = row["source_url"]
    if address not in sources:
        domain = urlparse(address).netloc.removeprefix("www.")
        if domain in UN_DOMAINS:
            kind, reliability, credibility = Source.Kind.UN_DOCUMENT, "A", "1"
        elif domain in GOVERNMENT_DOMAINS:
            kind, reliability, credibility = Source.Kind.PRESS_STATEMENT, "B", "2"
        else:
            kind, reliability, credibility = Source.Kind.NEWS_ARTICLE, "C", "3"
        sources[address] = record_store(user=None, record=Source(
            kind=kind, title=row["summary"][:300], publisher=domain, published_on=_date(row["date"]), address=address,
            text=row["summary"], reliability=reliability, credibility=credibility))
    source = sources[address]
    if row["summary"] not in source.text:
        source.text = f"{source.text}\n{row['summary']}"
        record_store(user=None, record=source)
    return source


def _contingent(mission, iso3, raw_category):
    category, service, kind = CONTINGENTS[(iso3, raw_category)]
    # One contingent per mission, country and category (force.models): the Bahamas' "military" and "naval" rows
    # of the record are both its Defence Force's military contingent.
    return Contingent.objects.filter(mission=mission, country_id=iso3, category=category).first() or record_store(
        user=None, record=Contingent(mission=mission, country_id=iso3, category=category,
                                     parent_service=organization_ensure(service, kind, iso3)))


def _pledge(contingent, pledged, source, quote):
    """The contingent's pledged strength, as `source` gives it."""
    contingent.pledged_strength = pledged
    record_store_cited(user=None, record=contingent, source=source, quote=quote)


def _claim(*, source, mission, countries, metric, as_of, value, status, quote="", note=""):
    claim = Claim(source=source, mission=mission, metric=metric, as_of=as_of, value=value, status=status,
                  quote=quote, note=note)
    return record_store(user=None, record=claim, many={"countries": countries} if countries else None)


HAITI_TIME = "America/Port-au-Prince"  # both missions' time zone: their reports open on today in Haiti


@transaction.atomic
def demo_load():
    """Load the public record once; a second call changes nothing. Returns False if already loaded."""
    if Mission.objects.filter(code="MSS").exists():
        return False
    with change_context(message="Demo data: the MSS / GSF public record"):
        _load()
    return True


def _load():
    with FIXTURE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sources = {}
    # Haiti's departments and communes first: incidents, as sites, are placed in their commune when stored.
    boundaries_demo_load()
    ken = Country.objects.get(pk="KEN")
    mss = Mission(code="MSS", name="Multinational Security Support Mission in Haiti", lead_country=ken,
                  start=_date("2023-10-02"), end=_date("2025-10-02"), tour_length_months=12, time_zone=HAITI_TIME,
                  description="Kenya-led mission authorized by UNSC resolution 2699 (2023), funded by voluntary "
                              "contributions.")
    record_store(user=None, record=mss)
    gsf = Mission(code="GSF", name="Gang Suppression Force", start=_date("2025-10-02"), predecessor=mss,
                  tour_length_months=12, time_zone=HAITI_TIME,
                  description="Successor of the MSS under UNSC resolution 2793 (2025), supported by the UN "
                              "Support Office in Haiti (UNSOH).")
    record_store(user=None, record=gsf)
    missions = {"MSS": mss, "GSF": gsf}

    for row in rows:
        kind, mission = row["kind"], missions[row["mission"]]
        source = _source_for(row, sources)
        when = _date(row["date"])
        iso3, quote = row["country_iso3"], row["summary"]
        if kind == "authorization":
            instrument = "UNSC resolution 2699 (2023)" if mission.code == "MSS" else "UNSC resolution 2793 (2025)"
            authorization = Authorization(
                mission=mission, instrument=instrument, adopted=when,
                expires=_date("2024-10-02") if mission.code == "MSS" else None,
                personnel_ceiling=_int(row["count"]) or None,
                ceiling_by_category={"uniformed": 5500, "civilian": 50} if mission.code == "GSF" else {},
                summary=row["summary"],
            )
            record_store_cited(user=None, record=authorization, source=source, quote=quote)
        elif kind == "mandate_extension":
            authorization = Authorization(mission=mission, instrument="UNSC resolution 2751 (2024)", adopted=when,
                                          expires=_date("2025-10-02"), summary=row["summary"])
            record_store_cited(user=None, record=authorization, source=source, quote=quote)
        elif kind == "mandate_end":
            citation_attach(record=mission, source=source, quote=quote)
            contingent_rehat(predecessor_mission=mission, successor_mission=gsf, on=when, source=source, quote=quote)
        elif kind == "agreement":
            _pledge(_contingent(mission, iso3, row["category"]), _int(row["count"]), source, quote)
        elif kind in RECORD_OUTCOMES:
            # Killed, wounded, missing: the mission's casualty in its incident, with its casualty movement (killed,
            # missing) in one act; before the re-hat below, which moves across the strength they left.
            record_casualty_load(row=row, mission=mission, contingent=_contingent(mission, iso3, row["category"]),
                                 source=source)
        elif kind in MOVEMENT_KINDS or kind == "rotation":
            contingent = _contingent(mission, iso3, row["category"])
            key = (iso3, row["category"])
            if key in PLEDGES_IN_NOTES and contingent.pledged_strength is None:
                _pledge(contingent, PLEDGES_IN_NOTES[key], source, row["conflict_note"])
            count, men, women = _int(row["count"]), _int(row["men"]), _int(row["women"])
            if kind == "rotation":
                # "A relief team replaces the September 2024 team": the new team rotates in, the old one out.
                outgoing = contingent.movements.filter(kind=Movement.Kind.ARRIVAL).order_by("date").first()
                movement_record(user=None, contingent=contingent, kind=Movement.Kind.ROTATION_OUT, date=when,
                                count=outgoing.count, men=outgoing.men, women=outgoing.women,
                                note="The team it replaces.", source=source, quote=quote)
                movement_record(user=None, contingent=contingent, kind=Movement.Kind.ROTATION_IN, date=when,
                                count=count, men=men, women=women, note=row["conflict_note"], source=source,
                                quote=quote)
            else:
                movement_record(user=None, contingent=contingent, kind=MOVEMENT_KINDS[kind], date=when,
                                count=count, men=men, women=women, note=row["conflict_note"], source=source,
                                quote=quote)
        elif kind in ("reported_total", "mission_total"):
            countries = [c for c in iso3.split("+") if c]
            _claim(source=source, mission=mission, countries=countries, metric=Claim.Metric.STRENGTH, as_of=when,
                   value=_int(row["count"]), status=Claim.Status.UNREVIEWED, quote=quote, note=row["conflict_note"])
            if row["women"]:
                _claim(source=source, mission=mission, countries=countries, metric=Claim.Metric.WOMEN, as_of=when,
                       value=_int(row["women"]), status=Claim.Status.UNREVIEWED, quote=quote)
        elif kind == "planned_strength":
            _claim(source=source, mission=mission, countries=[], metric=Claim.Metric.PLANNED, as_of=when,
                   value=_int(row["count"]), status=Claim.Status.ACCEPTED, quote=quote, note=row["conflict_note"])
        elif kind == "pledge" and row["category"]:
            _pledge(_contingent(mission, iso3, row["category"]), _int(row["count"]), source, quote)
        # Funding rows (pledges of money, receipts, fund totals, freezes, waivers, cost estimates) are read by
        # the funding loader below.

    funding_demo_load(rows=rows, missions=missions, source_for=lambda row: _source_for(row, sources))
    logistics_demo_load(mss=missions["MSS"], missions=missions)

    for mission_code, countries, metric, as_of, value, publisher, note in CONFLICTS:
        title = f"{publisher}: conflicting figure"
        # The record names these only in its notes: who, not when or where.
        source = Source.objects.filter(publisher=publisher, title=title).first() or record_store(
            user=None, record=Source(publisher=publisher, title=title, reliability="C", credibility="3", text=note,
                                     kind=Source.Kind.DATASET if publisher == "ACLED" else Source.Kind.NEWS_ARTICLE))
        _claim(source=source, mission=missions[mission_code], countries=countries, metric=metric,
               as_of=_date(as_of), value=value, status=Claim.Status.DISPUTED, note=note)

    # Guatemala's nominal roll: synthetic sample officers matching the record's figures (demo/force.py), posted
    # to two of the demo's sites (SAMPLE postings: the map counts Guatemala from its roll).
    roll_demo_load(missions=missions)
    postings_demo_load(mss=missions["MSS"])
    # The actors ACLED names and the SAMPLE incidents (the record's own incidents are in by now).
    operations_demo_load(missions=missions)
    # Both missions publish everything on the public site, under CC BY 4.0 (an administrator chooses per mission).
    for mission in missions.values():
        record_store(user=None, record=Publication(mission=mission, strength=True, funding=True, incidents=True,
                                                   timeline=True, licence=Publication.Licence.CC_BY_4_0))
