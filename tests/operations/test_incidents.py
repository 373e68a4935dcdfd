"""Recording an incident on its page, as a J3 officer does: the local time in the mission's time zone, the place, the
actors, the units, its tolls as rows of the same form and its source with a grade, all stored in one transaction; and
the refusals, each naming its field, with nothing stored.

Port-au-Prince keeps daylight saving time: UTC-5 in winter, UTC-4 from the second Sunday of March (9 March 2025).
"""

import datetime

import pytest

from muster.core.models import ObjectChange, User
from muster.operations.models import Incident, Toll
from muster.sources.models import Citation, Source

from . import helpers

UTC = datetime.UTC
ADD = "/operations/incidents/add/"


def tolls_rows(*rows, initial=()):
    """The rows of the tolls' formset as a browser posts them: `initial` stored tolls (id, group, outcome, count,
    delete), then new `rows` (group, outcome, count, as reported), then empty rows up to three more."""
    data = {}
    for i, (toll, count, delete) in enumerate(initial):
        data |= {f"tolls-{i}-id": str(toll.pk), f"tolls-{i}-incident": str(toll.incident_id),
                 f"tolls-{i}-group": toll.group, f"tolls-{i}-outcome": toll.outcome, f"tolls-{i}-count": str(count),
                 f"tolls-{i}-as_reported": toll.as_reported}
        if delete:
            data[f"tolls-{i}-DELETE"] = "on"
    for j, (group, outcome, count, as_reported) in enumerate(rows, start=len(initial)):
        data |= {f"tolls-{j}-group": group, f"tolls-{j}-outcome": outcome, f"tolls-{j}-count": str(count),
                 f"tolls-{j}-as_reported": as_reported}
    total = len(initial) + len(rows) + 1
    return data | {"tolls-TOTAL_FORMS": str(total), "tolls-INITIAL_FORMS": str(len(initial)),
                   "tolls-MIN_NUM_FORMS": "0", "tolls-MAX_NUM_FORMS": "1000"}


def incident_form(world, **changes):
    """The add form as a J3 officer fills it for the attack on Kenscoff of 18 March 2025, with a new source."""
    lat, lon = helpers.POINT_KENSCOFF
    data = {"mission": world.mission.pk, "title": "Gang attack on the Kenscoff road", "date": "2025-03-18",
            "time": "14:30", "time_precision": "1", "event_type": world.event_types[helpers.ARMED_CLASH].pk,
            "latitude": lat, "longitude": lon, "location": "Kenscoff road", "geo_precision": "1",
            "actor1": world.actors[helpers.VIV_ANSANM].pk, "associated_actors1": [world.actors[helpers.FIVE_SEGOND].pk],
            "actor2": world.actors[helpers.MSS_FORCES].pk, "associated_actors2": [world.actors[helpers.HNP].pk],
            "units": [world.contingent.pk], "personnel_involved": "12", "classification": "shareable",
            "narrative": "A patrol came under fire near Kenscoff; one officer was shot and evacuated.",
            "new_source_title": "Officer shot in Kenscoff", "new_source_publisher": "capitalfm.co.ke",
            "new_source_kind": "news_article", "new_source_published_on": "2025-03-18",
            "new_source_reliability": "B", "new_source_credibility": "2",
            "quote": "One officer was shot in Kenscoff", "locator": "paragraph 3"}
    return data | tolls_rows() | changes


@pytest.fixture
def world(demo):
    return helpers.world()


@pytest.fixture
def j3(signed_in):
    return signed_in("j3")


def stored_counts():
    return Incident.objects.count(), Toll.objects.count(), Source.objects.count(), Citation.objects.count()


