"""The dashboard sets the nominal roll beside the movements: for each contingent that keeps one, its strength
on the roll (as the PERSTAT counts it), the difference flagged; small cells suppressed for those who may see the
roll only as aggregates; a liaison sees only their own country's figures; a fixed number of queries.
"""

import csv
import datetime
import html as html_module
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from muster.core.models import User
from muster.force.models import Contingent, DutyStatus, Movement, Person, Tour, add_months
from muster.force.services import duty_status_set
from tests.two_factor import verify_session

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 2, 6)


def dashboard(client, on=ON):
    response = client.get("/dashboard/MSS/", {"on": on.isoformat()})
    assert response.status_code == 200
    return response.content.decode()


def roll_cells(html, iso3, category):
    """(from the roll, roll − movements) as the page shows them in a country's row; None if it has no such row."""
    row = re.search(rf'<tr data-country="{iso3}" data-category="{category}">(.*?)</tr>', html, re.DOTALL)
    if row is None:
        return None
    cells = dict(re.findall(r'data-roll="(\w+)">(.*?)</td>', row.group(1), re.DOTALL))
    return tuple(html_module.unescape(re.sub(r"<[^>]+>", "", cells.get(k, ""))).strip()
                 for k in ("strength", "difference"))


def roll_total_cells(html):
    row = re.search(r'<tr class="total" id="roll-total"[^>]*>(.*?)</tr>', html, re.DOTALL)
    cells = dict(re.findall(r'data-roll="(\w+)">(.*?)</td>', row.group(1), re.DOTALL))
    return tuple(html_module.unescape(re.sub(r"<[^>]+>", "", cells[k])).strip() for k in ("strength", "difference"))


def in_strength_on_the_roll(contingent, on):
    """A plain walk over the tours: on the roll at the end of `on`, latest duty status in strength."""
    count = 0
    for tour in Tour.objects.filter(contingent=contingent).prefetch_related("statuses"):
        if tour.arrival > on or (tour.departure is not None and tour.departure <= on):
            continue
        latest = max((s for s in tour.statuses.all() if s.since <= on), key=lambda s: s.since, default=None)
        count += (latest.status if latest else DutyStatus.Status.PRESENT) in DutyStatus.IN_STRENGTH
    return count


def from_movements(contingent, on):
    return sum(m.sign * m.count for m in Movement.objects.filter(contingent=contingent, date__lte=on))


def officer(contingent, n, *, arrival=datetime.date(2024, 6, 25), sex="male"):
    person = Person.objects.create(country=contingent.country, service_number=f"{contingent.country_id}-T{n}",
                                   family_name=f"Testname{n}", rank="Constable", grade="OR-3", sex=sex)
    return Tour.objects.create(person=person, contingent=contingent, arrival=arrival,
                               planned_end=add_months(arrival, 12))


@pytest.fixture
def guatemala(demo):
    return Contingent.objects.get(mission__code="MSS", country_id="GTM")


@pytest.fixture
def kenya(demo):
    return Contingent.objects.get(mission__code="MSS", country_id="KEN")


def liaison_of(iso3):
    user = User.objects.create_user(f"test-liaison-{iso3.lower()}", password="x-pass-1234", country_id=iso3)
    user.groups.add(Group.objects.get(name="Country liaison"))
    client = Client()
    client.force_login(user)
    verify_session(client, user)  # a liaison signs in with a second factor
    return client


@pytest.mark.parametrize("on", [ON, datetime.date(2025, 9, 30)], ids=str)
def test_guatemalas_demo_roll_is_shown_beside_its_movements(signed_in, guatemala, on):
    roll, movements = in_strength_on_the_roll(guatemala, on), from_movements(guatemala, on)
    assert roll > 100  # the demo's synthetic roll is there on both dates
    html = dashboard(signed_in("j1"), on)
    difference = "0" if roll == movements else f"⚠ {roll - movements:+,}".replace("-", "−")
    assert roll_cells(html, "GTM", "military") == (f"{roll:,}", difference)
    assert roll_cells(html, "KEN", "fpu") == ("", "")  # Kenya keeps no roll in the demo: movements only
    assert roll_total_cells(html) == (f"{roll:,}", difference)
    assert 'id="roll-note"' in html and "aggregates only" not in html


def test_the_exports_carry_the_roll_columns(signed_in, guatemala):
    client, roll = signed_in("j1"), in_strength_on_the_roll(guatemala, ON)
    movements = from_movements(guatemala, ON)
    text = client.get("/dashboard/MSS/strength.csv", {"on": ON.isoformat()}).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-2:] == ["From the roll (in strength)", "Roll − movements"]
    gtm = next(r for r in rows if r[1] == "GTM" and r[2] == "Military unit")
    assert gtm[6] == str(movements) and gtm[-2:] == [str(roll), str(roll - movements)]
    ken = next(r for r in rows if r[1] == "KEN" and r[2] == "Formed police unit")
    assert ken[-2:] == ["", ""]
    assert rows[-1] == ["Mission total (contingents with a roll)", "", "", "", "", "", str(movements), "", "",
                        str(roll), str(roll - movements)]
    book = load_workbook(io.BytesIO(client.get("/dashboard/MSS/strength.xlsx", {"on": ON.isoformat()}).content))
    sheet = list(book["Strength"].iter_rows(values_only=True))
    assert next(r for r in sheet if r[1] == "GTM" and r[2] == "Military unit")[-2:] == (roll, roll - movements)
    pdf = client.get("/dashboard/MSS/strength.pdf", {"on": ON.isoformat()})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_killed_officer_leaves_the_strength_on_the_roll_and_the_difference_is_flagged(signed_in, guatemala):
    before = in_strength_on_the_roll(guatemala, ON)
    assert before == from_movements(guatemala, ON)
    tour = Tour.objects.get(contingent=guatemala, person__service_number="SAMPLE-007")
    duty_status_set(user=None, tours=[tour], since=datetime.date(2025, 2, 3), status=DutyStatus.Status.KILLED,
                    reason="Test: killed in an ambush")
    assert in_strength_on_the_roll(guatemala, ON) == before - 1
    html = dashboard(signed_in("j1"))
    assert roll_cells(html, "GTM", "military") == (f"{before - 1:,}", "⚠ −1")
    assert roll_total_cells(html) == (f"{before - 1:,}", "⚠ −1")
    # The mission total stays from movements: the movements record no death.
    assert re.search(r'id="mission-total">1,080<', html)


