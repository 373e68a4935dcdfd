"""A week of operations on the demo for the SITREP's tests: three incidents of the MSS in the week ending 18 March
2025 (one restricted to mission staff with a Kenyan unit, one shareable with a Guatemalan unit, one public, marked
SAMPLE), a Kenyan officer killed in the first and a Guatemalan officer wounded in the second, each by name, through
operations.services.casualty_record (the roll and strength follow), and the strings a reader outside each scope must
never meet."""

import datetime
from types import SimpleNamespace

from muster.core.store import record_store
from muster.force.models import Movement
from muster.operations.models import Casualty
from muster.operations.services import casualty_record
from tests.operations import helpers

ON = datetime.date(2025, 3, 18)
BEFORE_THE_WEEK = datetime.date(2025, 3, 1)
GTM_ARRIVAL = datetime.date(2025, 1, 4)  # the demo's Guatemalans arrived on 3 and 4 January 2025


def casualty(incident, tour, outcome, *, source=None):
    return casualty_record(user=None, casualty=Casualty(incident=incident, contingent=tour.contingent, tour=tour,
                                                        outcome=outcome, count=1),
                           source=source, quote="As the statement reports it")


def operations_week():
    kenya, guatemala = helpers.contingent(), helpers.contingent(country="GTM")
    # The demo's Kenyans all leave the MSS on 2 October 2025 (re-hatted): 40 more arrive before the week, so that
    # the casualties recorded here leave nobody below none then.
    record_store(user=None, record=Movement(contingent=kenya, kind=Movement.Kind.ARRIVAL, date=BEFORE_THE_WEEK,
                                            count=40, men=40, women=0, unknown=0))
    source = helpers.source()
    restricted = helpers.incident(title="Ambush of a Kenyan patrol at Kenscoff (restricted)", date=ON,
                                  units=[kenya], personnel_involved=12, narrative="A patrol was ambushed.",
                                  tolls=[("mission", "killed", 1), ("civilians", "killed", 30)])
    shareable = helpers.incident(title="Gang attack on the Saint-Marc road", date=ON - datetime.timedelta(days=1),
                                 classification="shareable", units=[guatemala], adm2=helpers.area(helpers.SAINT_MARC),
                                 personnel_involved=8, tolls=[("mission", "wounded", 1), ("police", "wounded", 4),
                                                                     ("police", "killed", 30)])
    public = helpers.incident(title="SAMPLE clash in Delmas", date=ON - datetime.timedelta(days=2),
                              classification="public", sample=True, adm2=helpers.area(helpers.DELMAS),
                              tolls=[("civilians", "killed", 40)])
    kenyan = helpers.officer(kenya, family_name="Restrictedkenyan")
    guatemalan = helpers.officer(guatemala, family_name="Restrictedguatemalan", arrival=GTM_ARRIVAL)
    killed = casualty(restricted, kenyan, Casualty.Outcome.KILLED, source=source)
    wounded = casualty(shareable, guatemalan, Casualty.Outcome.WOUNDED, source=source)
    return SimpleNamespace(kenya=kenya, guatemala=guatemala, restricted=restricted, shareable=shareable,
                           public=public, kenyan=kenyan, guatemalan=guatemalan, killed=killed, wounded=wounded,
                           source=source)


# What each demo user must never meet in any form of the SITREP (page, PDF, DOCX, XLSX, CSV, API), and what they do.
NEVER = {
    "liaison-ken": ["Restrictedguatemalan", "Ambush of a Kenyan patrol"],
    "liaison-gtm": ["Restrictedkenyan", "Ambush of a Kenyan patrol", "Kenya — Formed police unit"],
    "donor-usa": ["Restrictedkenyan", "Restrictedguatemalan", "Ambush of a Kenyan patrol", "Gang attack on the "
                  "Saint-Marc road"],
    "j3": ["Restrictedkenyan", "Restrictedguatemalan"],
}
SEES = {
    "liaison-ken": ["Restrictedkenyan", "Gang attack on the Saint-Marc road", "SAMPLE clash in Delmas"],
    "liaison-gtm": ["Restrictedguatemalan", "Gang attack on the Saint-Marc road", "SAMPLE clash in Delmas"],
    "donor-usa": ["SAMPLE clash in Delmas"],
    "j3": ["Ambush of a Kenyan patrol", "Gang attack on the Saint-Marc road", "SAMPLE clash in Delmas"],
}
