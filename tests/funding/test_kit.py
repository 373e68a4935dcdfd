"""Every view and API endpoint of the funding models, through the generic test kit.

The constrained persona is a donor's representative: {"organization": <its donor>} — it sees, adds and
changes only the flows, transactions and contracts of its own organization.
"""

import datetime
from decimal import Decimal

from django.test import TestCase

from muster.core import testing as kit
from muster.core.models import ObjectPermission
from muster.funding.models import Budget, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction
from muster.missions.models import Organization
from tests.factories import MissionFactory, SourceFactory


def organization(name, kind=Organization.Kind.GOVERNMENT):
    return Organization.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def donor(in_scope):
    return organization("Donor in scope" if in_scope else "Another donor")


def trust_fund():
    return organization("MSS Trust Fund", Organization.Kind.TRUST_FUND)


def flow_of(in_scope):
    flow = FundingFlow.objects.filter(donor=donor(in_scope), purpose="Contribution").first()
    return flow or FundingFlow.objects.create(mission=MissionFactory(), donor=donor(in_scope), recipient=trust_fund(),
                                              instrument="trust_fund", purpose="Contribution",
                                              agreed_on=datetime.date(2024, 1, 1))


class DonorScoped:
    @classmethod
    def setUpTestData(cls):
        cls.source = SourceFactory()
        cls.constraint = {"organization": donor(True).pk}
        super().setUpTestData()
        # As the donor representative's role does: every organization is reference data it may read.
        everyone = ObjectPermission.objects.create(name="donor: organizations", object_types=["missions.organization"],
                                                   actions=["view"])
        everyone.users.add(cls.liaison)


class FundingFlowTests(DonorScoped, kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                       kit.ConstrainedObjectAPITests, TestCase):
    model = FundingFlow
    constraint = {"organization": None}  # filled in setUpTestData once the donor exists

    @classmethod
    def make_object(cls, *, in_scope=True):
        return FundingFlow.objects.create(mission=MissionFactory(), donor=donor(in_scope), recipient=trust_fund(),
                                          instrument="bilateral", purpose="Vehicle maintenance",
                                          agreed_on=datetime.date(2024, 6, 1))

    def form_data(self, *, in_scope=True):
        return {"mission": MissionFactory().pk, "donor": donor(in_scope).pk, "recipient": trust_fund().pk,
                "instrument": "trust_fund", "purpose": "Contribution to the trust fund", "agreed_on": "2024-04-26",
                "source": self.source.pk, "quote": "US provides $6 million"}

    def form_changes(self):
        return {"purpose": "Contribution (corrected)"}

    def form_moving_out(self):
        return {"donor": donor(False).pk}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS", "donor": donor(in_scope).pk, "recipient": trust_fund().pk,
                "instrument": "trust_fund", "purpose": "Contribution", "agreed_on": "2024-04-26",
                "source": self.source.pk}

    def api_changes(self):
        return {"purpose": "Contribution (corrected)"}

    def api_moving_out(self):
        return {"donor": donor(False).pk}


class TransactionTests(DonorScoped, kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                       kit.ConstrainedObjectAPITests, TestCase):
    model = Transaction
    constraint = {"organization": None}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Transaction.objects.create(flow=flow_of(in_scope), type="pledge", date=datetime.date(2024, 2, 1),
                                          amount=500_000_000, currency="USD", usd_value=500_000_000)

    def form_data(self, *, in_scope=True):
        return {"flow": flow_of(in_scope).pk, "type": "disbursement", "date": "2024-04-26", "amount": "6000000",
                "currency": "USD", "source": self.source.pk, "quote": "US provides $6 million in cash"}

    def form_changes(self):
        return {"amount": "6500000.50"}

    def form_moving_out(self):
        return {"flow": flow_of(False).pk}

    def api_data(self, *, in_scope=True):
        return {"flow": flow_of(in_scope).pk, "type": "disbursement", "date": "2024-04-26", "amount": 600_000_000,
                "currency": "USD", "source": self.source.pk}

    def api_changes(self):
        return {"description": "Cash to the trust fund"}

    def api_moving_out(self):
        return {"flow": flow_of(False).pk}


