"""Names are for those who need them: the roll's grants, 404 outside one's country, every export logged."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from muster.core.models import User
from muster.force.models import Contingent, Person, PersonalDataExport, Tour
from muster.force.privacy import SUPPRESSED, SUPPRESSION_NOTE, WITHHELD, is_suppressed, suppress_table
from muster.missions.models import Mission
from tests.two_factor import verify_session


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
    verify_session(client, liaison)  # a liaison signs in with a second factor
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


def hidden_per_line(table, columns):
    """How many hidden cells each row and each column of `columns` holds."""
    rows = [sum(is_suppressed(row[j]) for j in columns) for row in table]
    return rows + [sum(is_suppressed(row[j]) for row in table) for j in columns]


def test_a_small_cell_is_less_than_5_and_the_cells_withheld_to_protect_it_are_x():
    rows = [["A", 20, 30, 12],
            ["B", 3, 40, 25],
            ["C", 50, 60, 70]]
    table = suppress_table(rows, total_columns=(1, 2, 3))
    # B's 3 is small. Row B's total would give it back: its next-smallest count, 25, is withheld; column 1's
    # total likewise: A's 20; then column 3 holds the lone 25: A's 12 is withheld with it.
    assert table == [["A", "x", 30, "x"],
                     ["B", "<5", 40, "x"],
                     ["C", 50, 60, 70]]
    assert table[1][1] is SUPPRESSED and table[0][1] is WITHHELD
    for shown, value in zip((c for row in table for c in row[1:]), (c for row in rows for c in row[1:]), strict=True):
        assert shown != "<5" or 1 <= value <= 4  # no large count ever shown as "<5"
        assert shown != "x" or value >= 5
        assert is_suppressed(shown) or shown == value
    assert all(n == 0 or n >= 2 for n in hidden_per_line(table, (1, 2, 3)))  # no hidden cell recoverable
    assert rows[1] == ["B", 3, 40, 25]  # the input is left as it was


@given(st.lists(st.lists(st.integers(min_value=0, max_value=200), min_size=3, max_size=3), min_size=1, max_size=6))
def test_suppress_table_marks_only_small_counts_as_less_than_5_and_leaves_no_lone_hidden_cell(counts):
    table = suppress_table([["row", *c] for c in counts], total_columns=(1, 2, 3))
    for shown, value in zip((c for row in table for c in row[1:]), (c for row in counts for c in row), strict=True):
        if shown == "<5":
            assert 1 <= value <= 4
        elif shown == "x":
            assert value >= 5
        else:
            assert shown == value and not 1 <= value <= 4
    columns = (1, 2, 3)
    lines = [[row[j] for j in columns] for row in table] + [[row[j] for row in table] for j in columns]
    for line in lines:
        hidden = [c for c in line if is_suppressed(c)]
        # A lone hidden cell is left only where nothing else of its line could be withheld (every other
        # count 0), where the line's total is the hidden count itself.
        assert len(hidden) != 1 or all(c == 0 for c in line if not is_suppressed(c)), line


def test_the_marks_are_strings_a_template_recognises_and_the_note_names_both():
    assert (SUPPRESSED, WITHHELD) == ("<5", "x") and type(str(WITHHELD)) is str
    assert is_suppressed(SUPPRESSED) and is_suppressed(WITHHELD)
    assert not any(is_suppressed(v) for v in (3, 150, "", None, "x", "<5"))  # plain strings are not marks
    template = Template("{% for v in values %}{% if v.suppressed %}[{{ v }}]{% else %}{{ v }}{% endif %} {% endfor %}")
    assert template.render(Context({"values": [SUPPRESSED, WITHHELD, 7, 0, "", None]})) == "[&lt;5] [x] 7 0  None "
    assert "“<5”" in str(SUPPRESSION_NOTE) and "“x”" in str(SUPPRESSION_NOTE)
