"""Every view and API endpoint of sources and claims, through the generic test kit."""

from django.test import TestCase

from muster.core import testing as kit
from muster.sources.models import Claim, Source
from tests.factories import ClaimFactory, MissionFactory, SourceFactory


class SourceTests(kit.ObjectViewTests, kit.ObjectAPITests, TestCase):
    """Sources are public documents: no scope attribute, so no constrained persona (see test_permissions)."""

    model = Source

    @classmethod
    def make_object(cls, *, in_scope=True):
        return SourceFactory()

    def form_data(self, *, in_scope=True):
        return {"kind": "press_statement", "title": "Arrival of the second contingent", "publisher": "mod.gov.gt",
                "published_on": "2025-01-04", "reliability": "B", "credibility": "2"}

    def form_changes(self):
        return {"reliability": "A"}

    def api_data(self, *, in_scope=True):
        return {"kind": "press_statement", "title": "Arrival of the second contingent", "publisher": "mod.gov.gt",
                "published_on": "2025-01-04", "reliability": "B", "credibility": "2"}

    def api_changes(self):
        return {"reliability": "A"}


class ClaimTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                 kit.ConstrainedObjectAPITests, TestCase):
    model = Claim
    constraint = {"country": "GTM"}

    @classmethod
    def setUpTestData(cls):
        cls.source = SourceFactory()
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        return ClaimFactory(countries=["GTM" if in_scope else "KEN"])

    def form_data(self, *, in_scope=True):
        return {"source": self.source.pk, "mission": MissionFactory().pk, "countries": ["GTM" if in_scope else "KEN"],
                "metric": "strength", "as_of": "2025-01-04", "value": "150", "status": "unreviewed"}

    def form_changes(self):
        return {"status": "accepted"}

    def form_moving_out(self):
        return {"countries": ["KEN"]}

    def api_data(self, *, in_scope=True):
        return {"source": self.source.pk, "mission": "MSS", "countries": ["GTM" if in_scope else "KEN"],
                "metric": "strength", "as_of": "2025-01-04", "value": 150}

    def api_changes(self):
        return {"status": "accepted"}

    def api_moving_out(self):
        return {"countries": ["KEN"]}
