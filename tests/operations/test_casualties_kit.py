"""Every page and API endpoint of the mission's own casualties, through the generic test kit, and the demo's roles:
the personnel officer records an officer killed through the page; Kenya's liaison sees and records only Kenyan
casualties, and of an incident not shared with them only its day; the operations officer and the donor see no
casualty at all (names are the roll's)."""

import datetime

import pytest
from django.test import TestCase

from muster.core import testing as kit
from muster.core.store import record_store
from muster.force.models import Contingent, DutyStatus, Movement
from muster.missions.models import PersonnelCategory
from muster.operations.models import Casualty
from muster.operations.services import casualty_record

from . import helpers

ON = datetime.date(2025, 11, 18)


def gsf_unit(country):
    """The demo's GSF contingent of `country` (Kenya, Jamaica), or one made with a strength of 20."""
    unit = Contingent.objects.filter(mission=helpers.mission(False), country_id=country).order_by("pk").first()
    if unit is None:
        unit = record_store(user=None, record=Contingent(mission=helpers.mission(False), country_id=country,
                                                         category=PersonnelCategory.FORMED_POLICE))
        record_store(user=None, record=Movement(contingent=unit, kind=Movement.Kind.ARRIVAL, date=helpers.GSF_START,
                                                count=20, unknown=20))
    return unit


def incident_of(country, classification="restricted"):
    """A GSF incident its country's contingent took part in (a liaison sees incidents of their own units)."""
    return helpers.incident(False, title=f"Clash with a {country} patrol", units=[gsf_unit(country)],
                            classification=classification)


class CasualtyTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                    kit.ConstrainedObjectAPITests, TestCase):
    model = Casualty
    constraint = {"country": "KEN"}

    @classmethod
    def setUpTestData(cls):
        cls.source = helpers.source()
        cls.incidents = {country: incident_of(country) for country in ("KEN", "JAM")}
        super().setUpTestData()

    @classmethod
    def make_object(cls, *, in_scope=True):
        # Wounded and not named: the kit's users hold grants on casualties alone, not on movements or the roll.
        country = "KEN" if in_scope else "JAM"
        return casualty_record(user=None, casualty=Casualty(
            incident=cls.incidents[country], contingent=gsf_unit(country), outcome=Casualty.Outcome.WOUNDED,
            count=2), source=cls.source, quote="two officers wounded")

    def form_data(self, *, in_scope=True):
        country = "KEN" if in_scope else "JAM"
        return {"incident": self.incidents[country].pk, "contingent": gsf_unit(country).pk, "outcome": "wounded",
                "count": "2", "source": self.source.pk, "quote": "two officers wounded"}

    def form_changes(self):
        return {"count": "3", "note": "A third officer, from the hospital's report"}

    def form_moving_out(self):
        return {"contingent": gsf_unit("JAM").pk}

    def api_data(self, *, in_scope=True):
        country = "KEN" if in_scope else "JAM"
        return {"incident": self.incidents[country].pk, "contingent": gsf_unit(country).pk, "outcome": "wounded",
                "count": 2, "source": self.source.pk, "quote": "two officers wounded"}

    def api_changes(self):
        return {"note": "A third officer, from the hospital's report"}

    def api_moving_out(self):
        return {"contingent": gsf_unit("JAM").pk}


@pytest.fixture
def world(demo):
    unit = gsf_unit("KEN")
    return {"unit": unit, "officer": helpers.officer(unit, arrival=helpers.GSF_START), "source": helpers.source(),
            "incident": incident_of("KEN", classification="shareable")}


def test_the_personnel_officer_records_an_officer_killed_and_removes_it_through_the_pages(signed_in, world):
    client = signed_in("j1")
    add = client.get("/operations/casualties/add/", {"incident": world["incident"].pk})
    assert add.status_code == 200
    assert str(world["officer"].person) in add.content.decode()  # on the roll that day: offered
    response = client.post("/operations/casualties/add/", {
        "incident": world["incident"].pk, "contingent": world["unit"].pk, "outcome": "killed",
        "tour": world["officer"].pk, "count": "1", "source": world["source"].pk, "quote": "an officer was killed"})
    assert response.status_code == 302, kit.form_errors(response)
    casualty = Casualty.objects.get(tour=world["officer"])
    assert (casualty.movement.kind, casualty.movement.date, casualty.duty_status.status) == ("killed", ON, "killed")
    page = client.get(casualty.get_absolute_url()).content.decode()
    assert casualty.movement.get_absolute_url() in page and casualty.duty_status.get_absolute_url() in page
    assert world["incident"].get_absolute_url() in page
    movement, status = casualty.movement.pk, casualty.duty_status.pk
    assert client.post(f"/operations/casualties/{casualty.pk}/delete/", {"change_message": "Twice"}).status_code == 302
    assert not Movement.objects.filter(pk=movement).exists() and not DutyStatus.objects.filter(pk=status).exists()


