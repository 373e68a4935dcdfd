"""Citing a source on any record: as visible and as changeable as the record it supports."""

import pytest

from muster.core.models import ObjectChange, User
from muster.core.testing import DocumentedAPIClient, api_errors
from muster.force.models import Contingent
from muster.sources.models import Citation, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(demo):
    def client_for(username):
        client = DocumentedAPIClient()
        if username:
            client.force_authenticate(User.objects.get(username=username))
        return client

    return client_for


def contingent(iso3):
    return Contingent.objects.get(mission__code="MSS", country=iso3)


def test_a_personnel_officer_cites_a_source_on_a_contingent(signed_in):
    kenya = contingent("KEN")
    source = Source.objects.get(publisher="kenyans.co.ke")
    client = signed_in("j1")
    page = client.get(kenya.get_absolute_url()).content.decode()
    assert f"/citations/add/?record=force.contingent:{kenya.pk}" in page
    response = client.post(f"/citations/add/?record=force.contingent:{kenya.pk}",
                           {"source": source.pk, "quote": "Total Kenyan police in Haiti: 744", "locator": "para 3"})
    assert response.status_code == 302
    citation = kenya.citations.get(source=source)
    assert ObjectChange.objects.get(object_type__model="citation", object_id=str(citation.pk)).user_name == "j1"
    assert "Total Kenyan police in Haiti: 744" in client.get(kenya.get_absolute_url()).content.decode()


def test_a_liaison_cannot_cite_on_another_countrys_record(signed_in, api):
    kenya, guatemala = contingent("KEN"), contingent("GTM")
    source = Source.objects.first()
    client = signed_in("liaison-gtm")
    assert client.get(f"/citations/add/?record=force.contingent:{kenya.pk}").status_code == 404
    assert client.post(f"/citations/add/?record=force.contingent:{guatemala.pk}",
                       {"source": source.pk, "quote": "ours"}).status_code == 302
    response = api("liaison-gtm").post("/api/citations/", {"record_type": "force.contingent", "record_id": kenya.pk,
                                                           "source": source.pk}, format="json")
    assert response.status_code == 400 and "record_id" in api_errors(response)
    assert not kenya.citations.filter(quote="ours").exists()


def test_citations_are_listed_only_with_their_records(api):
    kenyan = {c.pk for c in Citation.objects.filter(content_type__model="movement",
                                                    object_id__in=contingent("KEN").movements.values("pk"))}
    listed = api("liaison-gtm").get("/api/citations/", {"limit": 1000}).json()
    assert kenyan and not kenyan & {c["id"] for c in listed["results"]}
    officer = api("j1").get("/api/citations/", {"limit": 1000}).json()
    assert kenyan <= {c["id"] for c in officer["results"]}
    assert api("admin").get("/api/citations/", {"limit": 1000}).json()["count"] == Citation.objects.count()


def test_removing_a_citation_needs_the_right_to_change_its_record(signed_in, api):
    kenyan = Citation.objects.filter(content_type__model="movement",
                                     object_id__in=contingent("KEN").movements.values("pk")).first()
    assert signed_in("liaison-gtm").post(f"/citations/{kenyan.pk}/delete/").status_code == 404
    assert api("liaison-gtm").delete(f"/api/citations/{kenyan.pk}/").status_code == 404
    assert api("j3").delete(f"/api/citations/{kenyan.pk}/").status_code == 404  # J3 only reads
    assert api("j1").delete(f"/api/citations/{kenyan.pk}/").status_code == 204
    assert ObjectChange.objects.filter(object_type__model="citation", object_id=str(kenyan.pk),
                                       action="delete", user_name="j1").exists()


def test_anonymous_users_see_no_citation(api):
    assert api(None).get("/api/citations/").status_code in (401, 403)


def test_a_citation_of_a_record_that_cannot_cite_is_refused(api):
    response = api("j1").post("/api/citations/", {"record_type": "missions.country", "record_id": 1,
                                                  "source": Source.objects.first().pk}, format="json")
    assert response.status_code == 400 and "is not a valid choice" in api_errors(response)["record_type"][0]