class ContractTests(DonorScoped, kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                    kit.ConstrainedObjectAPITests, TestCase):
    model = Contract
    constraint = {"organization": None}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Contract.objects.create(mission=MissionFactory(), title="Fleet maintenance",
                                       category="vehicle_maintenance",
                                       funder=donor(in_scope), start=datetime.date(2025, 2, 6),
                                       end=datetime.date(2026, 2, 5), amount=120_000_000, usd_value=120_000_000)

    def form_data(self, *, in_scope=True):
        return {"mission": MissionFactory().pk, "title": "Fuel for the bases", "category": "fuel",
                "funder": donor(in_scope).pk, "amount": "250000", "currency": "USD", "start": "2025-03-01",
                "end": "2025-12-31", "status": "active", "flows": [flow_of(in_scope).pk], "source": self.source.pk}

    def form_changes(self):
        return {"status": "suspended"}

    def form_moving_out(self):
        return {"funder": donor(False).pk}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS", "title": "Fuel", "category": "fuel", "funder": donor(in_scope).pk,
                "amount": 25_000_000, "currency": "USD", "start": "2025-03-01", "status": "active",
                "flows": [flow_of(in_scope).pk], "source": self.source.pk}

    def api_changes(self):
        return {"status": "completed"}

    def api_moving_out(self):
        return {"funder": donor(False).pk}


class BudgetTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                  kit.ConstrainedObjectAPITests, TestCase):
    model = Budget
    constraint = {"mission": "MSS"}

    @classmethod
    def setUpTestData(cls):
        cls.source = SourceFactory()
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        return Budget.objects.create(mission=MissionFactory(code="MSS" if in_scope else "GSF"), category="fuel",
                                     period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2024, 12, 31),
                                     amount=100_000_00, usd_value=100_000_00)

    def form_data(self, *, in_scope=True):
        return {"mission": MissionFactory(code="MSS" if in_scope else "GSF").pk, "category": "rations",
                "period_start": "2024-07-01", "period_end": "2025-06-30", "amount": "12000000", "currency": "USD",
                "source": self.source.pk}

    def form_changes(self):
        return {"amount": "13000000"}

    def form_moving_out(self):
        return {"mission": MissionFactory(code="GSF").pk}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS" if in_scope else "GSF", "category": "rations", "period_start": "2024-07-01",
                "period_end": "2025-06-30", "amount": 1_200_000_000, "currency": "USD", "source": self.source.pk}

    def api_changes(self):
        return {"note": "Revised"}

    def api_moving_out(self):
        return {"mission": "GSF"}


class ExchangeRateTests(kit.ObjectViewTests, kit.ObjectAPITests, TestCase):
    model = ExchangeRate

    @classmethod
    def setUpTestData(cls):
        cls.source = SourceFactory()
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=ExchangeRate.objects.count())
        return ExchangeRate.objects.create(currency="EUR", date=day, usd_per_unit=Decimal("1.0850"))

    def form_data(self, *, in_scope=True):
        return {"currency": "cad", "date": "2023-02-28", "usd_per_unit": "0.7366", "source": self.source.pk}

    def form_changes(self):
        return {"usd_per_unit": "1.09"}

    def api_data(self, *, in_scope=True):
        return {"currency": "CAD", "date": "2024-03-28", "usd_per_unit": "0.7380", "source": self.source.pk}

    def api_changes(self):
        return {"note": "Bank of Canada"}


class FundTotalTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                     kit.ConstrainedObjectAPITests, TestCase):
    model = FundTotal
    constraint = {"mission": "MSS"}

    @classmethod
    def setUpTestData(cls):
        cls.source = SourceFactory()
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        return FundTotal.objects.create(mission=MissionFactory(code="MSS" if in_scope else "GSF"),
                                        recipient=trust_fund(), measure="received", as_of=datetime.date(2024, 4, 30),
                                        amount=1_800_000_000, usd_value=1_800_000_000)

    def form_data(self, *, in_scope=True):
        return {"mission": MissionFactory(code="MSS" if in_scope else "GSF").pk, "recipient": trust_fund().pk,
                "measure": "received", "as_of": "2024-12-31", "amount": "85000000", "currency": "USD",
                "source": self.source.pk}

    def form_changes(self):
        return {"note": "Rounded"}

    def form_moving_out(self):
        return {"mission": MissionFactory(code="GSF").pk}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS" if in_scope else "GSF", "recipient": trust_fund().pk, "measure": "received",
                "as_of": "2024-12-31", "amount": 8_500_000_000, "currency": "USD", "source": self.source.pk}

    def api_changes(self):
        return {"note": "Rounded"}

    def api_moving_out(self):
        return {"mission": "GSF"}
