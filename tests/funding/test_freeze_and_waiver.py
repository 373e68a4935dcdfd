"""The US figures of the public record: $15M committed to the trust fund, $1.7M spent, $13.3M frozen on
4 Feb 2025; the waivers of $40.7M of 6 Feb 2025 in the totals from that date and not before — on the
dashboard, in the API and in the CLI alike."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient
from muster.funding.models import FundingFlow, Transaction
from muster.funding.selectors import funding_totals
from muster.missions.models import Mission

pytestmark = pytest.mark.django_db
M = 100_000_000  # US cents in a million dollars


def us_trust_fund(flows):
    return next(t for f, t in flows if f.donor.name == "United States Department of State"
                and f.recipient.name == "MSS Trust Fund")


def totals_on(day, by=("flow",)):
    return funding_totals(transactions=Transaction.objects.all(), on=datetime.date.fromisoformat(day), by=by,
                          mission=Mission.objects.get(code="MSS"))


def test_the_us_trust_fund_contribution_on_4_february_2025(demo):
    flow = FundingFlow.objects.get(donor__name="United States Department of State", recipient__name="MSS Trust Fund")
    totals = next(t for t in totals_on("2025-02-04") if t["flow_id"] == flow.pk)
    assert (totals.commitment, totals.expenditure, totals.frozen) == (15 * M, 170_000_000, 1_330_000_000)
    assert totals.commitment - totals.expenditure == totals.frozen  # what was not spent is what was frozen
    assert all(c.source.address.startswith("https://www.urdupoint.com/") for t in flow.transactions.filter(
        date=datetime.date(2025, 2, 4)) for c in t.citations.all())


@pytest.mark.parametrize(("day", "released"), [("2025-02-05", 0), ("2025-02-06", 4_070_000_000),
                                               ("2025-06-30", 4_070_000_000)])
def test_the_waivers_count_from_6_february_and_not_before(demo, day, released):
    us = next(t for t in totals_on(day, by=("donor",)) if t["flow__donor__name"] == "United States Department of State")
    assert us.released == released
    assert us.frozen == 1_330_000_000 + 4_070_000_000  # the trust fund's $13.3M and the bilateral aid waived
    assert us.still_frozen == us.frozen - released


def test_the_dashboard_shows_them_to_the_finance_officer(signed_in):
    page = signed_in("finance").get("/funding/dashboard/MSS/", {"on": "2025-02-05"}).content.decode()
    assert "$13,300,000" in page and "$1,700,000" in page and "$15,000,000" in page
    assert "$54.0M frozen, $0.0M released by waiver" in page
    after = signed_in("finance").get("/funding/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    assert "$54.0M frozen, $40.7M released by waiver" in after


def test_the_dashboard_writes_the_amounts_as_french_readers_write_them(signed_in):
    client = signed_in("finance")
    client.cookies["django_language"] = "fr"
    page = client.get("/funding/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    # A comma for the decimals, spaces between the thousands, the dollar after the figure.
    assert "40,7\xa0M$ US" in page and "13\xa0300\xa0000\xa0$ US" in page
    assert "$40.7M" not in page and "$13,300,000" not in page


def test_the_api_and_the_cli_give_the_dashboards_totals(demo):
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="finance"))
    data = client.get("/api/funding/totals/", {"mission": "MSS", "on": "2025-02-06"}).json()
    us = next(d for d in data["donors"] if d["donor"] == "United States Department of State")
    assert (us["committed"], us["spent"], us["released"], us["still_frozen"]) == (
        15 * M, 170_000_000, 4_070_000_000, 1_330_000_000)
    out = StringIO()
    call_command("funding", mission="MSS", on="2025-02-06", format="json", stdout=out)
    cli = json.loads(out.getvalue())
    us_cli = next(d for d in cli["donors"] if d["Donor"] == "United States Department of State")
    assert us_cli["Committed"] == "15000000" and us_cli["Released by waiver"] == "40700000"
    flows = [f for f in cli["flows"] if f["Recipient"] == "MSS Trust Fund" and f["Donor"].startswith("United")]
    assert flows[0]["Frozen"] == "13300000" and flows[0]["Spent"] == "1700000"


def test_the_cli_table_reads_as_a_table(demo):
    out = StringIO()
    call_command("funding", mission="MSS", on="2025-02-04", stdout=out)
    text = out.getvalue()
    assert "United States Department of State" in text and "13,300,000" in text


def test_a_published_fund_total_is_shown_beside_the_sum_of_receipts(signed_in):
    page = signed_in("finance").get("/funding/dashboard/MSS/", {"on": "2024-05-01"}).content.decode()
    # Published: $18 million received by 30 April 2024; recorded: 6 + 8.7 + 3.2 = $17.9 million.
    assert "$18,000,000" in page and "$17,900,000" in page and "−$100,000" in page


def test_the_report_downloads_as_pdf_xlsx_and_csv(signed_in):
    client = signed_in("finance")
    pdf = client.get("/funding/dashboard/MSS/funding.pdf", {"on": "2025-02-06"})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    xlsx = client.get("/funding/dashboard/MSS/funding.xlsx", {"on": "2025-02-06"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get("/funding/dashboard/MSS/funding.csv", {"on": "2025-02-06"}).content.decode()
    assert "United States Department of State,300000000,15000000,6000000,1700000,54000000,40700000,13300000" in csv


def test_the_dashboard_stays_light(signed_in):
    page = signed_in("finance").get("/funding/dashboard/MSS/", {"on": "2025-02-06"})
    assert len(page.content) < 150_000 - 60_000  # the page's HTML and SVG, leaving room for CSS and htmx
