"""The mission's own casualties are one act with the roll and strength (operations.services): what recording,
correcting and removing a casualty writes, on the demo's GSF Kenyan contingent (its strength from the public record)
with three synthetic officers on its roll."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase

from muster.core.testing import make_user
from muster.force.models import DutyStatus, Movement, Tour
from muster.force.selectors import roll_counts_at, strength_at
from muster.operations.models import Casualty, Incident
from muster.operations.services import casualty_delete, casualty_record, incident_delete, incident_store
from muster.reports.perstat import perstat_report
from muster.sources.models import Citation

from . import helpers

D = datetime.date
ON = D(2025, 11, 18)  # the day of helpers.incident(False): a GSF incident in Kenscoff
CASUALTY_KINDS = [Movement.Kind.KILLED, Movement.Kind.MISSING, Movement.Kind.MEDEVAC]


def strength(unit, on):
    """The contingent's strength from movements at the end of `on`."""
    rows = strength_at(mission=unit.mission, on=on, by=("contingent",)).rows
    return next((r.total for r in rows if r.contingent == unit.pk), 0)


def in_strength_on_roll(unit, on):
    """The contingent's strength on the roll (the PERSTAT's: present, on leave, in hospital or wounded)."""
    return sum(r.count for r in roll_counts_at(mission=unit.mission, on=on)
               if r.contingent == unit.pk and r.status in DutyStatus.IN_STRENGTH)


def cited(record):
    return {(c.source_id, c.quote) for c in Citation.objects.filter(
        content_type__app_label=record._meta.app_label, content_type__model=record._meta.model_name,
        object_id=record.pk)}


