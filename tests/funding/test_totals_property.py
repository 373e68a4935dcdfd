"""Totals at any date equal the sum of the transactions up to that date, in several currencies."""

import datetime
from decimal import Decimal

from django.test import TestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from muster.core import testing as kit
from muster.funding.models import ExchangeRate, FundingFlow, Transaction
from muster.funding.money import usd_cents
from muster.funding.selectors import funding_series, funding_totals
from muster.missions.models import Organization
from tests.factories import MissionFactory

START = datetime.date(2024, 1, 1)
RATES = {"USD": None, "EUR": Decimal("1.0850"), "CAD": Decimal("0.7366"), "JPY": Decimal("0.0067"),
         "KWD": Decimal("3.2500")}
ADDS = ("pledge", "commitment", "disbursement", "frozen")

transactions = st.lists(
    st.tuples(st.integers(0, 1), st.sampled_from(ADDS), st.integers(0, 400), st.integers(1, 10**10),
              st.sampled_from(sorted(RATES))),
    max_size=25,
)


class TotalsPropertyTests(kit.EmptyWorld, HypothesisTestCase):
    @given(rows=transactions, on=st.integers(0, 420))
    @settings(max_examples=40, deadline=None)
    def test_totals_at_a_date_are_the_sum_of_the_transactions_up_to_it(self, rows, on):
        mission = MissionFactory()
        fund = Organization.objects.create(name="Trust fund", kind="trust_fund")
        flows = [FundingFlow.objects.create(mission=mission, donor=Organization.objects.create(name=f"Donor {i}",
                                                                                                   kind="government"),
                                            recipient=fund, instrument="trust_fund", purpose="Contribution",
                                            agreed_on=START) for i in range(2)]
        for code, rate in RATES.items():
            if rate is not None:
                ExchangeRate.objects.create(currency=code, date=START, usd_per_unit=rate)
        expected = {}
        for flow_index, kind, day, amount, currency in rows:
            record = Transaction(flow=flows[flow_index], type=kind, date=START + datetime.timedelta(days=day),
                                 amount=amount, currency=currency)
            record.full_clean()
            record.save()
            if day <= on:
                key = (flows[flow_index].donor_id, kind)
                expected[key] = expected.get(key, 0) + usd_cents(amount, currency, RATES[currency] or 1)
        when = START + datetime.timedelta(days=on)
        got = {}
        for row in funding_totals(transactions=Transaction.objects.all(), on=when, by=("donor",)):
            for kind in ADDS:
                if getattr(row, kind):
                    got[(row["flow__donor_id"], kind)] = getattr(row, kind)
        assert got == {k: v for k, v in expected.items() if v}
        # The chart's cumulative series agrees with the totals at its last point.
        series = funding_series(transactions=Transaction.objects.all(), points=[when])
        for kind in ADDS:
            assert getattr(series[when], kind) == sum(v for (_donor, k), v in expected.items() if k == kind)


class NativeCurrencyTests(kit.EmptyWorld, TestCase):
    def test_totals_by_currency_keep_the_amount_given(self):
        fund = Organization.objects.create(name="Trust fund", kind="trust_fund")
        flow = FundingFlow.objects.create(mission=MissionFactory(), recipient=fund, instrument="trust_fund",
                                          donor=Organization.objects.create(name="Canada", kind="government"),
                                          purpose="Contribution", agreed_on=START)
        ExchangeRate.objects.create(currency="CAD", date=START, usd_per_unit=Decimal("0.7366"))
        for amount in (7_583_313_500, 100):
            record = Transaction(flow=flow, type="commitment", date=START, amount=amount, currency="CAD")
            record.full_clean()
            record.save()
        [row] = funding_totals(transactions=Transaction.objects.all(), on=START, by=("donor", "currency"))
        assert row.native["commitment"] == 7_583_313_600  # CAD 75,833,136.00
        assert row.commitment == usd_cents(7_583_313_500, "CAD", Decimal("0.7366")) + 74  # US cents, each rounded
