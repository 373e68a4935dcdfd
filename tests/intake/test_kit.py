"""Statements and proposals through the generic test kit: who sees which, on the pages and the API.

The constrained persona is a liaison of Guatemala ({"country": "GTM"}): the statements submitted from Guatemala, and
of any statement the proposals about Guatemala. Both are written only by submitting and reviewing
(tests/intake/test_services.py), never by the generic edit: the kit reads."""

import datetime

from django.test import TestCase

from muster.core import testing as kit
from muster.intake.models import Proposal, Statement
from muster.missions.models import Mission


def statement_make(country):
    return Statement.objects.create(
        mission=Mission.objects.get(code="MSS"), text=f"Eighty soldiers of {country} arrived on 10 March 2025.",
        publisher=f"Ministry of Defence of {country}", published_on=datetime.date(2025, 3, 11), language="en",
        country_id=country)


class StatementTests(kit.ReadOnlyViewTests, kit.ConstrainedReadOnlyViewTests, kit.ReadOnlyAPITests,
                     kit.ConstrainedReadOnlyAPITests, TestCase):
    model = Statement
    constraint = {"country": "GTM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return statement_make("GTM" if in_scope else "KEN")


class ProposalTests(kit.ReadOnlyViewTests, kit.ConstrainedReadOnlyViewTests, kit.ReadOnlyAPITests,
                    kit.ConstrainedReadOnlyAPITests, TestCase):
    model = Proposal
    constraint = {"country": "GTM"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        country = "GTM" if in_scope else "KEN"
        statement = statement_make(country)
        return Proposal.objects.create(
            statement=statement, kind=Proposal.Kind.MOVEMENT, start=0, end=len(statement.text), country_id=country,
            fields={"country": country, "category": "", "kind": "arrival", "count": 80, "men": None, "women": None,
                    "date": "2025-03-10"})