def test_a_j3_officer_records_an_incident_with_its_time_place_actors_units_tolls_and_a_graded_source(world, j3):
    data = incident_form(world) | tolls_rows(("mission", "wounded", 1, "one officer"),
                                             ("armed_group", "killed", 3, "three to five"))
    response = j3.post(ADD, data)
    assert response.status_code == 302, response.context["form"].errors.as_json()
    incident = Incident.objects.get(title="Gang attack on the Kenscoff road")
    # 14:30 in Port-au-Prince on 18 March 2025 (daylight saving: UTC-4) is 18:30 UTC.
    assert incident.occurred_at == datetime.datetime(2025, 3, 18, 18, 30, tzinfo=UTC)
    assert incident.date == datetime.date(2025, 3, 18)
    assert (incident.adm2.pcode, incident.adm1.pcode) == (helpers.KENSCOFF, helpers.OUEST)
    assert [a.name for a in incident.associated_actors1.all()] == [helpers.FIVE_SEGOND]
    assert list(incident.units.all()) == [world.contingent]
    assert sorted((t.group, t.outcome, t.count, t.as_reported) for t in incident.tolls.all()) == [
        ("armed_group", "killed", 3, "three to five"), ("mission", "wounded", 1, "one officer")]
    citation = incident.citations.get()
    assert (citation.source.grade, citation.quote, citation.locator) == ("B2", "One officer was shot in Kenscoff",
                                                                         "paragraph 3")
    j3_user = User.objects.get(username="j3")
    logged = ObjectChange.objects.filter(user=j3_user, action="create")
    assert logged.filter(object_type__model="incident", object_id=str(incident.pk)).exists()
    assert logged.filter(object_type__model="toll").count() == 2

    page = j3.get(incident.get_absolute_url()).content.decode()
    assert "14:30 (America/Port-au-Prince)" in page and "18:30 UTC" in page
    assert "three to five" in page and "Kenscoff <span class=\"muted\">(HT0115)</span>" in page
    assert "(grade B2)" in page
    assert "Viv Ansanm" in page and "5 Segond" in page and "inter 3" in page


def test_a_winter_evening_is_stored_on_the_next_day_in_utc_and_kept_on_its_own_day_there(world, j3):
    # 23:30 on 23 February in Port-au-Prince (UTC-5) is 04:30 on the 24th in UTC: the incident is of the 23rd.
    response = j3.post(ADD, incident_form(world, date="2025-02-23", time="23:30"))
    assert response.status_code == 302, response.context["form"].errors.as_json()
    incident = Incident.objects.get(title="Gang attack on the Kenscoff road")
    assert incident.occurred_at == datetime.datetime(2025, 2, 24, 4, 30, tzinfo=UTC)
    assert incident.date == datetime.date(2025, 2, 23)
    assert "23:30 (America/Port-au-Prince)" in j3.get(incident.get_absolute_url()).content.decode()
    # And the edit form shows the time back as it was entered, in the mission's zone.
    form = j3.get(f"/operations/incidents/{incident.pk}/edit/").context["form"]
    assert (form["date"].value(), form["time"].value().strftime("%H:%M")) == (datetime.date(2025, 2, 23), "23:30")


def test_a_time_the_clocks_skipped_is_refused_naming_the_time(world, j3):
    before = stored_counts()
    response = j3.post(ADD, incident_form(world, date="2025-03-09", time="02:30"))
    assert response.status_code == 200
    assert "clocks moved forward" in response.context["form"].errors["time"][0]
    assert stored_counts() == before


def test_without_a_time_the_moment_is_unknown_and_the_day_is_kept(world, j3):
    response = j3.post(ADD, incident_form(world, time=""))
    assert response.status_code == 302
    incident = Incident.objects.get(title="Gang attack on the Kenscoff road")
    assert (incident.occurred_at, incident.date) == (None, datetime.date(2025, 3, 18))


