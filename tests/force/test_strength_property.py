"""Strength on any date equals the sum of the movements up to that date: checked against a plain model."""

import datetime
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from muster.force.models import Contingent, Movement
from muster.force.selectors import strength_at, strength_series
from muster.missions.models import Mission, PersonnelCategory

START = datetime.date(2024, 6, 1)
CONTINGENTS = [("KEN", PersonnelCategory.FORMED_POLICE), ("KEN", PersonnelCategory.STAFF_OFFICERS),
               ("GTM", PersonnelCategory.MILITARY), ("JAM", PersonnelCategory.INDIVIDUAL_POLICE)]
KINDS = list(Movement.Kind)

events = st.lists(
    st.tuples(
        st.integers(0, len(CONTINGENTS) - 1),  # which contingent
        st.sampled_from(KINDS),
        st.integers(0, 40),  # day: a small range, so that several events fall on one day
        st.integers(0, 60), st.integers(0, 20), st.integers(0, 30),  # men, women, unknown asked for
    ),
    max_size=40,
)


def plain_history(raw):
    """Keep the events a real history could have: nobody leaves who is not there. Sorted by day."""
    present = defaultdict(lambda: [0, 0, 0])
    history = []
    for index, kind, day, men, women, unknown in sorted(raw, key=lambda e: e[2]):
        parts = [men, women, unknown]
        if kind in Movement.OUTWARD:
            parts = [min(asked, there) for asked, there in zip(parts, present[index], strict=True)]
        if sum(parts) == 0:
            continue
        sign = -1 if kind in Movement.OUTWARD else 1
        present[index] = [p + sign * q for p, q in zip(present[index], parts, strict=True)]
        history.append((index, kind, START + datetime.timedelta(days=day), parts))
    return history


def plain_strength(history, on):
    """The same figures as strength_at(by=country, category), by a loop a person can check by hand."""
    totals = defaultdict(lambda: [0, 0, 0])
    for index, kind, date, parts in history:
        if date <= on:
            sign = -1 if kind in Movement.OUTWARD else 1
            key = CONTINGENTS[index]
            totals[key] = [t + sign * p for t, p in zip(totals[key], parts, strict=True)]
    return {key: tuple(v) for key, v in totals.items() if sum(v)}


class StrengthIsTheSumOfMovements(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(raw=events, on_days=st.lists(st.integers(-1, 45), min_size=1, max_size=4))
    def test_strength_at_any_date_equals_the_plain_sum(self, raw, on_days):
        mission = Mission.objects.create(code="PROP", name="Property mission", start=START)
        contingents = [Contingent.objects.create(mission=mission, country_id=iso3, category=category)
                       for iso3, category in CONTINGENTS]
        history = plain_history(raw)
        Movement.objects.bulk_create(
            Movement(contingent=contingents[index], kind=kind, date=date, count=sum(parts), men=parts[0],
                     women=parts[1], unknown=parts[2])
            for index, kind, date, parts in history
        )
        points = [START + datetime.timedelta(days=d) for d in on_days]
        series = strength_series(mission=mission, points=points, by="country")
        for on in points:
            computed = {(r.country, r.category): (r.men, r.women, r.unknown)
                        for r in strength_at(mission=mission, on=on).rows}
            self.assertEqual(computed, plain_strength(history, on))
            by_country = defaultdict(int)
            for (iso3, _category), parts in plain_strength(history, on).items():
                by_country[iso3] += sum(parts)
            self.assertEqual({k: v for k, v in series[on].items() if v}, dict(by_country))
