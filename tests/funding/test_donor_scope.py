"""A donor's representative sees its own flows in detail and the others only as totals."""

import pytest

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient
from muster.funding.models import Contract, FundingFlow, Transaction

pytestmark = pytest.mark.django_db
US = "United States Department of State"


def test_the_donor_lists_only_its_own_flows_and_transactions(signed_in):
    client = signed_in("donor-usa")
    flows = client.get("/funding/flows/", {"per_page": 500}).content.decode()
    canada = FundingFlow.objects.filter(donor__name="Global Affairs Canada").first()
    ours = FundingFlow.objects.filter(donor__name=US)
    assert all(f.get_absolute_url() in flows for f in ours)
    assert canada.get_absolute_url() not in flows
    assert client.get(canada.get_absolute_url()).status_code == 404
    theirs = Transaction.objects.exclude(flow__donor__name=US).first()
    assert client.get(theirs.get_absolute_url()).status_code == 404
    exported = client.get("/funding/transactions/", {"export": "csv"}).content.decode()
    assert "Global Affairs Canada" not in exported and US in exported
    hxl = client.get("/funding/dashboard/MSS/transactions.hxl.csv").content.decode()
    assert "Global Affairs Canada" not in hxl
    assert Contract.objects.restrict(User.objects.get(username="donor-usa")).count() == 5  # the contracts it funds


def test_the_donor_sees_the_others_only_as_totals_on_the_dashboard(signed_in):
    page = signed_in("donor-usa").get("/funding/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    canada = FundingFlow.objects.get(donor__name="Global Affairs Canada", mission__code="MSS")
    assert "Global Affairs Canada" in page  # its totals, in the table by donor
    assert f'data-flow="{canada.pk}"' not in page and canada.get_absolute_url() not in page
    assert f"donor={canada.donor_id}" not in page  # no link to the others' detail
    us = FundingFlow.objects.filter(donor__name=US, mission__code="MSS").first()
    assert f'data-flow="{us.pk}"' in page
    assert "$85,000,000" in page  # published fund totals are shared


def test_the_api_gives_the_donor_its_own_flows_and_everyones_totals(demo):
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="donor-usa"))
    donors = {f["donor"] for f in client.get("/api/funding-flows/", {"limit": 1000}).json()["results"]}
    assert donors == {FundingFlow.objects.filter(donor__name=US).first().donor_id}
    totals = client.get("/api/funding/totals/", {"mission": "MSS", "on": "2025-02-06"}).json()
    assert {d["donor"] for d in totals["donors"]} >= {US, "Global Affairs Canada", "Government of France"}


def test_roles_without_funding_cannot_open_it(signed_in):
    assert signed_in("j1").get("/funding/dashboard/MSS/").status_code == 403
    assert signed_in("liaison-gtm").get("/funding/flows/").status_code == 403
    assert signed_in("j4").get("/funding/contracts/").status_code == 200  # logistics reads the contracts
