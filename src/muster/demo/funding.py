"""The funding rows of the MSS / GSF public record as flows, transactions, contracts, a budget and fund totals.

Called by `demo.record` with the record's rows and its `source_for(row)` (one Source per address), so every
figure here cites the same source the rest of the demo does. Where the record gives a figure only as of the
date a source reported it (the $15 million committed, reported with the freeze of 4 Feb 2025), the
transaction carries that date and says so.
"""

import datetime
from decimal import Decimal

from muster.core.store import record_store
from muster.funding.models import Budget, Category, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction
from muster.funding.services import funding_record
from muster.missions.models import Organization
from muster.sources.models import Source

from .organizations import organization_ensure

DONORS = {
    "USA": "United States Department of State",  # the organization of the demo donor representative
    "CAN": "Global Affairs Canada",
    "FRA": "Government of France",
    "DEU": "Government of Germany",
    "DOM": "Government of the Dominican Republic",
    "HTI": "Government of Haiti",
}
TRUST_FUNDS = {"MSS": "MSS Trust Fund", "GSF": "GSF Trust Fund"}
MSS_ORG = "Multinational Security Support Mission (MSS)"
HNP = "Haitian National Police"

# The published fund totals give the pledged total beside the amount received (in the summary or the note).
PLEDGED_WITH_TOTAL = {"2024-10-31": 84_000_000, "2024-12-31": 110_300_000}

# The waiver's purposes (row of 6 Feb 2025), each a contract resumed by it: (category, title, beneficiary).
WAIVED_CONTRACTS = [
    (Category.BASE_LOGISTICS, "Logistics for the forward operating bases", MSS_ORG),
    (Category.VEHICLE_MAINTENANCE, "Maintenance of the MSS vehicle fleet", MSS_ORG),
    (Category.MEDICAL, "Medical services for the Haitian National Police", HNP),
    (Category.TRANSPORT, "Transport of equipment deliveries", MSS_ORG),
    (Category.EXPERTS, "Subject-matter experts embedded with the Haitian National Police", HNP),
]

# Canada's commitment is in Canadian dollars (the record's note: "likely CAD"); its US-dollar value needs a
# rate recorded with its source, as a user would. Bank of Canada, 28 Feb 2024: USD 1 = CAD 1.3576.
CAD_RATE = ("CAD", datetime.date(2024, 2, 28), Decimal("0.7366"))


def _cents(dollars):
    return int(Decimal(dollars) * 100)


def _flow(mission, donor, recipient, instrument, purpose, agreed_on, source, quote, **extra):
    flow = FundingFlow.objects.filter(mission=mission, donor=donor, recipient=recipient, instrument=instrument).first()
    if flow is None:
        flow = funding_record(user=None, record=FundingFlow(
            mission=mission, donor=donor, recipient=recipient, instrument=instrument, purpose=purpose,
            agreed_on=agreed_on, **extra), source=source, quote=quote)
    return flow


def _transaction(flow, type, date, dollars, source, quote, description="", currency="USD"):
    return funding_record(user=None, record=Transaction(
        flow=flow, type=type, date=date, amount=_cents(dollars), currency=currency, description=description),
        source=source, quote=quote)


