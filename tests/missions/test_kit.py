"""Every view and API endpoint of missions, authorizations, organizations and countries."""

import itertools

from django.test import TestCase

from muster.core import testing as kit
from muster.missions.models import Authorization, Country, Mission, Organization
from tests.factories import AuthorizationFactory, MissionFactory, OrganizationFactory

IN_SCOPE_CODES = [f"IN{n}" for n in range(20)]


class MissionTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                   kit.ConstrainedObjectAPITests, TestCase):
    model = Mission
    constraint = {"mission": IN_SCOPE_CODES}

    @classmethod
    def setUpTestData(cls):
        cls.codes = itertools.count()  # afresh each time the class is set up: a shuffled run may set it up often
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        n = next(cls.codes)
        return MissionFactory(code=f"IN{n}" if in_scope else f"OUT{n}")

    def form_data(self, *, in_scope=True):
        return {"code": "IN19" if in_scope else "OUTX", "name": "Test force", "start": "2025-10-02",
                "tour_length_months": "12"}

    def form_changes(self):
        return {"name": "Renamed force"}

    def form_moving_out(self):
        return {"code": "OUTY"}

    def api_data(self, *, in_scope=True):
        return {"code": "IN18" if in_scope else "OUTZ", "name": "Test force", "start": "2025-10-02"}

    def api_changes(self):
        return {"name": "Renamed force"}

    def api_moving_out(self):
        return {"code": "OUTW"}


class AuthorizationTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                         kit.ConstrainedObjectAPITests, TestCase):
    model = Authorization
    constraint = {"mission": "MSS"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return AuthorizationFactory(mission=MissionFactory(code="MSS" if in_scope else "GSF"))

    def form_data(self, *, in_scope=True):
        mission = MissionFactory(code="MSS" if in_scope else "GSF")
        return {"mission": mission.pk, "instrument": "UNSC resolution 2751 (2024)", "adopted": "2024-09-30",
                "expires": "2025-10-02", "ceiling_by_category": "{}"}

    def form_changes(self):
        return {"personnel_ceiling": "2500"}

    def form_moving_out(self):
        return {"mission": MissionFactory(code="GSF").pk}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS" if in_scope else MissionFactory(code="GSF").code,
                "instrument": "UNSC resolution 2751 (2024)", "adopted": "2024-09-30"}

    def api_changes(self):
        return {"personnel_ceiling": 2500}

    def api_moving_out(self):
        return {"mission": MissionFactory(code="GSF").code}


class OrganizationTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                        kit.ConstrainedObjectAPITests, TestCase):
    model = Organization
    constraint = {"country": "GTM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return OrganizationFactory(country_id="GTM" if in_scope else "KEN")

    def form_data(self, *, in_scope=True):
        return {"name": "Policía Nacional Civil", "kind": "police_service", "country": "GTM" if in_scope else "KEN"}

    def form_changes(self):
        return {"abbreviation": "PNC"}

    def form_moving_out(self):
        return {"country": "KEN"}

    def api_data(self, *, in_scope=True):
        return {"name": "Policía Nacional Civil", "kind": "police_service", "country": "GTM" if in_scope else "KEN"}

    def api_changes(self):
        return {"abbreviation": "PNC"}

    def api_moving_out(self):
        return {"country": "KEN"}


class CountryTests(kit.ReadOnlyViewTests, kit.ConstrainedReadOnlyViewTests, kit.ReadOnlyAPITests,
                   kit.ConstrainedReadOnlyAPITests, TestCase):
    """Countries are ISO 3166 reference data, loaded by a migration and read only."""

    model = Country
    constraint = {"country": "GTM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Country.objects.get(pk="GTM" if in_scope else "KEN")
