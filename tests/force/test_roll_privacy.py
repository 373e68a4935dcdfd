"""Names are for those who need them: the roll's grants, 404 outside one's country, every export logged."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from muster.core.models import User
from muster.force.models import Contingent, Person, PersonalDataExport, Tour
from muster.missions.models import Mission


@pytest.fixture
def rolls(demo):
    """One synthetic officer on each of Jamaica's and Kenya's MSS rolls, and a Jamaica liaison."""
    mss = Mission.objects.get(code="MSS")
    people = {}
    for iso3 in ("JAM", "KEN"):
        contingent = Contingent.objects.filter(mission=mss, country_id=iso3).first()
        person = Person.objects.create(country_id=iso3, service_number=f"{iso3}-0001", family_name=f"Sample{iso3}",
                                       given_names="Synthetic", rank="Corporal", grade="OR-4", sex="female",
                                       date_of_birth=datetime.date(1991, 5, 17))
        Tour.objects.create(person=person, contingent=contingent, arrival=datetime.date(2024, 9, 10),
                            planned_end=datetime.date(2025, 9, 10))
        people[iso3] = person
    liaison = User.objects.create_user("liaison-jam", password="x-pass-1234", country_id="JAM")
    liaison.groups.add(Group.objects.get(name="Country liaison"))
    client = Client()
    client.force_login(liaison)
    return people, client


def test_the_jamaica_liaison_sees_jamaicas_roll_and_not_kenyas(rolls):
    people, jamaica = rolls
    listing = jamaica.get("/people/", {"per_page": 500})
    assert "SampleJAM" in listing.content.decode()
    assert "SampleKEN" not in listing.content.decode()
    assert jamaica.get(people["KEN"].get_absolute_url()).status_code == 404
    exported = jamaica.get("/people/", {"export": "csv"}).content.decode()
    assert "JAM-0001" in exported and "KEN-0001" not in exported
    api = jamaica.get("/api/people/").json()
    assert [p["service_number"] for p in api["results"]] == ["JAM-0001"]


@pytest.mark.parametrize("username", ["donor-usa", "j3", "j4", "finance"])
def test_roles_without_need_to_know_see_no_names_anywhere(rolls, signed_in, username):
    client = signed_in(username)
    for address in ("/people/", "/tours/", "/duty-statuses/", "/api/people/", "/api/tours/"):
        response = client.get(address)
        assert response.status_code == 403, address
        assert b"SampleKEN" not in response.content
    assert client.get(rolls[0]["KEN"].get_absolute_url()).status_code == 404


def test_the_personnel_officer_sees_every_country(rolls, signed_in):
    listing = signed_in("j1").get("/people/", {"per_page": 500}).content.decode()
    assert "SampleJAM" in listing and "SampleKEN" in listing and "Sample Officer 150" in listing  # and Guatemala


def test_every_export_of_names_is_logged_with_who_what_and_how_many(rolls, signed_in):
    client = signed_in("j1")
    client.get("/people/", {"export": "xlsx", "country": "KEN"})
    client.get("/tours/", {"export": "csv", "country": "JAM"})
    client.get("/people/")  # reading the page is not an export
    logged = list(PersonalDataExport.objects.order_by("time", "pk").values_list("user_name", "what", "rows", "fmt"))
    assert logged == [("j1", "people", 1, "xlsx"), ("j1", "tours", 1, "csv")]
