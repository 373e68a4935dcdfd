"""Publications through the generic kit: every view and API endpoint for each persona, and the change log."""

import itertools

from django.test import TestCase

from muster.core import testing as kit
from muster.public.models import Publication
from tests.factories import MissionFactory

IN_SCOPE_CODES = [f"PIN{n}" for n in range(40)]


class PublicationTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                       kit.ConstrainedObjectAPITests, TestCase):
    model = Publication
    constraint = {"mission": IN_SCOPE_CODES}

    @classmethod
    def setUpTestData(cls):
        cls.codes = itertools.count()  # afresh each time the class is set up, as the missions' own kit test does
        super().setUpTestData()

    @classmethod
    def mission(cls, *, in_scope=True):
        """A new mission without a publication (one each: a mission publishes under one Publication)."""
        n = next(cls.codes)
        return MissionFactory(code=f"PIN{n}" if in_scope else f"POUT{n}")

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Publication.objects.create(mission=cls.mission(in_scope=in_scope), strength=True)

    def form_data(self, *, in_scope=True):
        return {"mission": self.mission(in_scope=in_scope).pk, "strength": "on", "licence": "CC0-1.0"}

    def form_changes(self):
        return {"funding": "on"}

    def form_moving_out(self):
        return {"mission": self.mission(in_scope=False).pk}

    def api_data(self, *, in_scope=True):
        return {"mission": self.mission(in_scope=in_scope).code, "strength": True, "licence": "ODbL-1.0"}

    def api_changes(self):
        return {"timeline": True}

    def api_moving_out(self):
        return {"mission": self.mission(in_scope=False).code}
