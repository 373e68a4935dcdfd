"""Every view and API endpoint of incidents, their tolls, actors and event types, through the generic test kit.

Incidents and tolls are read by classification: the constrained persona holds them for {"classification":
["shareable", "public"]}, as a contributing country's liaison does, and never sees, adds or moves one into
"restricted". Actors and event types are reference data, without scope.
"""

from django.test import TestCase

from muster.core import testing as kit
from muster.operations.models import Actor, EventType, Incident, Toll

from . import helpers

SHAREABLE = {"classification": ["shareable", "public"]}


def classification(in_scope):
    return "shareable" if in_scope else "restricted"


class IncidentTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                    kit.ConstrainedObjectAPITests, TestCase):
    model = Incident
    constraint = SHAREABLE

    @classmethod
    def make_object(cls, *, in_scope=True):
        return helpers.incident(title=f"Ambush {Incident.objects.count() + 1}", classification=classification(in_scope),
                                tolls=[("police", "killed", 2)])

    def form_data(self, *, in_scope=True):
        return {"mission": helpers.mission().pk, "title": "Attack on the Kenscoff police station",
                "date": "2025-03-18", "time": "14:30", "time_precision": "1",
                "event_type": helpers.event_type(helpers.ATTACK).pk, "adm2": helpers.area(helpers.KENSCOFF).pk,
                "geo_precision": "1", "actor1": helpers.actor(helpers.VIV_ANSANM).pk,
                "actor2": helpers.actor(helpers.HNP).pk, "classification": classification(in_scope),
                "source": helpers.source().pk, "quote": "Armed men attacked the station"}

    def form_changes(self):
        return {"narrative": "The attackers withdrew towards Furcy."}

    def form_moving_out(self):
        return {"classification": "restricted"}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS", "title": "Attack on the Kenscoff police station",
                "occurred_at": "2025-03-18T14:30:00-04:00", "event_type": helpers.event_type(helpers.ATTACK).pk,
                "adm2": helpers.KENSCOFF, "actor1": helpers.actor(helpers.VIV_ANSANM).pk,
                "classification": classification(in_scope), "source": helpers.source().pk}

    def api_changes(self):
        return {"narrative": "The attackers withdrew towards Furcy."}

    def api_moving_out(self):
        return {"classification": "restricted"}


class TollTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                kit.ConstrainedObjectAPITests, TestCase):
    model = Toll
    constraint = SHAREABLE

    @classmethod
    def make_object(cls, *, in_scope=True):
        return helpers.toll(helpers.incident(classification=classification(in_scope)), "civilians", "killed", 4,
                            as_reported="at least 4")

    def form_data(self, *, in_scope=True):
        return {"incident": helpers.incident(classification=classification(in_scope)).pk, "group": "civilians",
                "outcome": "wounded", "count": "8", "as_reported": "8 to 10"}

    def form_changes(self):
        return {"count": "9"}

    def form_moving_out(self):
        return {"incident": helpers.incident(classification="restricted").pk}

    def api_data(self, *, in_scope=True):
        return {"incident": helpers.incident(classification=classification(in_scope)).pk, "group": "police",
                "outcome": "wounded", "count": 3}

    def api_changes(self):
        return {"as_reported": "three officers"}

    def api_moving_out(self):
        return {"incident": helpers.incident(classification="restricted").pk}


class ActorTests(kit.ObjectViewTests, kit.ObjectAPITests, TestCase):
    model = Actor

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition = helpers.actor(helpers.VIV_ANSANM)

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Actor.objects.create(name=f"Test gang {Actor.objects.count() + 1}", inter=Actor.Inter.POLITICAL_MILITIA)

    def form_data(self, *, in_scope=True):
        return {"name": "Test gang of Canaan", "inter": "3", "coalition": self.coalition.pk}

    def form_changes(self):
        return {"description": "A gang of Canaan, north of Port-au-Prince."}

    def api_data(self, *, in_scope=True):
        return {"name": "Test gang of Laboule", "inter": 3}

    def api_changes(self):
        return {"description": "A gang of Laboule and Thomassin."}


class EventTypeTests(kit.ObjectViewTests, kit.ObjectAPITests, TestCase):
    model = EventType

    @classmethod
    def make_object(cls, *, in_scope=True):
        return EventType.objects.create(event_type="Accidents", sub_event_type=f"Test {EventType.objects.count()}",
                                        acled=False)

    def form_data(self, *, in_scope=True):
        return {"event_type": "Accidents", "sub_event_type": "Boat accident"}

    def form_changes(self):
        return {"sub_event_type": "Boat capsized"}

    def api_data(self, *, in_scope=True):
        return {"event_type": "Accidents", "sub_event_type": "Aircraft accident", "acled": False}

    def api_changes(self):
        return {"sub_event_type": "Drowning"}