def test_the_tolls_are_changed_added_and_removed_with_the_incident_in_one_write(world, j3):
    incident = helpers.incident(classification="shareable", personnel_involved=10,
                                tolls=[("police", "killed", 2), ("civilians", "wounded", 5)])
    police, civilians = incident.tolls.order_by("group")[1], incident.tolls.order_by("group")[0]
    form = j3.get(f"/operations/incidents/{incident.pk}/edit/").context["form"]
    from muster.core.testing import post_data

    data = post_data(form) | tolls_rows(("mission", "wounded", 1, "1"),
                                        initial=[(police, 3, False), (civilians, 5, True)])
    response = j3.post(f"/operations/incidents/{incident.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors.as_json()
    assert sorted((t.group, t.outcome, t.count) for t in incident.tolls.all()) == [
        ("mission", "wounded", 1), ("police", "killed", 3)]
    incident.refresh_from_db()
    assert incident.version == 2


def test_a_stale_edit_is_refused_and_leaves_the_tolls_as_they_were(world, j3):
    incident = helpers.incident(classification="shareable", tolls=[("police", "killed", 2)])
    toll = incident.tolls.get()
    form = j3.get(f"/operations/incidents/{incident.pk}/edit/").context["form"]
    from muster.core.testing import post_data

    data = post_data(form) | tolls_rows(initial=[(toll, 7, False)])
    Incident.objects.get(pk=incident.pk).save()  # someone else saved it meanwhile
    response = j3.post(f"/operations/incidents/{incident.pk}/edit/", data)
    assert response.status_code == 200
    assert "changed by someone else" in " ".join(response.context["form"].non_field_errors())
    assert Toll.objects.get(pk=toll.pk).count == 2


# --- Bad input: each refused naming its field, nothing stored ---------------------------------------------------


def test_an_incident_before_its_mission_began_is_refused_naming_the_date(world, j3):
    before = stored_counts()
    response = j3.post(ADD, incident_form(world, date="2023-09-30", time=""))
    assert response.status_code == 200
    assert "MSS started on 2023-10-02" in response.context["form"].errors["date"][0]
    assert stored_counts() == before


def test_a_point_at_sea_is_refused_naming_the_latitude_unless_kept_outside_the_boundaries(world, j3):
    lat, lon = helpers.POINT_AT_SEA
    before = stored_counts()
    response = j3.post(ADD, incident_form(world, latitude=lat, longitude=lon))
    assert response.status_code == 200
    assert "lies in no loaded commune" in response.context["form"].errors["latitude"][0]
    assert stored_counts() == before
    response = j3.post(ADD, incident_form(world, latitude=lat, longitude=lon, outside_boundaries="on"))
    assert response.status_code == 302
    kept = Incident.objects.get(title="Gang attack on the Kenscoff road")
    assert (kept.outside_boundaries, kept.adm1, kept.adm2) == (True, None, None)


def test_the_other_actor_cannot_be_the_actor_itself(world, j3):
    before = stored_counts()
    response = j3.post(ADD, incident_form(world, actor2=world.actors[helpers.VIV_ANSANM].pk))
    assert response.status_code == 200
    assert "The other actor is the actor itself" in response.context["form"].errors["actor2"][0]
    assert stored_counts() == before


def test_a_unit_of_another_mission_is_refused_naming_the_units(world, j3):
    gsf_unit = helpers.contingent(False)
    before = stored_counts()
    response = j3.post(ADD, incident_form(world, units=[gsf_unit.pk]))
    assert response.status_code == 200
    assert "not a contingent of MSS" in response.context["form"].errors["units"][0]
    assert stored_counts() == before


def test_more_mission_personnel_in_a_toll_than_were_involved_is_refused_naming_the_count(world, j3):
    before = stored_counts()
    data = incident_form(world, personnel_involved="2") | tolls_rows(("mission", "killed", 3, "3"))
    response = j3.post(ADD, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "3 mission personnel killed, but 2 were involved" in form.tolls.forms[0].errors["count"][0]
    assert "Toll row 1 — Count: 3 mission personnel killed" in " ".join(form.non_field_errors())
    assert stored_counts() == before  # neither the incident, its source, its citation nor any toll
    assert "Record an incident" in response.content.decode()  # the form again, for a new incident


def test_lowering_the_personnel_involved_below_a_stored_toll_is_refused_on_that_toll(world, j3):
    incident = helpers.incident(classification="shareable", personnel_involved=8, tolls=[("mission", "wounded", 8)])
    toll = incident.tolls.get()
    from muster.core.testing import post_data

    form = j3.get(f"/operations/incidents/{incident.pk}/edit/").context["form"]
    data = post_data(form) | {"personnel_involved": "5"} | tolls_rows(initial=[(toll, 8, False)])
    response = j3.post(f"/operations/incidents/{incident.pk}/edit/", data)
    assert response.status_code == 200
    assert "8 mission personnel wounded, but 5 were involved" in (
        response.context["form"].tolls.forms[0].errors["count"][0])
    incident.refresh_from_db()
    assert (incident.personnel_involved, incident.version) == (8, 1)


def test_two_rows_for_the_same_group_and_outcome_are_refused(world, j3):
    before = stored_counts()
    data = incident_form(world) | tolls_rows(("civilians", "killed", 3, "3"), ("civilians", "killed", 4, "4"))
    response = j3.post(ADD, data)
    assert response.status_code == 200
    assert response.context["form"].tolls.non_form_errors() or any(
        f.errors for f in response.context["form"].tolls.forms)
    assert stored_counts() == before


def test_an_incident_without_a_source_is_refused_naming_the_source(world, j3):
    data = incident_form(world, new_source_title="", new_source_publisher="")
    response = j3.post(ADD, data)
    assert "Every incident needs the source" in response.context["form"].errors["source"][0]


# --- Who may do what -----------------------------------------------------------------------------------------------


def test_event_types_are_read_by_j3_and_changed_by_the_administrator_only(world, j3, signed_in):
    kind = world.event_types[helpers.ARMED_CLASH]
    assert j3.get(kind.get_absolute_url()).status_code == 200
    assert j3.get(f"/operations/event-types/{kind.pk}/edit/").status_code == 404
    assert signed_in("admin").get(f"/operations/event-types/{kind.pk}/edit/").status_code == 200
    actor = world.actors[helpers.GRAN_GRIF]
    assert j3.get(f"/operations/actors/{actor.pk}/edit/").status_code == 200


def test_deleting_an_incident_removes_its_tolls_and_keeps_them_in_the_change_log(world, j3):
    incident = helpers.incident(classification="shareable", tolls=[("civilians", "killed", 6)])
    toll_pk = incident.tolls.get().pk
    response = j3.post(f"/operations/incidents/{incident.pk}/delete/", {"change_message": "Entered twice"})
    assert response.status_code == 302
    assert not Incident.objects.filter(pk=incident.pk).exists() and not Toll.objects.filter(pk=toll_pk).exists()
    assert ObjectChange.objects.filter(object_type__model="toll", object_id=str(toll_pk), action="delete").exists()


def test_the_incidents_page_shows_the_missions_own_casualties_only_to_those_who_may_see_them(world, signed_in):
    from muster.operations.models import Casualty
    from muster.operations.services import casualty_record

    incident = helpers.incident(classification="shareable", units=[world.contingent], personnel_involved=5)
    casualty = casualty_record(user=None, casualty=Casualty(incident=incident, contingent=world.contingent,
                                                            outcome="wounded", tour=world.officers[0]),
                               source=world.source)
    named = str(casualty)
    assert "SAMPLE, Officer" in named
    for username, sees in (("j1", True), ("liaison-ken", True), ("liaison-gtm", False)):
        page = signed_in(username).get(incident.get_absolute_url()).content.decode()
        assert "own casualties" in page, username
        assert (named in page, casualty.get_absolute_url() in page) == (sees, sees), username
        assert ("None recorded that you may see" in page) != sees, username
    page = signed_in("j3").get(incident.get_absolute_url()).content.decode()  # J3 holds no grant on casualties
    assert "own casualties" not in page and named not in page


def test_a_form_opened_for_a_mission_offers_its_sites_and_units_only(world, j3):
    gsf_unit, gsf_site = helpers.contingent(False), helpers.site(False, name="GSF test base")
    form = j3.get(ADD, {"mission": "MSS"}).context["form"]
    assert form["mission"].value() == world.mission.pk
    units, sites = set(form.fields["units"].queryset), set(form.fields["site"].queryset)
    assert world.contingent in units and gsf_unit not in units
    assert world.site in sites and gsf_site not in sites
    incident = helpers.incident(False, classification="shareable")
    edit = j3.get(f"/operations/incidents/{incident.pk}/edit/").context["form"]
    assert gsf_unit in set(edit.fields["units"].queryset) and world.contingent not in set(edit.fields["units"].queryset)
