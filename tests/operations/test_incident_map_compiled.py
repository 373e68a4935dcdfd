"""The commune map's aggregation is compiled once per filter shape (operations.selectors._COMPILED) and asked again
with each call's period: a compiled query reused for another period, another mission, a reader granted other rows or a
queryset it cannot key counts what that call asks for, never the figures of the call that compiled it.

The incidents are those of tests/operations/test_incident_map.py (MAPS in the first quarter of 2025)."""

from django.test import TestCase

from muster.core.permissions import clear_cache
from muster.core.testing import make_user
from muster.operations.models import Incident
from muster.operations.selectors import incidents_by_commune

from . import helpers
from .test_incident_map import CODE, Q1, D, map_world, maps_mission, user


def by_commune(reader, start, end, incidents):
    """(incidents, killed) of each commune (or department, or nowhere), sorted."""
    return sorted((f.incidents, f.killed) for f in incidents_by_commune(user=reader, start=start, end=end,
                                                                         incidents=incidents))


class CompiledOnce(TestCase):
    @classmethod
    def setUpTestData(cls):
        map_world()

    def test_the_same_filters_asked_for_another_period_count_that_period(self):
        admin, incidents = user("admin"), Incident.objects.filter(mission=maps_mission())
        self.assertEqual(by_commune(admin, *Q1, incidents), [(1, 0), (2, 4), (3, 8)])
        # January: the Kenscoff market attack (2 killed) and the clash in Port-au-Prince (4).
        self.assertEqual(by_commune(admin, D(2025, 1, 1), D(2025, 1, 31), incidents), [(1, 2), (1, 4)])
        # The last day of 2024: the incident before the quarter, 10 killed.
        self.assertEqual(by_commune(admin, D(2024, 12, 31), D(2024, 12, 31), incidents), [(1, 10)])
        self.assertEqual(by_commune(admin, D(2025, 4, 1), D(2025, 6, 30), incidents), [])

    def test_another_missions_incidents_count_that_mission(self):
        admin, day = user("admin"), (D(2025, 2, 1), D(2025, 2, 1))
        self.assertEqual(by_commune(admin, *day, Incident.objects.filter(mission=maps_mission())), [(1, 0)])
        # The MSS's that day (the demo's and "Another mission's" 7 killed), as its queryset through a join counts them.
        mss = by_commune(admin, *day, Incident.objects.filter(mission=helpers.mission(True)))
        self.assertEqual(mss, by_commune(admin, *day, Incident.objects.filter(mission__code="MSS")))
        self.assertGreaterEqual(sum(killed for _n, killed in mss), 7)

    def test_a_readers_changed_grant_counts_the_rows_it_now_grants(self):
        reader = make_user("tolls-and-incidents-public", grants=[
            (["operations.incident", "operations.toll"], ["view"], {"classification": ["public"]})])
        incidents = Incident.objects.filter(mission=maps_mission())
        self.assertEqual(by_commune(reader, *Q1, incidents), [(1, 0), (1, 2), (2, 4)])
        grant = reader.object_permissions.get()
        grant.constraints = {"classification": ["public", "shareable", "restricted"]}
        grant.save()
        clear_cache(reader)
        self.assertEqual(by_commune(reader, *Q1, incidents), [(1, 0), (2, 4), (3, 8)])
        grant.delete()
        clear_cache(reader)
        self.assertEqual(by_commune(reader, *Q1, incidents), [])

    def test_a_queryset_through_a_join_is_compiled_whole_with_the_same_figures(self):
        admin = user("admin")
        by_code = Incident.objects.filter(mission__code=CODE)  # a join on the missions: not keyed, compiled each call
        self.assertEqual(by_commune(admin, *Q1, by_code), by_commune(admin, *Q1, Incident.objects.filter(
            mission=maps_mission())))
        self.assertEqual(by_commune(admin, D(2025, 3, 1), D(2025, 3, 31), by_code), [(1, 0), (1, 5)])