def test_a_donor_sees_a_small_roll_cell_as_less_than_5_and_the_personnel_officer_sees_it(signed_in, kenya):
    for n in range(3):
        officer(kenya, n)
    donor = dashboard(signed_in("donor-usa"))
    # Kenya's 3 is small: "<5"; its difference would give it back beside the movements: withheld, "x".
    assert roll_cells(donor, "KEN", "fpu") == ("<5", "x")
    # Guatemala's 150 goes too, since with the total beside it it would give Kenya's 3 away; but it is not
    # small, so it is marked withheld ("x"), never "<5".
    assert roll_cells(donor, "GTM", "military") == ("x", "x")
    assert roll_total_cells(donor) == ("153", "⚠ −758")
    assert "Roll figures as aggregates only" in donor and "Testname" not in donor
    assert "“<5”" in html_module.unescape(donor) and "“x”" in donor  # the note explains both marks
    exported = signed_in("donor-usa").get("/dashboard/MSS/strength.csv", {"on": ON.isoformat()}).content.decode()
    rows = list(csv.reader(io.StringIO(exported)))
    kenya_row = next(r for r in rows if r[1] == "KEN" and r[2] == "Formed police unit")
    assert kenya_row[-2:] == ["<5", "x"]
    assert next(r for r in rows if r[1] == "GTM" and r[2] == "Military unit")[-2:] == ["x", "x"]
    book = load_workbook(io.BytesIO(signed_in("donor-usa").get("/dashboard/MSS/strength.xlsx",
                                                               {"on": ON.isoformat()}).content))
    sheet = list(book["Strength"].iter_rows(values_only=True))
    assert next(r for r in sheet if r[1] == "KEN" and r[2] == "Formed police unit")[-2:] == ("<5", "x")
    assert next(r for r in sheet if r[1] == "GTM" and r[2] == "Military unit")[-2:] == ("x", "x")
    j1 = dashboard(signed_in("j1"))
    assert roll_cells(j1, "KEN", "fpu") == ("3", "⚠ −758")
    assert "aggregates only" not in j1


def test_a_guatemala_or_jamaica_liaison_does_not_see_kenyas_roll(signed_in, kenya, guatemala):
    for n in range(12):
        officer(kenya, n)
    gtm = in_strength_on_the_roll(guatemala, ON)
    html = dashboard(signed_in("liaison-gtm"))
    assert roll_cells(html, "KEN", "fpu") is None and "Kenya" not in html.split('id="strength-table"')[1]
    assert roll_cells(html, "GTM", "military")[0] == f"{gtm:,}"
    assert roll_total_cells(html)[0] == f"{gtm:,}"  # not Guatemala's and Kenya's 12 together
    jamaica = dashboard(liaison_of("JAM"))
    assert "From the roll" not in jamaica and 'data-country="KEN"' not in jamaica
    assert roll_cells(dashboard(signed_in("liaison-ken")), "KEN", "fpu") == ("12", "⚠ −749")


def test_a_roll_with_people_on_it_before_any_movement_shows_its_row(signed_in, kenya):
    """Kenya's first movement is the arrival of 25 June 2024; a roll that has someone there earlier says so."""
    officer(kenya, 1, arrival=datetime.date(2024, 6, 1))
    html = dashboard(signed_in("j1"), datetime.date(2024, 6, 10))
    assert from_movements(kenya, datetime.date(2024, 6, 10)) == 0
    assert roll_cells(html, "KEN", "fpu") == ("1", "⚠ +1")


@pytest.mark.parametrize("username", ["j1", "donor-usa"])
def test_the_dashboard_issues_the_same_queries_whatever_the_size_of_the_roll(signed_in, kenya, username):
    client = signed_in(username)
    dashboard(client)  # warm the caches a first request fills (content types, session)
    with CaptureQueriesContext(connection) as small:
        dashboard(client)
    people = Person.objects.bulk_create(
        Person(country_id="KEN", service_number=f"KEN-B{n}", family_name=f"Bulk{n}", rank="Constable",
               grade="OR-3", sex="female" if n % 4 == 0 else "male") for n in range(600))
    tours = Tour.objects.bulk_create(
        Tour(person=p, contingent=kenya, arrival=datetime.date(2024, 6, 25) + datetime.timedelta(days=n % 200),
             planned_end=datetime.date(2025, 6, 25)) for n, p in enumerate(people))
    DutyStatus.objects.bulk_create(
        DutyStatus(tour=t, since=datetime.date(2025, 1, 1), status=("leave", "killed", "hospitalized")[n % 3])
        for n, t in enumerate(tours) if n % 2)
    with CaptureQueriesContext(connection) as big:
        html = dashboard(client)
    assert roll_cells(html, "KEN", "fpu")[0] == f"{in_strength_on_the_roll(kenya, ON):,}"
    assert len(big) == len(small) <= 16, f"{len(small)} queries with a small roll, {len(big)} with a big one"
