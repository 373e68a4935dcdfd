"""Readiness at a date — whole fleet, by type, by site — equals what a plain Python model of the status and basing
histories says, whatever the histories."""

import datetime

from django.test import TestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from muster.core import testing as kit
from muster.logistics.models import Vehicle, VehicleBasing, VehicleStatus
from muster.logistics.selectors import fleet_readiness, readiness_series
from muster.places.models import Site

from .helpers import mission

START = datetime.date(2025, 1, 1)
STATUSES = [s.value for s in VehicleStatus.Status]
TYPES = ["armoured", "patrol", "ambulance"]

SITES = 3

# A fleet: per vehicle, its type and its history as {day offset: status} (one status a day by construction).
histories = st.lists(
    st.tuples(st.sampled_from(TYPES), st.dictionaries(st.integers(0, 60), st.sampled_from(STATUSES), max_size=6)),
    max_size=12,
)
# The same, with where each vehicle is based: {day offset: site number} (one basing a day by construction).
based_histories = st.lists(
    st.tuples(st.dictionaries(st.integers(0, 60), st.sampled_from(STATUSES), max_size=5),
              st.dictionaries(st.integers(0, 60), st.integers(0, SITES - 1), max_size=4)),
    max_size=10,
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


def python_readiness_by_site(fleet, on):
    """The plain model by site: each vehicle in service on `on` (as above) at the site of its latest basing on or
    before `on`, or None when it had none yet."""
    by_site = {}
    for statuses, basings in fleet:
        days = [d for d in statuses if START + datetime.timedelta(days=d) <= on]
        if not days or statuses[max(days)] == "written_off":
            continue
        based = [d for d in basings if START + datetime.timedelta(days=d) <= on]
        counts = by_site.setdefault(basings[max(based)] if based else None, [0, 0])
        counts[0] += 1
        counts[1] += statuses[max(days)] == "operational"
    return by_site


class ReadinessPropertyTests(kit.EmptyWorld, HypothesisTestCase):
    @settings(max_examples=60, deadline=None)
    @given(fleet=histories, on_offset=st.integers(-1, 62))
    def test_readiness_equals_the_plain_python_model(self, fleet, on_offset):
        m = mission()
        statuses = []
        for number, (vehicle_type, history) in enumerate(fleet):
            vehicle = Vehicle.objects.create(mission=m, registration=f"V{number}", type=vehicle_type)
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


class ReadinessBySitePropertyTests(kit.EmptyWorld, HypothesisTestCase):
    @settings(max_examples=60, deadline=None)
    @given(fleet=based_histories, on_offset=st.integers(-1, 62))
    def test_readiness_by_site_equals_the_plain_python_model(self, fleet, on_offset):
        m = mission()
        sites = [Site.objects.create(mission=m, name=f"Site {n}", kind="fob", latitude="18.5", longitude="-72.3",
                                     outside_boundaries=True) for n in range(SITES)]
        statuses = []
        for number, (history, basings) in enumerate(fleet):
            vehicle = Vehicle.objects.create(mission=m, registration=f"V{number}", type="armoured")
            statuses += [VehicleStatus(vehicle=vehicle, since=START + datetime.timedelta(days=d), status=status)
                         for d, status in history.items()]
            for d, site_number in basings.items():
                VehicleBasing.objects.create(vehicle=vehicle, site=sites[site_number],
                                             since=START + datetime.timedelta(days=d))
            # Its current site is its latest basing's, whatever the order they were stored in.
            latest = sites[basings[max(basings)]].pk if basings else None
            self.assertEqual(Vehicle.objects.get(pk=vehicle.pk).site_id, latest)
        VehicleStatus.objects.bulk_create(statuses)
        vehicles = Vehicle.objects.filter(mission=m)
        on = START + datetime.timedelta(days=on_offset)
        later = on + datetime.timedelta(days=7)

        def keyed(expected):
            return {None if n is None else sites[n].pk: counts for n, counts in expected.items()}

        got = {r.key: [r.fleet, r.ready] for r in fleet_readiness(vehicles=vehicles, on=on, by="site")}
        self.assertEqual(got, keyed(python_readiness_by_site(fleet, on)))
        series = readiness_series(vehicles=vehicles, dates=[on, later], by="site")
        self.assertEqual([(day, {r.key: [r.fleet, r.ready] for r in rows}) for day, rows in series],
                         [(on, keyed(python_readiness_by_site(fleet, on))),
                          (later, keyed(python_readiness_by_site(fleet, later)))])


class ReadinessQueryTests(kit.EmptyWorld, TestCase):
    def test_readiness_by_type_is_one_query_whatever_the_fleet(self):
        m = mission()
        for number in range(30):
            vehicle = Vehicle.objects.create(mission=m, registration=f"V{number}", type=TYPES[number % 3])
            VehicleStatus.objects.create(vehicle=vehicle, since=START, status="operational" if number % 4 else "nmc")
        with self.assertNumQueries(1):
            rows = fleet_readiness(vehicles=Vehicle.objects.filter(mission=m), on=START, by="type")
        self.assertEqual([(r.key, r.fleet, r.ready) for r in rows],
                         [("ambulance", 10, 8), ("armoured", 10, 7), ("patrol", 10, 7)])
        with self.assertNumQueries(1):
            readiness_series(vehicles=Vehicle.objects.filter(mission=m), dates=[START, START, START])