def funding_demo_load(*, rows, missions, source_for):
    """Turn the funding rows of the public record into funding records, each cited to its row's source."""
    date = datetime.date.fromisoformat
    donor = {iso3: organization_ensure(name, Organization.Kind.GOVERNMENT, iso3) for iso3, name in DONORS.items()}
    funds = {code: organization_ensure(name, Organization.Kind.TRUST_FUND) for code, name in TRUST_FUNDS.items()}
    mss_org = organization_ensure(MSS_ORG, Organization.Kind.OTHER)
    hnp = organization_ensure(HNP, Organization.Kind.POLICE_SERVICE, "HTI")

    rate_source = Source(kind=Source.Kind.DATASET, title="Daily exchange rates: USD/CAD", publisher="Bank of Canada",
                         published_on=CAD_RATE[1],
                         address="https://www.bankofcanada.ca/rates/exchange/daily-exchange-rates/",
                         reliability="A", credibility="2")
    currency, on, rate = CAD_RATE
    funding_record(user=None, record=ExchangeRate(currency=currency, date=on, usd_per_unit=rate,
                                                  note="USD 1 = CAD 1.3576 (rounded); demo value."),
                   source=rate_source, quote="USD/CAD 1.3576")

    for row in sorted(rows, key=lambda r: r["date"]):  # a flow's first transaction is its earliest
        kind = row["kind"]
        if kind not in ("pledge", "contribution_received", "fund_total", "commitment", "freeze", "waiver",
                        "cost_estimate") or not row["amount_usd"]:
            continue
        mission, when, iso3, quote = missions[row["mission"]], date(row["date"]), row["country_iso3"], row["summary"]
        source = source_for(row)
        amount = row["amount_usd"]
        fund = funds[mission.code]
        if kind == "pledge" and row["counterpart"].endswith("Trust Fund"):
            flow = _flow(mission, donor[iso3], fund, FundingFlow.Instrument.TRUST_FUND,
                         f"Contribution to the {fund.name}", when, source, quote)
            _transaction(flow, Transaction.Type.PLEDGE, when, amount, source, quote, row["conflict_note"])
        elif kind == "pledge":
            # Support to the mission itself (the US: State Department and Department of Defense).
            flow = _flow(mission, donor[iso3], mss_org, FundingFlow.Instrument.BILATERAL,
                         "Support to the MSS (State and Defense)", when, source, quote)
            pledged = sum(flow.transactions.filter(type=Transaction.Type.PLEDGE).values_list("amount", flat=True))
            if "total" in quote.lower():
                # "total US support $300 million" restates the whole pledge: record what it adds.
                _transaction(flow, Transaction.Type.PLEDGE, when, Decimal(amount) - Decimal(pledged) / 100, source,
                             quote, f"Raises the total pledged to ${Decimal(amount):,.0f}.")
            else:
                _transaction(flow, Transaction.Type.PLEDGE, when, amount, source, quote)
        elif kind == "contribution_received":
            flow = _flow(mission, donor[iso3], fund, FundingFlow.Instrument.TRUST_FUND,
                         f"Contribution to the {fund.name}", when, source, quote)
            _transaction(flow, Transaction.Type.DISBURSEMENT, when, amount, source, quote, row["conflict_note"])
        elif kind == "commitment":
            # Canada's project CA-3-P014129001, 2024-02-28 to 2026-06-01, sector 15230, in Canadian dollars.
            flow = _flow(mission, donor[iso3], fund, FundingFlow.Instrument.TRUST_FUND,
                         f"Contribution to the {fund.name}", when, source, quote, reference="CA-3-P014129001")
            if not flow.reference:
                flow.reference = "CA-3-P014129001"
                record_store(user=None, record=flow)
            _transaction(flow, Transaction.Type.COMMITMENT, when, amount, source, quote, row["conflict_note"],
                         currency="CAD")
        elif kind == "fund_total":
            funding_record(user=None, record=FundTotal(mission=mission, recipient=fund, measure="received", as_of=when,
                                                       amount=_cents(amount), note=row["conflict_note"]),
                           source=source, quote=quote)
            if row["date"] in PLEDGED_WITH_TOTAL:
                funding_record(user=None, record=FundTotal(
                    mission=mission, recipient=fund, measure="pledged", as_of=when,
                    amount=_cents(PLEDGED_WITH_TOTAL[row["date"]]), note=row["conflict_note"]),
                    source=source, quote=quote)
        elif kind == "freeze":
            # "of $15 million committed to the trust fund, $1.7 million spent and $13.3 million frozen"
            flow = _flow(mission, donor[iso3], fund, FundingFlow.Instrument.TRUST_FUND,
                         f"Contribution to the {fund.name}", when, source, quote)
            as_reported = "As reported on the day of the stop-work order; the date it happened is not published."
            _transaction(flow, Transaction.Type.COMMITMENT, when, "15000000", source, quote, as_reported)
            _transaction(flow, Transaction.Type.EXPENDITURE, when, "1700000", source, quote, as_reported)
            _transaction(flow, Transaction.Type.FROZEN, when, amount, source, quote, "US stop-work order.")
        elif kind == "waiver":
            freeze_day = date("2025-02-04")
            flow = _flow(mission, donor[iso3], hnp, FundingFlow.Instrument.BILATERAL,
                         "Foreign assistance to the HNP and the MSS", freeze_day, source, quote,
                         notes="Agreement date not published: the flow starts with the stop-work order that froze it.")
            _transaction(flow, Transaction.Type.FROZEN, freeze_day, amount, source, quote,
                         "Frozen by the US stop-work order; the amount is what the waivers released (at least that "
                         "much was frozen).")
            _transaction(flow, Transaction.Type.RELEASED, when, amount, source, quote, "State Department waivers.")
            for category, title, beneficiary in WAIVED_CONTRACTS:
                funding_record(user=None, record=Contract(
                    mission=mission, title=title, category=category, funder=donor[iso3], amount=None,
                    beneficiary=mss_org if beneficiary == MSS_ORG else hnp, start=when,
                    status=Contract.Status.ACTIVE,
                    notes="Resumed by the waiver of 6 Feb 2025; vendor and value not published."),
                    source=source, quote=quote, many={"flows": [flow]})
        elif kind == "cost_estimate":
            funding_record(user=None, record=Budget(
                mission=mission, period_start=when, period_end=date("2024-10-31"), amount=_cents(amount),
                note="Kenya's estimate of a year's deployment (month only in the source)."),
                source=source, quote=quote)
