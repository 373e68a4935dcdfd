"""The commune map's aggregation is compiled once per filter shape and reader's scope (operations.selectors._COMPILED)
and asked again with each call's mission, event type and period: a compiled query reused for another period, another
mission, another event type or a reader granted other rows counts what that call asks for, never the figures of the
call that compiled it. The reader's scope is worked out once per user object, kept with their grants.

The incidents are those of tests/operations/test_incident_map.py (MAPS in the first quarter of 2025)."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from muster.core.permissions import clear_cache
from muster.core.testing import make_user
from muster.operations.models import Incident, Toll
from muster.operations.selectors import incidents_by_commune

from . import helpers
from .test_incident_map import Q1, D, map_world, maps_mission, user


def by_commune(reader, start, end, mission, **filters):
    """(incidents, killed) of each commune (or department, or nowhere), sorted."""
    return sorted((f.incidents, f.killed) for f in incidents_by_commune(user=reader, start=start, end=end,
                                                                         mission=mission, **filters))


class CompiledOnce(TestCase):
    @classmethod
    def setUpTestData(cls):
        map_world()

    def test_the_same_filters_asked_for_another_period_count_that_period(self):
        admin, mission = user("admin"), maps_mission()
        self.assertEqual(by_commune(admin, *Q1, mission), [(1, 0), (2, 4), (3, 8)])
        # January: the Kenscoff market attack (2 killed) and the clash in Port-au-Prince (4).
        self.assertEqual(by_commune(admin, D(2025, 1, 1), D(2025, 1, 31), mission), [(1, 2), (1, 4)])
        # The last day of 2024: the incident before the quarter, 10 killed.
        self.assertEqual(by_commune(admin, D(2024, 12, 31), D(2024, 12, 31), mission), [(1, 10)])
        self.assertEqual(by_commune(admin, D(2025, 4, 1), D(2025, 6, 30), mission), [])

    def test_another_missions_incidents_count_that_mission(self):
        admin, day = user("admin"), (D(2025, 2, 1), D(2025, 2, 1))
        self.assertEqual(by_commune(admin, *day, maps_mission()), [(1, 0)])
        # The MSS's that day (the demo's and "Another mission's" 7 killed), as the ORM counts them one by one.
        mss = helpers.mission(True)
        figures = by_commune(admin, *day, mss)
        killed = Toll.objects.filter(incident__mission=mss, incident__date=day[0], outcome=Toll.Outcome.KILLED)
        self.assertEqual(sum(n for n, _killed in figures), Incident.objects.filter(mission=mss, date=day[0]).count())
        self.assertEqual(sum(killed for _n, killed in figures), killed.aggregate(total=Sum("count"))["total"])
        self.assertGreaterEqual(sum(killed for _n, killed in figures), 7)

    def test_another_event_type_or_none_counts_that_type_or_every_one(self):
        admin, mission = user("admin"), maps_mission()
        # The Kenscoff market attack (2 killed) and the attack placed only in Artibonite.
        self.assertEqual(by_commune(admin, *Q1, mission, event_type=helpers.event_type(helpers.ATTACK)),
                         [(1, 0), (1, 2)])
        # The clash in Port-au-Prince (4), the shareable and the restricted one at Kenscoff (1 and 5).
        self.assertEqual(by_commune(admin, *Q1, mission, event_type=helpers.event_type(helpers.ARMED_CLASH)),
                         [(1, 4), (2, 6)])
        self.assertEqual(by_commune(admin, *Q1, mission, event_type=helpers.event_type(helpers.ARMED_CLASH),
                                    classification=["public"]), [(1, 4)])
        self.assertEqual(by_commune(admin, *Q1, mission), [(1, 0), (2, 4), (3, 8)])

    def test_the_classifications_in_another_order_count_the_same(self):
        admin, mission = user("admin"), maps_mission()
        self.assertEqual(by_commune(admin, *Q1, mission, classification=["shareable", "restricted"]), [(2, 6)])
        self.assertEqual(by_commune(admin, *Q1, mission, classification=["restricted", "shareable", "restricted"]),
                         [(2, 6)])

    def test_a_readers_changed_grant_counts_the_rows_it_now_grants(self):
        reader = make_user("tolls-and-incidents-public", grants=[
            (["operations.incident", "operations.toll"], ["view"], {"classification": ["public"]})])
        mission = maps_mission()
        self.assertEqual(by_commune(reader, *Q1, mission), [(1, 0), (1, 2), (2, 4)])
        grant = reader.object_permissions.get()
        grant.constraints = {"classification": ["public", "shareable", "restricted"]}
        grant.save()
        # The same user object keeps the scope it was granted until its cache is cleared; the next request's user
        # object (loaded afresh) and a cleared one count what the grant now holds.
        self.assertEqual(by_commune(reader, *Q1, mission), [(1, 0), (1, 2), (2, 4)])
        self.assertEqual(by_commune(get_user_model().objects.get(pk=reader.pk), *Q1, mission),
                         [(1, 0), (2, 4), (3, 8)])
        clear_cache(reader)
        self.assertEqual(by_commune(reader, *Q1, mission), [(1, 0), (2, 4), (3, 8)])
        grant.delete()
        clear_cache(reader)
        self.assertEqual(by_commune(reader, *Q1, mission), [])

    def test_asked_again_by_the_same_reader_it_is_one_query(self):
        reader = make_user("liaison-like", grants=[
            (["operations.incident", "operations.toll"], ["view"], {"classification": ["shareable", "public"]})])
        mission = maps_mission()
        self.assertEqual(by_commune(reader, *Q1, mission), [(1, 0), (2, 3), (2, 4)])
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(by_commune(reader, D(2025, 1, 1), D(2025, 1, 31), mission), [(1, 2), (1, 4)])
        self.assertEqual(len(queries), 1)  # neither the grants nor anything but the figures
