"""Bad input to the casualty act: each refusal names its field and reason, and stores nothing (no casualty, no
movement, no duty status, no citation)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from muster.core.store import record_store
from muster.core.testing import make_user
from muster.force.models import Contingent, DutyStatus, Movement
from muster.missions.models import PersonnelCategory
from muster.operations.models import Casualty, Incident
from muster.operations.services import casualty_record, incident_store
from muster.sources.models import Citation

from . import helpers

D = datetime.date
ON = D(2025, 11, 18)


class CasualtyRefusals(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = helpers.contingent(False)  # the demo's GSF Kenyan contingent
        cls.officer = helpers.officer(cls.unit, arrival=helpers.GSF_START)
        cls.incident = helpers.incident(False, title="Attack on a patrol in Kenscoff", units=[cls.unit],
                                        personnel_involved=6)
        cls.source = helpers.source()

    def counts(self):
        return (Casualty.objects.count(), Movement.objects.count(), DutyStatus.objects.count(),
                Citation.objects.count())

    def refused(self, field, *, user=None, incident=None, contingent=None, **values):
        """Record a casualty with `values`, expecting a refusal on `field`; returns its words. Nothing stored."""
        before = self.counts()
        casualty = Casualty(incident=incident or self.incident, contingent=contingent or self.unit, **values)
        with self.assertRaises(ValidationError) as refusal:
            casualty_record(user=user, casualty=casualty, source=self.source, quote="as reported")
        self.assertEqual(list(refusal.exception.message_dict), [field], refusal.exception.message_dict)
        self.assertEqual(self.counts(), before)
        return " ".join(refusal.exception.message_dict[field])

    def test_an_officer_not_on_the_roll_on_the_day_is_refused(self):
        later = helpers.officer(self.unit, arrival=ON + datetime.timedelta(days=1))
        said = self.refused("tour", outcome=Casualty.Outcome.KILLED, tour=later)
        self.assertIn(f"is not on the roll of {self.unit} on 2025-11-18", said)
        gone = helpers.officer(self.unit, arrival=helpers.GSF_START)
        gone.departure = ON  # left that day: not on strength that night
        record_store(user=None, record=gone)
        self.assertIn("is not on the roll", self.refused("tour", outcome=Casualty.Outcome.WOUNDED, tour=gone))

    def test_an_officer_of_another_contingent_is_refused(self):
        jamaica = helpers.officer(self.other_unit("JAM"), arrival=helpers.GSF_START)
        self.assertIn("serves in another contingent", self.refused("tour", outcome="wounded", tour=jamaica))

    def test_a_named_officer_is_one_person(self):
        said = self.refused("count", outcome=Casualty.Outcome.WOUNDED, tour=self.officer, count=2)
        self.assertIn("A named officer is one person", said)

    def test_more_wounded_than_the_personnel_involved_is_refused(self):
        said = self.refused("count", outcome=Casualty.Outcome.WOUNDED, count=7)
        self.assertEqual(said, "7 mission personnel wounded, treated in theatre, but the incident says 6 were "
                               "involved.")
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit,
                                                     outcome=Casualty.Outcome.WOUNDED, count=5))
        said = self.refused("count", outcome=Casualty.Outcome.WOUNDED, count=2)
        self.assertIn("With the 5 already recorded, 7 mission personnel wounded", said)
        # Per outcome: six may be killed as well as five wounded (the figures are each the incident's).
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit,
                                                     outcome=Casualty.Outcome.KILLED, count=6))

    def test_a_liaison_is_not_told_of_the_casualties_of_another_country(self):
        jamaica = self.other_unit("JAM")
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=jamaica,
                                                     outcome=Casualty.Outcome.WOUNDED, count=5))
        liaison = make_user("liaison-ken-test", country="KEN", grants=[
            (["operations.casualty"], ["view", "add", "change"], {"country": "$user.country"}),
            (["force.movement", "force.dutystatus"], ["view", "add", "change"], {"country": "$user.country"}),
            (["operations.incident"], ["view"], None)])
        said = self.refused("count", user=liaison, outcome=Casualty.Outcome.WOUNDED, count=2)
        self.assertIn("with casualties of the incident you may not see", said)
        self.assertNotIn("5", said)

    def test_a_casualty_refused_once_written_is_given_back_unsaved(self):
        liaison = make_user("liaison-ken-writer", country="KEN", grants=[
            (["operations.casualty"], ["view", "add", "change"], {"country": "$user.country"}),
            (["operations.incident"], ["view"], None)])
        before = self.counts()
        casualty = Casualty(incident=self.incident, contingent=self.other_unit("JAM"), outcome="wounded")
        with self.assertRaises(PermissionDenied):  # checked once stored, as every write is (core.store)
            casualty_record(user=liaison, casualty=casualty)
        self.assertEqual((casualty.pk, casualty._state.adding, casualty.version), (None, True, 1))
        self.assertEqual(self.counts(), before)

    def test_a_contingent_of_another_mission_is_refused(self):
        mss_kenya = helpers.contingent(True)  # the demo's MSS Kenyan contingent, on a GSF incident
        said = self.refused("contingent", contingent=mss_kenya, outcome=Casualty.Outcome.KILLED)
        self.assertIn("serves MSS; this incident is of GSF", said)

    def test_a_second_status_the_same_day_is_refused_rather_than_overwritten(self):
        record_store(user=None, record=DutyStatus(tour=self.officer, since=ON, status=DutyStatus.Status.LEAVE))
        said = self.refused("tour", outcome=Casualty.Outcome.KILLED, tour=self.officer)
        self.assertIn("already has a duty status from 2025-11-18 (on leave): one status a day", said)
        self.assertEqual(DutyStatus.objects.get(tour=self.officer).status, DutyStatus.Status.LEAVE)

    def test_an_officer_already_off_strength_cannot_fall_again_nor_be_taken_off_before_a_later_status(self):
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit, tour=self.officer,
                                                     outcome=Casualty.Outcome.MISSING))
        later = helpers.incident(False, title="Clash in Pétion-Ville", date=ON + datetime.timedelta(days=3))
        said = self.refused("tour", incident=later, outcome=Casualty.Outcome.WOUNDED, tour=self.officer)
        self.assertIn("is recorded missing from 2025-11-18: no longer on the mission's strength on 2025-11-21", said)
        earlier = helpers.incident(False, title="Clash in Delmas", date=ON - datetime.timedelta(days=3))
        said = self.refused("tour", incident=earlier, outcome=Casualty.Outcome.KILLED, tour=self.officer)
        self.assertIn("has a later duty status (missing from 2025-11-18)", said)

    def test_a_casualty_movement_never_takes_strength_below_nobody(self):
        small = self.other_unit("FRA", strength=2)
        incident = helpers.incident(False, title="Ambush", units=[small])
        said = self.refused("count", incident=incident, contingent=small, outcome=Casualty.Outcome.KILLED, count=3)
        self.assertIn("it cannot have fewer than none", said)

    def test_an_incident_cannot_lose_the_personnel_or_the_mission_its_casualties_need(self):
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit,
                                                     outcome=Casualty.Outcome.KILLED, count=4))
        for field, value, words in (("personnel_involved", 3, "4 of the mission's personnel are recorded killed"),
                                    ("mission", helpers.mission(True), "they are removed before it can move")):
            incident = Incident.objects.get(pk=self.incident.pk)
            setattr(incident, field, value)
            if field == "mission":
                incident.date = D(2025, 3, 18)
            with self.assertRaises(ValidationError) as refusal:
                incident_store(user=None, incident=incident)
            self.assertIn(words, " ".join(refusal.exception.message_dict[field]))
            self.assertEqual(Incident.objects.get(pk=self.incident.pk).version, self.incident.version)

    def test_an_operations_officer_is_refused_without_learning_the_casualties_they_may_not_see(self):
        operations = make_user("j3-bad-input", grants=[(["operations.incident"], ["view", "change"], None)])
        newcomer = helpers.officer(self.unit, arrival=ON)
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit, tour=newcomer,
                                                     outcome=Casualty.Outcome.KILLED))
        casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit,
                                                     outcome=Casualty.Outcome.WOUNDED, count=5))
        for field, value in (("personnel_involved", 2), ("date", ON - datetime.timedelta(days=1))):
            incident = Incident.objects.get(pk=self.incident.pk)
            setattr(incident, field, value)
            with self.assertRaises(ValidationError) as refusal:
                incident_store(user=operations, incident=incident)
            said = " ".join(refusal.exception.message_dict[field])
            self.assertIn("which you may not see", said)
            self.assertNotIn("5", said.replace("2025", ""))
            self.assertNotIn(newcomer.person.family_name, said)

    def test_an_incident_cannot_move_to_a_day_its_named_officer_was_not_yet_on_the_roll(self):
        newcomer = helpers.officer(self.unit, arrival=ON)
        casualty = casualty_record(user=None, casualty=Casualty(incident=self.incident, contingent=self.unit,
                                                                tour=newcomer, outcome=Casualty.Outcome.WOUNDED))
        incident = Incident.objects.get(pk=self.incident.pk)
        incident.date = ON - datetime.timedelta(days=1)
        with self.assertRaises(ValidationError) as refusal:
            incident_store(user=None, incident=incident)
        self.assertIn("cannot move to 2025-11-17 with the incident", refusal.exception.message_dict["date"][0])
        casualty.refresh_from_db()
        self.assertEqual((casualty.incident.date, casualty.duty_status.since), (ON, ON))

    def other_unit(self, country, *, strength=50):
        """A formed police unit of `country` in the GSF, with `strength` arrived on its first day."""
        unit = Contingent.objects.filter(mission=self.unit.mission, country_id=country).first()
        if unit is None:
            unit = record_store(user=None, record=Contingent(mission=self.unit.mission, country_id=country,
                                                             category=PersonnelCategory.FORMED_POLICE))
        if not unit.movements.exists():
            record_store(user=None, record=Movement(contingent=unit, kind=Movement.Kind.ARRIVAL,
                                                    date=helpers.GSF_START, count=strength, unknown=strength))
        return unit
