"""The operations test world (tests/operations/helpers.py) builds the same names on the demo and in an empty world:
the points it names lie where it says, and an incident stored with it is placed by its commune."""

import datetime

from django.test import TestCase

from muster.core import testing as kit
from muster.force.models import Tour
from muster.places.geometry import area_locate

from . import helpers


class WorldOnTheDemo(TestCase):
    def test_the_world_reuses_the_demo_mss_and_places_its_points_in_their_communes(self):
        world = helpers.world()
        self.assertEqual((world.mission.code, world.mission.time_zone), ("MSS", helpers.ZONE))
        self.assertEqual(area_locate(latitude=18.543, longitude=-72.339).pcode, helpers.PORT_AU_PRINCE)
        self.assertEqual(area_locate(latitude=18.45, longitude=-72.285).pcode, helpers.KENSCOFF)
        self.assertIsNone(area_locate(latitude=18.7, longitude=-73.0))
        self.assertEqual((world.site.adm2.pcode, world.site.adm1.pcode), (helpers.PORT_AU_PRINCE, helpers.OUEST))
        self.assertEqual(Tour.objects.filter(contingent=world.contingent, person__service_number__startswith="OPS-")
                         .count(), 3)
        made = helpers.incident(units=[world.contingent], tolls=[("mission", "killed", 1)])
        self.assertEqual((made.adm2.pcode, made.adm1.pcode, made.tolls.get().count), (helpers.KENSCOFF, "HT01", 1))


class WorldInAnEmptyWorld(kit.EmptyWorld, TestCase):
    def test_the_world_is_built_whole_from_nothing(self):
        world = helpers.world()
        self.assertEqual((world.mission.start, world.other_mission.start), (helpers.MSS_START, helpers.GSF_START))
        self.assertEqual(world.actors[helpers.FIVE_SEGOND].coalition, world.actors[helpers.VIV_ANSANM])
        self.assertEqual(world.contingent.movements.get().count, 400)
        out = helpers.incident(False, classification="public")
        self.assertEqual((out.mission.code, out.date), ("GSF", datetime.date(2025, 11, 18)))
