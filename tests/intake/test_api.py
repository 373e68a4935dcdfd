"""The intake API end to end, with the reading engine on real text: a statement in, its proposals out, each
accepted or rejected with the version read; a liaison's scope; bad input refused with nothing stored. Every
response is checked against the OpenAPI document (core.testing.DocumentedAPIClient)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from muster.core.testing import DocumentedAPIClient, api_errors, openapi_document
from muster.force.models import Movement
from muster.intake.models import Proposal, Statement
from muster.sources.models import Citation, Claim

pytestmark = pytest.mark.django_db

POST = (
    "This morning I saw off an additional 144 police officers comprising 120 men and 24 women to bolster the 600 "
    "officers deployed earlier, bringing the total Kenyan deployment to 744.\n\n"
    "The US State Department approved waivers for $40.7 million in foreign assistance, including vehicle "
    "maintenance for the MSS fleet."
)


def api(username):
    client = DocumentedAPIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def submitted(client, **extra):
    data = {"mission": "MSS", "text": POST, "publisher": "Ministry of Interior", "published_on": "2025-02-06"}
    return client.post("/api/statements/", data | extra, format="json")


def proposal_of(body, kind, value=None):
    return next(p for p in body["proposals"]
                if p["kind"] == kind and (value is None or p["fields"].get("value") == value))


def test_a_statement_posted_answers_its_proposals_matched_against_the_records(demo):
    response = submitted(api("j1"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["language"] == "en" and body["language_detected"] and body["submitted_by"] == "j1"
    arrival = proposal_of(body, "movement")
    assert arrival["fields"] | {} == {"country": "KEN", "category": "", "kind": "arrival", "count": 144, "men": 120,
                                      "women": 24, "date": "2025-02-06"}
    recorded = Movement.objects.get(contingent__country="KEN", date="2025-02-06", kind="arrival")
    assert arrival["match"] == {"movement": recorded.pk}
    assert proposal_of(body, "claim", 744)["match"] == {"computed": 761}
    # "the 600 officers deployed earlier": Kenya's strength the day before, which the movements give as 617.
    earlier = proposal_of(body, "claim", 600)
    assert (earlier["fields"]["as_of"], earlier["match"]) == ("2025-02-05", {"computed": 617})
    assert proposal_of(body, "funding")["fields"]["amount"] == "40700000"
    assert api("j1").get(f"/api/statements/{body['id']}/").json()["proposals"] == body["proposals"]


def test_accepting_and_rejecting_with_the_version_read(demo):
    client = api("j1")
    body = submitted(client).json()
    total, earlier = proposal_of(body, "claim", 744), proposal_of(body, "claim", 600)
    accepted = client.post(f"/api/proposals/{total['id']}/accept/",
                           {"version": total["version"], "reliability": "B", "credibility": "2"}, format="json")
    assert accepted.status_code == 200, accepted.content
    claim = Claim.objects.get(pk=int(accepted.json()["record"].split(":")[1]))
    cited = Citation.objects.get(content_type__model="claim", object_id=claim.pk)
    assert (claim.value, claim.source.grade, cited.quote) == (744, "B2", "total Kenyan deployment to 744")
    again = client.post(f"/api/proposals/{total['id']}/accept/", {"version": total["version"]}, format="json")
    assert again.status_code == 409
    rejected = client.post(f"/api/proposals/{earlier['id']}/reject/", {"version": earlier["version"]}, format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert Claim.objects.filter(value=600, source=claim.source).count() == 0


def test_an_edited_accept_is_checked_like_the_page_and_the_record(demo):
    client = api("j1")
    body = submitted(client).json()
    arrival = proposal_of(body, "movement")
    edited = arrival["fields"] | {"women": 30}
    refused = client.post(f"/api/proposals/{arrival['id']}/accept/", {"version": 1, "fields": edited}, format="json")
    assert refused.status_code == 400 and "more than the count" in str(api_errors(refused)["fields"])
    early = arrival["fields"] | {"date": "2023-01-05", "count": 5, "men": None, "women": None}
    refused = client.post(f"/api/proposals/{arrival['id']}/accept/", {"version": 1, "fields": early}, format="json")
    assert refused.status_code == 400 and "MSS started on 2023-10-02" in refused.content.decode()
    assert Proposal.objects.get(pk=arrival["id"]).status == "pending"


def test_a_liaison_is_answered_only_about_their_own_country(demo):
    gtm = api("liaison-gtm")
    body = submitted(gtm).json()
    assert body["country"] == "GTM" and body["proposals"] == []
    claim = Proposal.objects.get(statement_id=body["id"], kind="claim", fields__value=744)
    assert gtm.get(f"/api/proposals/{claim.pk}/").status_code == 404
    assert gtm.post(f"/api/proposals/{claim.pk}/accept/", {"version": 1}, format="json").status_code == 404
    assert gtm.get("/api/proposals/").json()["count"] == 0
    ken = api("liaison-ken")
    assert ken.get(f"/api/statements/{body['id']}/").status_code == 404
    assert ken.get(f"/api/proposals/{claim.pk}/").status_code == 404
    own = submitted(ken).json()
    assert sorted(p["kind"] for p in own["proposals"]) == ["claim", "claim", "movement"]
    assert ken.get("/api/proposals/").json()["count"] == 3


@pytest.mark.parametrize(("extra", "field"), [
    ({"published_on": "2023-01-05"}, "published_on"),
    ({"text": "   "}, "text"),
    ({"text": POST.replace("$40.7 million", "40.7 million zorkmids").replace("US State", "XYZ State")}, None),
])
def test_bad_statements_are_refused_naming_the_field_and_nothing_is_stored(demo, extra, field):
    response = submitted(api("j1"), **extra)
    if field is None:  # a sum in no currency Muster knows is not proposed as money at all
        assert response.status_code == 201 and not any(p["kind"] == "funding" for p in response.json()["proposals"])
        return
    assert response.status_code == 400 and field in api_errors(response)
    assert not Statement.objects.exists()


def test_files_are_read_and_bad_files_refused(demo):
    # A multipart body cannot be read twice: the document's check of the response reads the request again.
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="j1"))
    data = {"mission": "MSS", "publisher": "Ministry of Interior", "published_on": "2025-02-06"}
    sent = client.post("/api/statements/", data | {"file": SimpleUploadedFile("post.txt", POST.encode())},
                       format="multipart")
    assert sent.status_code == 201 and sent.json()["filename"] == "post.txt" and len(sent.json()["proposals"]) == 4
    binary = client.post("/api/statements/", data | {"file": SimpleUploadedFile(
        "post.txt", b"\x00\x01\x02PK\x03\x04" * 100)}, format="multipart")
    assert binary.status_code == 400 and "file" in api_errors(binary)
    large = client.post("/api/statements/", data | {"file": SimpleUploadedFile(
        "post.txt", b"The mission. " * 400_000)}, format="multipart")
    assert large.status_code == 400 and "limit" in api_errors(large)["file"][0]
    assert Statement.objects.count() == 1


def test_the_intake_endpoints_are_in_the_openapi_document(demo):
    paths = openapi_document().spec / "paths"
    assert {"/api/statements/", "/api/statements/{id}/", "/api/proposals/{id}/accept/",
            "/api/proposals/{id}/reject/"} <= set(paths.keys())
