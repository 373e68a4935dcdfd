"""The incidents' API: the moment as ISO 8601 with the offset of the mission's time zone, the day derived from it,
departments and communes by P-code, the source with its grade, the tolls read with the incident; and the refusals,
each naming its field, with nothing stored. Every response is checked against the OpenAPI document."""

import datetime

import pytest

from muster.core.models import ObjectChange, User
from muster.core.testing import DocumentedAPIClient, api_errors
from muster.operations.models import Incident, Toll
from muster.sources.models import Citation, Source

from . import helpers


@pytest.fixture
def world(demo):
    return helpers.world()


@pytest.fixture
def j3(demo):
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="j3"))
    return client


def payload(world, **changes):
    return {"mission": "MSS", "title": "Ambush near Pont-Sondé", "occurred_at": "2025-03-25T06:15:00-04:00",
            "event_type": world.event_types[helpers.ARMED_CLASH].pk, "location": "Pont-Sondé",
            "adm2": helpers.SAINT_MARC, "geo_precision": 2, "actor1": world.actors[helpers.GRAN_GRIF].pk,
            "actor2": world.actors[helpers.MSS_FORCES].pk, "units": [world.contingent.pk], "personnel_involved": 20,
            "classification": "shareable",
            "source": {"kind": "news_article", "title": "Kenyan officer missing after an ambush near Pont-Sondé",
                       "publisher": "africanews.com", "published_on": "2025-03-28", "reliability": "C",
                       "credibility": "3"},
            "quote": "missing after an ambush near Pont-Sonde", "locator": "first paragraph"} | changes


def stored_counts():
    return Incident.objects.count(), Toll.objects.count(), Source.objects.count(), Citation.objects.count()


def test_an_incident_is_created_with_its_moment_in_the_missions_zone_and_a_graded_new_source(world, j3):
    response = j3.post("/api/incidents/", payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["occurred_at"], body["date"]) == ("2025-03-25T06:15:00-04:00", "2025-03-25")
    assert (body["adm2"], body["adm1"], body["interaction"]) == (helpers.SAINT_MARC, helpers.ARTIBONITE, 38)
    incident = Incident.objects.get(pk=body["id"])
    assert incident.occurred_at == datetime.datetime(2025, 3, 25, 10, 15, tzinfo=datetime.UTC)
    citation = incident.citations.get()
    assert (citation.source.grade, citation.locator) == ("C3", "first paragraph")
    assert body["citations"][0]["locator"] == "first paragraph"
    assert ObjectChange.objects.filter(object_type__model="incident", object_id=str(incident.pk),
                                       user__username="j3", action="create").exists()


def test_a_moment_in_utc_is_read_back_in_the_missions_zone_on_the_missions_day(world, j3):
    # 04:30 UTC on 24 February is 23:30 on the 23rd in Port-au-Prince (UTC-5 in winter): the incident of the 23rd.
    response = j3.post("/api/incidents/", payload(world, occurred_at="2025-02-24T04:30:00Z"), format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["occurred_at"], response.json()["date"]) == ("2025-02-23T23:30:00-05:00", "2025-02-23")
    listed = j3.get("/api/incidents/", {"mission": "MSS", "date_after": "2025-02-23", "date_before": "2025-02-23"})
    assert response.json()["id"] in {row["id"] for row in listed.json()["results"]}


def test_without_a_moment_the_date_is_given_and_kept(world, j3):
    response = j3.post("/api/incidents/", payload(world, occurred_at=None, date="2025-03-25"), format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["occurred_at"], response.json()["date"]) == (None, "2025-03-25")


def test_the_tolls_are_read_with_the_incident_and_written_at_their_own_address(world, j3):
    incident = Incident.objects.get(pk=j3.post("/api/incidents/", payload(world), format="json").json()["id"])
    response = j3.post("/api/tolls/", {"incident": incident.pk, "group": "mission", "outcome": "missing", "count": 1,
                                       "as_reported": "one officer"}, format="json")
    assert response.status_code == 201, response.content
    tolls = j3.get(f"/api/incidents/{incident.pk}/").json()["tolls"]
    assert [(t["group"], t["outcome"], t["count"], t["as_reported"]) for t in tolls] == [
        ("mission", "missing", 1, "one officer")]
    assert j3.get("/api/tolls/", {"incident": incident.pk}).json()["count"] == 1


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"occurred_at": "2025-03-25T06:15:00"}, "occurred_at", "Give the offset"),
    ({"date": "2025-03-24"}, "date", "is not the day of occurred_at in America/Port-au-Prince (2025-03-25)"),
    ({"occurred_at": None}, "date", "Give the day"),
    ({"occurred_at": "2023-09-30T12:00:00-04:00"}, "date", "MSS started on 2023-10-02"),
    ({"adm2": None, "location": "", "latitude": helpers.POINT_AT_SEA[0], "longitude": helpers.POINT_AT_SEA[1]},
     "latitude", "lies in no loaded commune"),
    ({"adm2": helpers.OUEST}, "adm2", "does not exist"),
    ({"actor2": "actor1"}, "actor2", "The other actor is the actor itself"),
    ({"units": "GSF"}, "units", "not a contingent of MSS"),
    ({"source": None}, "source", "needs the source"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(world, j3, changes, field, words):
    if changes.get("actor2") == "actor1":
        changes = {"actor2": world.actors[helpers.GRAN_GRIF].pk}
    if changes.get("units") == "GSF":
        changes = {"units": [helpers.contingent(False).pk]}
    before = stored_counts()
    sent = {name: value for name, value in (payload(world) | changes).items() if value is not None}  # None: left out
    response = j3.post("/api/incidents/", sent, format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(api_errors(response)[field]), response.content
    assert stored_counts() == before


def test_a_toll_of_more_mission_personnel_than_were_involved_is_refused_naming_the_count(world, j3):
    incident = helpers.incident(classification="shareable", personnel_involved=8)
    before = stored_counts()
    response = j3.post("/api/tolls/", {"incident": incident.pk, "group": "mission", "outcome": "wounded", "count": 9},
                       format="json")
    assert response.status_code == 400
    assert "9 mission personnel wounded, but 8 were involved" in api_errors(response)["count"][0]
    assert stored_counts() == before


def test_a_changed_moment_moves_the_day_and_a_delete_removes_the_tolls_in_the_change_log(world, j3):
    incident = helpers.incident(classification="shareable", tolls=[("civilians", "killed", 4)])
    response = j3.patch(f"/api/incidents/{incident.pk}/", {"occurred_at": "2025-03-20T01:00:00Z", "version": 1},
                        format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["date"], response.json()["occurred_at"]) == ("2025-03-19", "2025-03-19T21:00:00-04:00")
    toll = incident.tolls.get()
    assert j3.delete(f"/api/incidents/{incident.pk}/").status_code == 204
    assert not Toll.objects.filter(pk=toll.pk).exists()
    assert ObjectChange.objects.filter(object_type__model="toll", object_id=str(toll.pk), action="delete").exists()
