"""Readiness at a date equals what a plain Python model of the status histories says, whatever the histories."""

import datetime

from django.test import TestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from muster.logistics.models import Vehicle, VehicleStatus
from muster.logistics.selectors import fleet_readiness, readiness_series

from .helpers import mission, site

START = datetime.date(2025, 1, 1)
STATUSES = [s.value for s in VehicleStatus.Status]
TYPES = ["armoured", "patrol", "ambulance"]

# A fleet: per vehicle, its type and its history as {day offset: status} (one status a day by construction).
histories = st.lists(
    st.tuples(st.sampled_from(TYPES), st.dictionaries(st.integers(0, 60), st.sampled_from(STATUSES), max_size=6)),
    max_size=12,
)


def python_readiness(fleet, on):
    """The plain model: each vehicle's latest status on or before `on`; written off and not yet entered excluded."""
    by_type = {}
    for vehicle_type, history in fleet:
        days = [d for d in history if START + datetime.timedelta(days=d) <= on]
        if not days:
            continue
        status = history[max(days)]
        if status == "written_off":
            continue
        counts = by_type.setdefault(vehicle_type, [0, 0])
        counts[0] += 1
        counts[1] += status == "operational"
    return by_type


class ReadinessPropertyTests(HypothesisTestCase):
    @settings(max_examples=60, deadline=None)
    @given(fleet=histories, on_offset=st.integers(-1, 62))
    def test_readiness_equals_the_plain_python_model(self, fleet, on_offset):
        m, s = mission(), site()
        statuses = []
        for number, (vehicle_type, history) in enumerate(fleet):
            vehicle = Vehicle.objects.create(mission=m, registration=f"V{number}", type=vehicle_type, site=s)
            statuses += [VehicleStatus(vehicle=vehicle, since=START + datetime.timedelta(days=d), status=status)
                         for d, status in history.items()]
        VehicleStatus.objects.bulk_create(statuses)
        on = START + datetime.timedelta(days=on_offset)
        expected = python_readiness(fleet, on)
        vehicles = Vehicle.objects.filter(mission=m)
        by_type = {r.key: [r.fleet, r.ready] for r in fleet_readiness(vehicles=vehicles, on=on, by="type")}
        self.assertEqual(by_type, expected)
        overall = fleet_readiness(vehicles=vehicles, on=on)[0]
        self.assertEqual([overall.fleet, overall.ready],
                         [sum(c[0] for c in expected.values()), sum(c[1] for c in expected.values())])
        series = readiness_series(vehicles=vehicles, dates=[on, on + datetime.timedelta(days=5)])
        later = python_readiness(fleet, on + datetime.timedelta(days=5))
        self.assertEqual([(r.fleet, r.ready) for r in series],
                         [(overall.fleet, overall.ready),
                          (sum(c[0] for c in later.values()), sum(c[1] for c in later.values()))])


class ReadinessQueryTests(TestCase):
    def test_readiness_by_type_is_one_query_whatever_the_fleet(self):
        m, s = mission(), site()
        for number in range(30):
            vehicle = Vehicle.objects.create(mission=m, registration=f"V{number}", type=TYPES[number % 3], site=s)
            VehicleStatus.objects.create(vehicle=vehicle, since=START, status="operational" if number % 4 else "nmc")
        with self.assertNumQueries(1):
            rows = fleet_readiness(vehicles=Vehicle.objects.filter(mission=m), on=START, by="type")
        self.assertEqual([(r.key, r.fleet, r.ready) for r in rows],
                         [("ambulance", 10, 8), ("armoured", 10, 7), ("patrol", 10, 7)])
        with self.assertNumQueries(1):
            readiness_series(vehicles=Vehicle.objects.filter(mission=m), dates=[START, START, START])


