"""Every view and API endpoint of contingents and movements, through the generic test kit."""


from django.test import TestCase

from muster.core import testing as kit
from muster.force.models import Contingent, Movement
from muster.missions.models import PersonnelCategory
from tests.factories import MissionFactory, MovementFactory, SourceFactory


def contingent_of(iso3):
    contingent, _ = Contingent.objects.get_or_create(
        mission=MissionFactory(), country_id=iso3, category=PersonnelCategory.MILITARY)
    return contingent


_missions = iter(range(100, 999))


class ContingentTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                      kit.ConstrainedObjectAPITests, TestCase):
    model = Contingent
    constraint = {"country": "GTM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        # A mission of its own each: a mission has one contingent per country and category.
        return Contingent.objects.create(mission=MissionFactory(code=f"K{next(_missions)}"),
                                         country_id="GTM" if in_scope else "KEN",
                                         category=PersonnelCategory.STAFF_OFFICERS)

    def form_data(self, *, in_scope=True):
        return {"mission": MissionFactory().pk, "country": "GTM" if in_scope else "KEN", "category": "civilian"}

    def form_changes(self):
        return {"pledged_strength": "150"}

    def form_moving_out(self):
        return {"country": "KEN"}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS", "country": "GTM" if in_scope else "KEN", "category": "civilian"}

    def api_changes(self):
        return {"pledged_strength": 150}

    def api_moving_out(self):
        return {"country": "KEN"}


class MovementTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                    kit.ConstrainedObjectAPITests, TestCase):
    model = Movement
    constraint = {"country": "GTM"}

    @classmethod
    def setUpTestData(cls):
        cls.source = SourceFactory()
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        return MovementFactory(contingent=contingent_of("GTM" if in_scope else "KEN"))

    def form_data(self, *, in_scope=True):
        return {"contingent": contingent_of("GTM" if in_scope else "KEN").pk, "kind": "arrival",
                "date": "2025-01-10", "count": "10", "men": "6", "women": "4", "unknown": "",
                "source": self.source.pk, "quote": "ten more arrive"}

    def form_changes(self):
        return {"count": "80", "unknown": "80", "note": "Corrected to the manifest"}

    def form_moving_out(self):
        return {"contingent": contingent_of("KEN").pk}

    def api_data(self, *, in_scope=True):
        return {"contingent": contingent_of("GTM" if in_scope else "KEN").pk, "kind": "arrival",
                "date": "2025-01-10", "count": 10, "men": 6, "women": 4, "source": self.source.pk,
                "quote": "ten more arrive"}

    def api_changes(self):
        return {"note": "Corrected to the manifest"}

    def api_moving_out(self):
        return {"contingent": contingent_of("KEN").pk}


