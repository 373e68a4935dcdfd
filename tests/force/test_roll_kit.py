"""Every view and API endpoint of the nominal roll (people, tours, duty statuses, gender targets), through the kit."""

import datetime

from django.test import TestCase

from muster.core import testing as kit
from muster.force.models import Contingent, DutyStatus, GenderTarget, Person, Tour
from muster.missions.models import PersonnelCategory
from muster.sources.models import Source
from tests.factories import MissionFactory

_numbers = iter(range(10_000, 99_999))


def contingent_of(iso3):
    contingent, _ = Contingent.objects.get_or_create(
        mission=MissionFactory(), country_id=iso3, category=PersonnelCategory.FORMED_POLICE)
    return contingent


def person_of(iso3, **fields):
    return Person.objects.create(country_id=iso3, service_number=f"SN{next(_numbers)}", family_name="Testperson",
                                 given_names="Synthetic", rank="Constable", grade="OR-3", sex="female", **fields)


def tour_of(iso3, *, arrival=datetime.date(2024, 6, 25)):
    return Tour.objects.create(person=person_of(iso3), contingent=contingent_of(iso3), arrival=arrival,
                               planned_end=datetime.date(2025, 6, 25))


class PersonTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                  kit.ConstrainedObjectAPITests, TestCase):
    model = Person
    constraint = {"country": "JAM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return person_of("JAM" if in_scope else "KEN")

    def form_data(self, *, in_scope=True):
        return {"country": "JAM" if in_scope else "KEN", "service_number": f"F{next(_numbers)}",
                "family_name": "Sample", "given_names": "Officer", "rank": "Corporal", "grade": "OR-4",
                "sex": "male", "date_of_birth": "1990-03-01"}

    def form_changes(self):
        return {"rank": "Sergeant", "grade": "OR-5"}

    def form_moving_out(self):
        return {"country": "KEN"}

    def api_data(self, *, in_scope=True):
        return {"country": "JAM" if in_scope else "KEN", "service_number": f"A{next(_numbers)}",
                "family_name": "Sample", "rank": "Corporal", "grade": "OR-4", "sex": "male"}

    def api_changes(self):
        return {"rank": "Sergeant"}

    def api_moving_out(self):
        return {"country": "KEN"}


class TourTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                kit.ConstrainedObjectAPITests, TestCase):
    model = Tour
    constraint = {"country": "JAM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return tour_of("JAM" if in_scope else "KEN")

    def form_data(self, *, in_scope=True):
        iso3 = "JAM" if in_scope else "KEN"
        return {"person": person_of(iso3).pk, "contingent": contingent_of(iso3).pk, "arrival": "2024-09-10"}

    def form_changes(self):
        return {"departure": "2025-03-01", "departure_reason": "repatriated"}

    def form_moving_out(self):
        return {"contingent": contingent_of("KEN").pk}

    def api_data(self, *, in_scope=True):
        iso3 = "JAM" if in_scope else "KEN"
        return {"person": person_of(iso3).pk, "contingent": contingent_of(iso3).pk, "arrival": "2024-09-10"}

    def api_changes(self):
        return {"departure": "2025-03-01", "departure_reason": "repatriated"}

    def api_moving_out(self):
        return {"contingent": contingent_of("KEN").pk}

    def test_planned_end_defaults_to_the_missions_tour_length(self):
        response = self.api(self.officer).post(self.api_url(), self.api_data(), format="json")
        self.assertEqual(response.json()["planned_end"], "2025-09-10")


class DutyStatusTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                      kit.ConstrainedObjectAPITests, TestCase):
    model = DutyStatus
    constraint = {"country": "JAM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return DutyStatus.objects.create(tour=tour_of("JAM" if in_scope else "KEN"), since=datetime.date(2024, 8, 1),
                                         status=DutyStatus.Status.LEAVE)

    def form_data(self, *, in_scope=True):
        return {"tour": tour_of("JAM" if in_scope else "KEN").pk, "since": "2024-10-01", "status": "hospitalized",
                "reason": "Fever"}

    def form_changes(self):
        return {"status": "wounded"}

    def form_moving_out(self):
        return {"tour": tour_of("KEN").pk}

    def api_data(self, *, in_scope=True):
        return {"tour": tour_of("JAM" if in_scope else "KEN").pk, "since": "2024-10-01", "status": "hospitalized"}

    def api_changes(self):
        return {"status": "wounded"}

    def api_moving_out(self):
        return {"tour": tour_of("KEN").pk}


class GenderTargetTests(kit.ObjectViewTests, kit.ObjectAPITests, TestCase):
    model = GenderTarget

    @classmethod
    def make_object(cls, *, in_scope=True):
        return GenderTarget.objects.create(mission=MissionFactory(), category=PersonnelCategory.CIVILIAN,
                                           share="0.400", target_year=2030 + GenderTarget.objects.count(),
                                           source=Source.objects.first())

    def form_data(self, *, in_scope=True):
        return {"mission": MissionFactory().pk, "category": "fpu", "share": "0.25", "target_year": "2027",
                "source": Source.objects.first().pk}

    def form_changes(self):
        return {"share": "0.3"}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS", "category": "ipo", "share": "0.35", "target_year": 2027,
                "source": Source.objects.first().pk}

    def api_changes(self):
        return {"share": "0.32"}
