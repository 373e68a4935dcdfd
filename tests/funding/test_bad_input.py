"""Bad input is refused with the field named, through the form and the API, and nothing is stored."""

import pytest

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient, api_errors
from muster.funding.models import FundingFlow, Transaction
from muster.sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(demo):
    return FundingFlow.objects.get(donor__name="Government of France", mission__code="MSS")  # $3.2M received


@pytest.fixture
def source(demo):
    return Source.objects.filter(address__contains="oe-mag").first()


@pytest.fixture
def api(demo):
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="finance"))
    return client


BAD = [
    # (what is wrong, changes to a good expenditure, the field named, words of the message, in the API)
    ("negative amount", {"amount": "-5"}, "amount", "greater than or equal to 0", {"amount": -500}),
    ("spent above received", {"amount": "3200000.01"}, "amount", "more expenditure than disbursement",
     {"amount": 320_000_001}),
    ("before the agreement", {"date": "2024-04-29"}, "date", "agreed on 2024-04-30", {"date": "2024-04-29"}),
    ("unknown currency", {"currency": "XYZ"}, "currency", "not an ISO 4217 currency code", {"currency": "XYZ"}),
    ("no rate for the currency", {"currency": "EUR"}, "currency", "No exchange rate for EUR", {"currency": "EUR"}),
]


def good(flow, source):
    return {"flow": flow.pk, "type": "expenditure", "date": "2024-06-01", "amount": "1000000", "currency": "USD",
            "source": source.pk, "quote": "spent"}


@pytest.mark.parametrize(("problem", "changes", "field", "words", "api_changes"), BAD, ids=[b[0] for b in BAD])
def test_the_form_refuses_it_beside_the_field(signed_in, flow, source, problem, changes, field, words, api_changes):
    before = Transaction.objects.count()
    response = signed_in("finance").post("/funding/transactions/add/", good(flow, source) | changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field]), errors
    assert f'id="id_{field}-error"' in response.content.decode()
    assert Transaction.objects.count() == before


@pytest.mark.parametrize(("problem", "changes", "field", "words", "api_changes"), BAD, ids=[b[0] for b in BAD])
def test_the_api_refuses_it_naming_the_field(api, flow, source, problem, changes, field, words, api_changes):
    before = Transaction.objects.count()
    data = good(flow, source) | {"amount": 100_000_000} | api_changes
    response = api.post("/api/transactions/", data, format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(api_errors(response)[field])
    assert Transaction.objects.count() == before


def test_a_good_expenditure_is_stored_with_its_source(api, flow, source):
    response = api.post("/api/transactions/", good(flow, source) | {"amount": 100_000_000}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["usd_value"] == 100_000_000
    assert Transaction.objects.get(pk=response.json()["id"]).citations.get().source == source


def test_a_transaction_without_a_source_is_refused(api, signed_in, flow, source):
    data = good(flow, source)
    del data["source"]
    assert "source" in api_errors(api.post("/api/transactions/", data | {"amount": 1}, format="json"))
    assert "source" in signed_in("finance").post("/funding/transactions/add/", data).context["form"].errors


def test_a_contract_cannot_end_before_it_starts(signed_in, source):
    response = signed_in("finance").post("/funding/contracts/add/", {
        "mission": 1, "title": "Fuel", "category": "fuel", "funder": FundingFlow.objects.first().donor_id,
        "currency": "USD", "start": "2025-03-01", "end": "2025-01-01", "status": "active", "source": source.pk})
    assert "end" in response.context["form"].errors


def test_deleting_a_receipt_that_was_spent_is_refused(db):
    from django.http import HttpRequest
    from django.test import Client

    from muster.core.roles import roles_ensure
    from muster.demo.record import demo_load
    from muster.demo.users import DEMO_PASSWORD, demo_users_ensure
    from tests.two_factor import verify_session

    roles_ensure()
    demo_load()
    demo_users_ensure()
    from muster.funding.models import Transaction

    receipt = Transaction.objects.get(flow__donor__name="United States Department of State",
                                      type=Transaction.Type.DISBURSEMENT, flow__recipient__name="MSS Trust Fund")
    client = Client()
    client.login(request=HttpRequest(), username="finance", password=DEMO_PASSWORD)  # django-axes needs the request
    verify_session(client, User.objects.get(username="finance"))  # and the finance officer a second factor
    page = client.post(f"/funding/transactions/{receipt.pk}/delete/", follow=True)
    assert "USD 1,700,000.00 more expenditure than disbursement" in page.content.decode()
    assert Transaction.objects.filter(pk=receipt.pk).exists()