def test_an_officer_off_the_roll_is_refused_on_the_page_naming_the_officer_field(signed_in, world):
    later = helpers.officer(world["unit"], arrival=ON + datetime.timedelta(days=2))
    before = (Casualty.objects.count(), Movement.objects.count(), DutyStatus.objects.count())
    response = signed_in("j1").post("/operations/casualties/add/", {
        "incident": world["incident"].pk, "contingent": world["unit"].pk, "outcome": "killed", "tour": later.pk,
        "count": "1", "source": world["source"].pk})
    assert response.status_code == 200
    assert "is not on the roll of" in " ".join(response.context["form"].errors["tour"])
    assert (Casualty.objects.count(), Movement.objects.count(), DutyStatus.objects.count()) == before


def test_kenyas_liaison_sees_and_records_only_kenyan_casualties(signed_in, world):
    jamaica = gsf_unit("JAM")
    theirs = casualty_record(user=None, casualty=Casualty(incident=incident_of("JAM", "shareable"),
                                                          contingent=jamaica, outcome="wounded", count=1))
    client = signed_in("liaison-ken")
    response = client.post("/operations/casualties/add/", {
        "incident": world["incident"].pk, "contingent": world["unit"].pk, "outcome": "killed",
        "tour": world["officer"].pk, "count": "1", "source": world["source"].pk})
    assert response.status_code == 302, kit.form_errors(response)
    ours = Casualty.objects.get(tour=world["officer"])
    assert ours.movement.count == 1  # the liaison's own country's movement and roll, in one act
    listed = client.get("/operations/casualties/", {"per_page": 500}).content.decode()
    assert ours.get_absolute_url() in listed and theirs.get_absolute_url() not in listed
    assert client.get(theirs.get_absolute_url()).status_code == 404
    refused = client.post("/operations/casualties/add/", {
        "incident": world["incident"].pk, "contingent": jamaica.pk, "outcome": "wounded", "count": "1",
        "source": world["source"].pk})
    assert "valid choice" in " ".join(refused.context["form"].errors["contingent"])


def test_a_liaison_reads_of_an_incident_not_shared_with_them_only_its_day(signed_in, world):
    restricted = helpers.incident(False, title="Raid on the Canaan hideout", units=[world["unit"]])
    casualty = casualty_record(user=None, casualty=Casualty(incident=restricted, contingent=world["unit"],
                                                            tour=world["officer"], outcome="wounded"))
    client = signed_in("liaison-ken")
    for page in (client.get(casualty.get_absolute_url()), client.get("/operations/casualties/"),
                 client.get("/operations/casualties/", {"export": "csv"})):
        text = page.content.decode()
        assert page.status_code == 200 and "18 Nov 2025 (not shared with you)" in text
        assert "Canaan" not in text and restricted.get_absolute_url() not in text
    assert "Canaan" in signed_in("j1").get(casualty.get_absolute_url()).content.decode()


@pytest.mark.parametrize("username", ["j3", "donor-usa"])
def test_the_operations_officer_and_the_donor_see_no_casualty(signed_in, world, username):
    casualty = casualty_record(user=None, casualty=Casualty(incident=world["incident"], contingent=world["unit"],
                                                            tour=world["officer"], outcome="killed"))
    client = signed_in(username)
    assert client.get("/operations/casualties/").status_code == 403
    assert client.get(casualty.get_absolute_url()).status_code == 404
    assert client.get("/api/casualties/").status_code == 403
    assert str(world["officer"].person.family_name) not in client.get(
        world["incident"].get_absolute_url()).content.decode()
