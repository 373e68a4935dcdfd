"""The change log: who, when, before and after, for every path that writes; the history page."""

import pytest

from muster.core.changelog import change_context
from muster.core.models import ObjectChange, StaleEditError
from muster.force.models import Movement
from muster.sources.models import Citation

pytestmark = pytest.mark.django_db


def changes_of(obj):
    from django.contrib.contenttypes.models import ContentType

    return ObjectChange.objects.filter(object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


def test_recording_a_movement_logs_the_movement_and_its_citation_under_one_request(signed_in):
    from muster.force.models import Contingent
    from muster.sources.models import Source

    guatemala = Contingent.objects.get(mission__code="MSS", country="GTM")
    source = Source.objects.get(publisher="devdiscourse.com")
    response = signed_in("j1").post("/movements/add/", {
        "contingent": guatemala.pk, "kind": "arrival", "date": "2025-03-01", "count": "5", "men": "5",
        "source": source.pk, "quote": "five more", "change_message": "From the manifest"})
    assert response.status_code == 302
    movement = Movement.objects.latest("pk")
    citation = Citation.objects.get(object_id=movement.pk, content_type__model="movement")
    logged_movement, logged_citation = changes_of(movement).get(), changes_of(citation).get()
    assert logged_movement.request_id == logged_citation.request_id
    assert logged_movement.user_name == "j1" and logged_movement.message == "From the manifest"
    assert logged_movement.postchange_data["count"] == 5
    assert response.wsgi_request.id == logged_movement.request_id


def test_an_edit_keeps_before_and_after_and_the_history_page_shows_them(signed_in):
    movement = Movement.objects.filter(contingent__country="GTM").first()
    client = signed_in("j1")
    form = client.get(f"/movements/{movement.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"count": "77", "unknown": "77", "change_message": "haitichronicle.com gives 77"}
    assert client.post(f"/movements/{movement.pk}/edit/", data).status_code == 302
    change = changes_of(movement).filter(action="update").get()
    assert ("count", 75, 77) in change.diff()
    page = client.get(f"/history/force.movement/{movement.pk}/").content.decode()
    assert "haitichronicle.com gives 77" in page and ">75<" in page and ">77<" in page and "j1" in page


def test_a_delete_keeps_the_whole_record_in_the_log(demo):
    movement = Movement.objects.filter(contingent__country="SLV").last()
    pk = movement.pk
    with change_context(message="Entered twice"):
        movement.citations.all().delete()
        movement.delete()
    change = ObjectChange.objects.get(object_type__model="movement", object_id=str(pk), action="delete")
    assert change.prechange_data["count"] == movement.count and change.postchange_data is None
    assert change.user_name == "system" and change.message == "Entered twice"


def test_a_save_that_changes_nothing_in_the_world_writes_no_entry(demo):
    movement = Movement.objects.first()
    before = changes_of(movement).count()
    movement.save()
    assert changes_of(movement).count() == before


def test_a_second_save_from_the_same_stale_copy_is_refused(demo):
    first, second = Movement.objects.first(), Movement.objects.first()
    first.note = "checked"
    first.save()
    second.note = "also checked"
    with pytest.raises(StaleEditError, match="changed by someone else"):
        second.save()
    assert Movement.objects.get(pk=first.pk).note == "checked"


def test_record_time_and_effective_time_are_different_columns(demo):
    movement = Movement.objects.get(contingent__country="KEN", date="2024-06-25")
    change = changes_of(movement).get(action="create")
    assert movement.date.isoformat() == "2024-06-25"  # when it happened
    assert change.time.date() > movement.date  # when it was entered