class CasualtyAct(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = helpers.contingent(False)  # the demo's GSF Kenyan contingent: 889 strength in November 2025
        cls.officers = [helpers.officer(cls.unit, arrival=helpers.GSF_START) for _ in range(3)]
        cls.incident = helpers.incident(False, title="Ambush on the Kenscoff road", units=[cls.unit])
        cls.source = helpers.source()

    def record(self, outcome, *, tour=None, count=1, casualty=None, source=None, quote=""):
        casualty = casualty or Casualty(incident=self.incident, contingent=self.unit)
        casualty.outcome, casualty.tour, casualty.count = outcome, tour, count
        return casualty_record(user=None, casualty=casualty, source=source, quote=quote)

    def test_an_officer_killed_leaves_strength_and_the_roll_alike_each_citing_the_same_source(self):
        before, roll_before = strength(self.unit, ON), in_strength_on_roll(self.unit, ON)
        casualty = self.record(Casualty.Outcome.KILLED, tour=self.officers[0], source=self.source,
                               quote="One Kenyan officer was killed")
        movement, status = casualty.movement, casualty.duty_status
        self.assertEqual((movement.kind, movement.date, movement.count, movement.men, movement.unknown),
                         (Movement.Kind.KILLED, ON, 1, 1, 0))
        self.assertEqual((status.tour, status.since, status.status), (self.officers[0], ON, "killed"))
        self.assertEqual((strength(self.unit, ON), in_strength_on_roll(self.unit, ON)), (before - 1, roll_before - 1))
        self.assertEqual(strength(self.unit, ON - datetime.timedelta(days=1)), before)  # from that day, not before
        said = {(self.source.pk, "One Kenyan officer was killed")}
        self.assertEqual((cited(casualty), cited(movement), cited(status)), (said, said, said))
        # The movement names the incident by number and day, never the officer nor the (classified) title.
        self.assertIn(str(self.incident.pk), movement.note)
        self.assertNotIn("Kenscoff", movement.note + status.reason)
        self.assertNotIn("Sample", movement.note + status.reason)

    def test_the_killed_officer_stays_on_the_roll_as_killed_and_the_perstat_shows_no_difference(self):
        roll_before = in_strength_on_roll(self.unit, ON)
        self.record(Casualty.Outcome.KILLED, tour=self.officers[0])
        tour = Tour.objects.get(pk=self.officers[0].pk)
        self.assertIsNone(tour.departure)  # the tour is the personnel officer's to end
        state = next(s for s in perstat_report(mission=self.unit.mission, on=ON).contingents
                     if s.contingent.pk == self.unit.pk)
        self.assertEqual((state.on_roll, state.strength, state.by_status["killed"]), (3, 2, 1))
        self.assertEqual(state.strength, roll_before - 1)
        # Ending the tour later (remains repatriated) takes them off the roll, and changes no strength.
        tour.departure, tour.departure_reason = ON + datetime.timedelta(days=10), Tour.Reason.KILLED
        tour.save()
        later = ON + datetime.timedelta(days=12)
        self.assertEqual((in_strength_on_roll(self.unit, later), strength(self.unit, later)),
                         (roll_before - 1, strength(self.unit, ON)))

    def test_wounded_treated_in_theatre_stay_on_strength(self):
        before = strength(self.unit, ON)
        named = self.record(Casualty.Outcome.WOUNDED, tour=self.officers[1])
        unnamed = self.record(Casualty.Outcome.WOUNDED, count=8)
        self.assertEqual((named.movement, unnamed.movement, unnamed.duty_status), (None, None, None))
        self.assertEqual(named.duty_status.status, DutyStatus.Status.WOUNDED)
        self.assertEqual((strength(self.unit, ON), in_strength_on_roll(self.unit, ON)), (before, 3))

    def test_unnamed_casualties_move_strength_by_their_count_of_unknown_sex(self):
        before = strength(self.unit, ON)
        casualty = self.record(Casualty.Outcome.MISSING, count=3)
        self.assertEqual((casualty.movement.kind, casualty.movement.count, casualty.movement.unknown),
                         (Movement.Kind.MISSING, 3, 3))
        self.assertIsNone(casualty.duty_status)
        self.assertEqual(strength(self.unit, ON), before - 3)

    def test_a_correction_changes_or_removes_exactly_what_the_casualty_wrote(self):
        before = strength(self.unit, ON)
        casualty = self.record(Casualty.Outcome.WOUNDED, tour=self.officers[0], source=self.source, quote="wounded")
        status_pk = casualty.duty_status.pk
        # Wounded, then died of the wounds: the movement is added and the same status changed, citing the source.
        casualty = self.record(Casualty.Outcome.KILLED, tour=self.officers[0], casualty=casualty)
        self.assertEqual((casualty.duty_status.pk, casualty.duty_status.status), (status_pk, "killed"))
        self.assertEqual(cited(casualty.movement), {(self.source.pk, "wounded")})
        self.assertEqual(strength(self.unit, ON), before - 1)
        movement_pk = casualty.movement.pk
        # Evacuated rather than killed: the same movement changes kind.
        casualty = self.record(Casualty.Outcome.MEDEVAC, tour=self.officers[0], casualty=casualty)
        self.assertEqual((casualty.movement.pk, casualty.movement.kind), (movement_pk, Movement.Kind.MEDEVAC))
        # Only wounded after all: the movement goes, with its citation; strength is back.
        casualty = self.record(Casualty.Outcome.WOUNDED, tour=self.officers[0], casualty=casualty)
        self.assertIsNone(casualty.movement)
        self.assertFalse(Movement.objects.filter(pk=movement_pk).exists())
        self.assertFalse(Citation.objects.filter(content_type__model="movement", object_id=movement_pk).exists())
        self.assertEqual(strength(self.unit, ON), before)
        # Another officer: the status moves to them, the first has none left.
        casualty = self.record(Casualty.Outcome.WOUNDED, tour=self.officers[1], casualty=casualty)
        self.assertEqual((casualty.duty_status.pk, casualty.duty_status.tour), (status_pk, self.officers[1]))
        self.assertFalse(DutyStatus.objects.filter(tour=self.officers[0]).exists())
        # Nobody named: the status goes too.
        casualty = self.record(Casualty.Outcome.WOUNDED, casualty=casualty)
        self.assertFalse(DutyStatus.objects.filter(pk=status_pk).exists())

    def test_moving_the_incident_moves_its_casualties_movements_and_statuses(self):
        killed = self.record(Casualty.Outcome.KILLED, tour=self.officers[0])
        missing = self.record(Casualty.Outcome.MISSING, count=2)
        before = strength(self.unit, ON - datetime.timedelta(days=1))
        self.incident.date = ON - datetime.timedelta(days=5)
        incident_store(user=None, incident=self.incident)
        killed.refresh_from_db()
        missing.refresh_from_db()
        self.assertEqual((killed.movement.date, killed.duty_status.since, missing.movement.date),
                         (self.incident.date,) * 3)
        self.assertEqual(strength(self.unit, ON - datetime.timedelta(days=1)), before - 3)

    def test_removing_a_casualty_or_its_incident_undoes_everything_it_wrote(self):
        before = (strength(self.unit, ON), Movement.objects.count(), DutyStatus.objects.count(),
                  Citation.objects.count())
        first = self.record(Casualty.Outcome.KILLED, tour=self.officers[0], source=self.source)
        self.record(Casualty.Outcome.MEDEVAC, tour=self.officers[1], source=self.source)
        self.record(Casualty.Outcome.WOUNDED, count=4)
        casualty_delete(user=None, casualty=first)
        self.assertEqual(strength(self.unit, ON), before[0] - 1)
        incident_delete(user=None, incident=self.incident)
        self.assertFalse(Incident.objects.filter(pk=self.incident.pk).exists())
        self.assertEqual((strength(self.unit, ON), Movement.objects.count(), DutyStatus.objects.count(),
                          Citation.objects.count()), before)

    def test_an_operations_officer_moves_the_date_of_an_incident_with_casualties_but_cannot_delete_it(self):
        operations = make_user("j3-test", grants=[(["operations.incident", "operations.toll"],
                                                   ["view", "add", "change", "delete"], None)])
        casualty = self.record(Casualty.Outcome.KILLED, tour=self.officers[0])
        incident = Incident.objects.get(pk=self.incident.pk)
        incident.date = ON + datetime.timedelta(days=1)
        incident_store(user=operations, incident=incident)
        casualty.refresh_from_db()
        self.assertEqual(casualty.duty_status.since, ON + datetime.timedelta(days=1))
        with self.assertRaises(ValidationError) as refused:
            incident_delete(user=operations, incident=incident)
        self.assertIn("personnel officer removes them", refused.exception.messages[0])
        self.assertNotIn("Sample", refused.exception.messages[0])
        self.assertTrue(Casualty.objects.filter(pk=casualty.pk).exists())

    def test_the_outcome_that_changes_strength_is_the_one_whose_status_is_out_of_strength(self):
        for outcome in Casualty.Outcome:
            self.assertEqual(outcome in Casualty.MOVEMENT_KIND,
                             Casualty.DUTY_STATUS[outcome] in DutyStatus.OUT_OF_STRENGTH, outcome)
