"""Over random incident histories (casualties added, corrected and removed, of any outcome, named or not, incidents
moved to other days), strength from movements, the roll's duty statuses and the casualty movements always say the
same thing as the casualties; a refused step stores nothing; removing everything gives back the starting state."""

import datetime

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from muster.force.models import DutyStatus, Movement
from muster.force.selectors import roll_counts_at, strength_series
from muster.operations.models import Casualty, Incident
from muster.operations.services import casualty_delete, casualty_record, incident_delete, incident_store
from muster.sources.models import Citation

from . import helpers

DAYS = 40  # incidents fall on the GSF's first days, so several share a day
OFFICERS = 3

officer_or_nobody = st.one_of(st.none(), st.integers(0, OFFICERS - 1))
steps = st.lists(st.one_of(
    st.tuples(st.just("add"), st.integers(0, 1), st.sampled_from(list(Casualty.Outcome)), officer_or_nobody,
              st.integers(1, 3)),
    st.tuples(st.just("correct"), st.integers(0, 9), st.sampled_from(list(Casualty.Outcome)), officer_or_nobody,
              st.integers(1, 3)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("move"), st.integers(0, 1), st.integers(1, DAYS)),
), min_size=2, max_size=10)


def day(n):
    return helpers.GSF_START + datetime.timedelta(days=n)


class CasualtiesAgreeWithStrengthAndTheRoll(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = helpers.contingent(False)  # the demo's GSF Kenyan contingent
        cls.officers = [helpers.officer(cls.unit, arrival=helpers.GSF_START) for _ in range(OFFICERS)]
        cls.source = helpers.source()
        cls.checked_days = [day(0), day(DAYS // 2), day(DAYS + 1)]
        # Two incidents, each example giving them their days (a plain update: the setting, not the act under test).
        cls.incidents = [helpers.incident(False, title=f"Property incident {i}", units=[cls.unit]) for i in range(2)]

    def state(self):
        """Everything a casualty may write, as plain values: what a refused step or a full removal must leave."""
        return (
            sorted(Movement.objects.filter(contingent=self.unit).values_list(
                "pk", "kind", "date", "count", "men", "women", "unknown", "version")),
            sorted(DutyStatus.objects.filter(tour__in=self.officers).values_list("pk", "tour", "since", "status")),
            sorted(self.casualties().values_list("pk", "outcome", "tour", "count", "incident__date", "version")),
            Citation.objects.count(),
            self.strengths(),
        )

    def casualties(self):
        """This test's casualties (the demo has its own, in the MSS)."""
        return Casualty.objects.filter(incident__in=self.incidents)

    def strengths(self):
        """The contingent's strength from movements at the end of each checked day (one query)."""
        series = strength_series(mission=self.unit.mission, points=self.checked_days, by="contingent")
        return [series[on].get(self.unit.pk, 0) for on in self.checked_days]

    def roll_in_strength(self, on):
        return sum(r.count for r in roll_counts_at(mission=self.unit.mission, on=on)
                   if r.contingent == self.unit.pk and r.status in DutyStatus.IN_STRENGTH)

    def assert_agree(self, base_strength):
        casualties = list(self.casualties().select_related("incident"))
        leaving = [c for c in casualties if c.outcome in Casualty.MOVEMENT_KIND]
        # The casualty movements are exactly the casualties that change strength, on their incident's day.
        self.assertEqual(
            sorted(Movement.objects.filter(contingent=self.unit, kind__in=Casualty.MOVEMENT_KIND.values())
                   .values_list("casualty", "kind", "date", "count", "men", "unknown")),
            sorted((c.pk, Casualty.MOVEMENT_KIND[c.outcome], c.incident.date, c.count, c.count if c.tour_id else 0,
                    0 if c.tour_id else c.count) for c in leaving))
        # The officers' duty statuses are exactly the named casualties', from their incident's day.
        self.assertEqual(
            sorted(DutyStatus.objects.filter(tour__in=self.officers).values_list("casualty", "tour", "since",
                                                                                  "status")),
            sorted((c.pk, c.tour_id, c.incident.date, Casualty.DUTY_STATUS[c.outcome]) for c in casualties
                   if c.tour_id))
        for on, base, now in zip(self.checked_days, base_strength, self.strengths(), strict=True):
            gone = [c for c in leaving if c.incident.date <= on]
            self.assertEqual(now, base - sum(c.count for c in gone), on)
            # The roll loses exactly the named ones the movements lose: roll and movements keep agreeing.
            self.assertEqual(self.roll_in_strength(on), OFFICERS - sum(1 for c in gone if c.tour_id), on)
        for casualty in casualties:  # the same source on the casualty and what it wrote
            said = {c.source_id for c in Citation.objects.filter(content_type__model="casualty",
                                                                 object_id=casualty.pk)}
            for record in (casualty.movement, casualty.duty_status):
                if record is not None:
                    self.assertEqual(said, {c.source_id for c in Citation.objects.filter(
                        content_type__model=record._meta.model_name, object_id=record.pk)})

    @settings(max_examples=30, deadline=None)
    @given(days=st.tuples(st.integers(1, DAYS), st.integers(1, DAYS)),
           involved=st.one_of(st.none(), st.integers(1, 4)), history=steps, remove_incidents_whole=st.booleans())
    def test_strength_statuses_and_movements_agree_after_every_step_and_removal_restores_the_start(
            self, days, involved, history, remove_incidents_whole):
        start = self.state()
        base_strength = start[-1]
        incidents = self.incidents
        for incident, n, limit in zip(incidents, days, (involved, None), strict=True):
            Incident.objects.filter(pk=incident.pk).update(date=day(n), personnel_involved=limit)
        for step in history:
            before = self.state()
            try:
                self.apply(step, incidents)
            except ValidationError as error:
                self.assertTrue(set(error.message_dict) <= {"tour", "count", "date"}, error.message_dict)
                self.assertEqual(self.state(), before, f"{step} was refused yet stored something")
            else:
                self.assert_agree(base_strength)
        if remove_incidents_whole:
            for incident in incidents:
                incident_delete(user=None, incident=Incident.objects.get(pk=incident.pk))
        else:
            for casualty in self.casualties().order_by("-pk"):
                casualty_delete(user=None, casualty=casualty)
            for incident in incidents:
                incident_delete(user=None, incident=Incident.objects.get(pk=incident.pk))
        after = self.state()
        self.assertEqual(after[0], start[0])  # the contingent's own movements, not even their versions changed
        self.assertEqual(after, start)

    def apply(self, step, incidents):
        kind, *args = step
        casualties = list(self.casualties().order_by("pk"))
        if kind == "add":
            index, outcome, officer, count = args
            casualty = Casualty(incident=Incident.objects.get(pk=incidents[index].pk), contingent=self.unit)
            self.fill(casualty, outcome, officer, count)
            casualty_record(user=None, casualty=casualty, source=self.source, quote="as reported")
        elif kind == "correct" and casualties:
            pick, outcome, officer, count = args
            casualty = casualties[pick % len(casualties)]
            self.fill(casualty, outcome, officer, count)
            casualty_record(user=None, casualty=casualty)
        elif kind == "delete" and casualties:
            casualty_delete(user=None, casualty=casualties[args[0] % len(casualties)])
        elif kind == "move":
            index, n = args
            incident = Incident.objects.get(pk=incidents[index].pk)
            incident.date = day(n)
            incident_store(user=None, incident=incident)

    def fill(self, casualty, outcome, officer, count):
        casualty.outcome = outcome
        casualty.tour = self.officers[officer] if officer is not None else None
        casualty.count = 1 if officer is not None else count  # a named officer is one; the rule is tested apart
