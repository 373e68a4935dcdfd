"""Bad input is refused with the field named, through the form and the API, and nothing is stored."""

import pytest

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient as APIClient
from muster.core.testing import api_errors
from muster.demo.users import DEMO_PASSWORD
from muster.force.models import Contingent, Movement
from muster.sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def guatemala(demo):
    return Contingent.objects.get(mission__code="MSS", country="GTM")


@pytest.fixture
def source(demo):
    return Source.objects.get(publisher="devdiscourse.com")


@pytest.fixture
def api(demo):
    client = APIClient()
    client.force_authenticate(User.objects.get(username="j1"))
    return client


BAD_MOVEMENTS = [
    # (what is wrong, changes to a good arrival, the field named, words of the message)
    ("parts do not add up", {"count": 10, "men": 3, "women": 3, "unknown": 3}, "count", "make 9, not the count of 10"),
    ("departure below nobody", {"kind": "departure", "count": 151, "men": 0, "women": 0, "unknown": 151}, "count",
     "fewer than none"),
    ("before the mission", {"date": "2023-09-30"}, "date", "started on 2023-10-02"),
]


def good_arrival(contingent, source):
    return {"contingent": contingent.pk, "kind": "arrival", "date": "2025-03-01", "count": 10, "men": 6,
            "women": 4, "unknown": 0, "source": source.pk, "quote": "ten arrive"}


@pytest.mark.parametrize(("problem", "changes", "field", "words"), BAD_MOVEMENTS, ids=[b[0] for b in BAD_MOVEMENTS])
def test_the_movement_form_refuses_it_beside_the_field(signed_in, guatemala, source, problem, changes, field, words):
    before = Movement.objects.count()
    data = good_arrival(guatemala, source) | changes
    response = signed_in("j1").post("/movements/add/", {k: str(v) for k, v in data.items()})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert Movement.objects.count() == before


@pytest.mark.parametrize(("problem", "changes", "field", "words"), BAD_MOVEMENTS, ids=[b[0] for b in BAD_MOVEMENTS])
def test_the_api_refuses_it_naming_the_field(api, guatemala, source, problem, changes, field, words):
    before = Movement.objects.count()
    response = api.post("/api/movements/", good_arrival(guatemala, source) | changes, format="json")
    assert response.status_code == 400
    assert words in " ".join(api_errors(response)[field])
    assert Movement.objects.count() == before


def test_a_good_arrival_is_stored_with_its_source(api, guatemala, source):
    response = api.post("/api/movements/", good_arrival(guatemala, source), format="json")
    assert response.status_code == 201, response.content
    movement = Movement.objects.get(pk=response.json()["id"])
    assert movement.citations.get().source == source
    assert response.json()["citations"][0]["publisher"] == "devdiscourse.com"


def test_a_movement_without_a_source_is_refused(api, signed_in, guatemala, source):
    data = good_arrival(guatemala, source)
    del data["source"]
    response = api.post("/api/movements/", data, format="json")
    assert response.status_code == 400 and "source" in api_errors(response)
    page = signed_in("j1").post("/movements/add/", {k: str(v) for k, v in data.items()})
    assert "source" in page.context["form"].errors


def test_an_unknown_country_code_is_refused_naming_the_country(api, signed_in, demo):
    before = Contingent.objects.count()
    response = api.post("/api/contingents/", {"mission": "MSS", "country": "XYZ", "category": "military"},
                        format="json")
    assert response.status_code == 400
    assert "XYZ" in " ".join(api_errors(response)["country"])
    page = signed_in("j1").post("/contingents/add/", {"mission": "1", "country": "XYZ", "category": "military"})
    assert "country" in page.context["form"].errors
    assert Contingent.objects.count() == before


def test_a_movement_form_leaves_sex_unknown_blank_for_the_rest(signed_in, guatemala, source):
    data = good_arrival(guatemala, source) | {"count": 20, "men": 5, "women": 2, "unknown": ""}
    response = signed_in("j1").post("/movements/add/", {k: str(v) for k, v in data.items()})
    assert response.status_code == 302
    movement = Movement.objects.latest("pk")
    assert (movement.men, movement.women, movement.unknown) == (5, 2, 13)


def test_a_new_source_described_in_the_form_is_stored_and_cited(signed_in, guatemala):
    data = {"contingent": guatemala.pk, "kind": "arrival", "date": "2025-03-01", "count": 12, "men": 12,
            "new_source_title": "Third group lands", "new_source_publisher": "Ministerio de la Defensa Nacional",
            "new_source_kind": "press_statement", "new_source_published_on": "2025-03-01",
            "quote": "12 more soldiers"}
    response = signed_in("j1").post("/movements/add/", {k: str(v) for k, v in data.items()})
    assert response.status_code == 302
    citation = Movement.objects.latest("pk").citations.get()
    assert citation.source.publisher == "Ministerio de la Defensa Nacional"
    assert citation.quote == "12 more soldiers"


def test_demo_password_is_what_make_run_prints():
    assert len(DEMO_PASSWORD) >= 10


def test_deleting_an_arrival_that_later_departures_need_is_refused(signed_in, api):
    first = Movement.objects.get(contingent__mission__code="MSS", contingent__country="KEN", date="2024-06-25")
    page = signed_in("j1").post(f"/movements/{first.pk}/delete/", follow=True)
    assert "would have -" in page.content.decode() and "personnel on 2025-10-02" in page.content.decode()
    response = api.delete(f"/api/movements/{first.pk}/")
    assert response.status_code == 400 and "would have -" in " ".join(api_errors(response)["non_field_errors"])
    assert Movement.objects.filter(pk=first.pk).exists()
