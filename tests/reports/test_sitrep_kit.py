"""The issued situation reports' list, pages and API through the generic test kit: who sees which versions.

The constrained persona reads the SITREPs of one mission ({"mission": "MSS"}), never the GSF's. Issued SITREPs are
written only by issuing (reports.sitrep.sitrep_issue, tests/reports/test_sitrep.py), never edited: the API reads.
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from muster.core import testing as kit
from muster.missions.models import Mission
from muster.operations.models import Sitrep
from muster.reports.sitrep import sitrep_compile

DAYS = {"MSS": datetime.date(2025, 2, 6), "GSF": datetime.date(2025, 12, 9)}


class SitrepTests(kit.ReadOnlyViewTests, kit.ConstrainedReadOnlyViewTests, kit.ReadOnlyAPITests,
                  kit.ConstrainedReadOnlyAPITests, TestCase):
    model = Sitrep
    constraint = {"mission": "MSS"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        mission = Mission.objects.get(code="MSS" if in_scope else "GSF")
        on = DAYS[mission.code]
        version = Sitrep.objects.filter(mission=mission, on=on).count() + 1
        return Sitrep.objects.create(mission=mission, on=on, period=Sitrep.Period.WEEKLY, version=version,
                                     content=sitrep_compile(mission=mission, on=on, period="weekly"),
                                     assessment="Quiet week.", issued_by_name="kit")

    def url(self, action, obj=None):
        # The issued SITREPs' pages are reports' (their get_absolute_url too): reports:sitrep_list.
        name = f"reports:sitrep_{action}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)
