"""Postings: named officers of the nominal roll at a site from a date, and the personnel by site they give.

Kenya keeps a roll here (its officers are counted where they are posted); Jamaica does not (its assignments
count). Every figure below is worked out by hand in the comments.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from muster.core.models import ObjectChange, User
from muster.core.roles import roles_ensure
from muster.force import imports
from muster.force.models import DutyStatus, Person, Posting, SiteAssignment, Tour
from muster.force.selectors import personnel_by_site
from muster.force.services import duty_status_set, postings_set, roll_import
from muster.places.models import Site
from tests.two_factor import verify_session

from .helpers import contingent, site

D = datetime.date
ARRIVAL = D(2024, 6, 25)
_numbers = iter(range(1, 100_000))


def officer(iso3="KEN", *, arrival=ARRIVAL, departure=None, name=None):
    number = next(_numbers)
    person = Person.objects.create(country_id=iso3, service_number=f"T{number:05d}",
                                   family_name=name or f"Testname{number:05d}", given_names="Synthetic",
                                   rank="Constable", grade="OR-3", sex="male")
    return Tour.objects.create(person=person, contingent=contingent(country=iso3), arrival=arrival,
                               planned_end=D(2025, 6, 25), departure=departure,
                               departure_reason="end_of_tour" if departure else "")


@pytest.fixture
def places(empty_world):
    """MSS headquarters (open throughout) and a forward base opened on 28 Nov 2024; a GSF site elsewhere."""
    hq = site()
    fob = site(name="Forward base", kind=Site.Kind.FOB, lat="18.556", lon="-72.339")
    Site.objects.filter(pk=fob.pk).update(opened=D(2024, 11, 28))
    fob.refresh_from_db()
    gsf = site(in_scope=False, name="GSF headquarters")
    return hq, fob, gsf


def counts(on, **sites):
    rows = {r["pk"]: r for r in personnel_by_site(sites=Site.objects.filter(mission__code="MSS"), on=on)}
    return {name: (rows[s.pk]["posted"], rows[s.pk]["assigned"], rows[s.pk]["personnel"])
            for name, s in sites.items()}


# --- The rules of a posting ------------------------------------------------------------------------------------


def test_a_posting_before_arrival_after_departure_or_before_the_site_opens_is_refused(places):
    hq, fob, _gsf = places
    tour = officer(departure=D(2025, 3, 1))
    for since, site_, message in [(D(2024, 6, 24), hq, "outside the tour"),
                                  (D(2025, 3, 1), hq, "outside the tour"),  # gone that night: not on the roll
                                  (D(2024, 11, 27), fob, "opened on 2024-11-28")]:
        with pytest.raises(ValidationError) as refused:
            Posting(tour=tour, site=site_, since=since).full_clean()
        assert message in str(refused.value)
    Posting(tour=tour, site=fob, since=D(2024, 11, 28)).full_clean()  # the day it opens is fine


def test_a_site_of_another_mission_and_two_postings_the_same_day_are_refused(places):
    hq, fob, gsf = places
    tour = officer()
    with pytest.raises(ValidationError, match="GSF headquarters is a site of GSF; this tour is in MSS"):
        Posting(tour=tour, site=gsf, since=D(2024, 7, 1)).full_clean()
    Posting.objects.create(tour=tour, site=hq, since=D(2024, 12, 1))
    with pytest.raises(ValidationError, match="already posted to MSS headquarters from 2024-12-01"):
        Posting(tour=tour, site=fob, since=D(2024, 12, 1)).full_clean()


def test_posting_officers_together_is_all_or_nothing_and_names_who_cannot_go(places):
    hq, fob, _gsf = places
    early, late = officer(name="Early"), officer(name="Late", arrival=D(2024, 12, 10))
    with pytest.raises(ValidationError, match="LATE, Synthetic"):
        postings_set(user=None, tours=[early, late], site=fob, since=D(2024, 12, 1))
    assert not Posting.objects.exists()
    postings_set(user=None, tours=[early, late], site=fob, since=D(2024, 12, 10), reason="Relief")
    # Again the same day, elsewhere: that day's posting is corrected, not doubled.
    postings_set(user=None, tours=[early], site=hq, since=D(2024, 12, 10))
    assert sorted(Posting.objects.values_list("tour__person__family_name", "site__name")) == [
        ("Early", "MSS headquarters"), ("Late", "Forward base")]


# --- Personnel by site --------------------------------------------------------------------------------------


def test_a_contingent_with_a_roll_counts_by_its_postings_and_one_without_by_its_assignments(places):
    hq, fob, _gsf = places
    kenya = [officer() for _ in range(5)]
    # Kenya's assignment from before it kept a roll: superseded by the roll, never added to it.
    SiteAssignment.objects.create(site=hq, contingent=contingent(), personnel=400, since=ARRIVAL)
    SiteAssignment.objects.create(site=fob, contingent=contingent(country="JAM"), personnel=20, since=D(2024, 12, 1))
    postings_set(user=None, tours=kenya, site=hq, since=ARRIVAL)
    postings_set(user=None, tours=kenya[:2], site=fob, since=D(2024, 12, 15))
    officer()  # on the roll, posted nowhere: counted at no site

    # 1 Dec: five Kenyans at headquarters; 20 Jamaicans assigned to the forward base.
    assert counts(D(2024, 12, 1), hq=hq, fob=fob) == {"hq": (5, 0, 5), "fob": (0, 20, 20)}
    # 15 Dec: two Kenyans moved to the forward base that day.
    assert counts(D(2024, 12, 15), hq=hq, fob=fob) == {"hq": (3, 0, 3), "fob": (2, 20, 22)}
    # Before anyone was posted (and before Jamaica's assignment): nobody anywhere, not Kenya's 400.
    assert counts(D(2024, 6, 24), hq=hq, fob=fob) == {"hq": (0, 0, 0), "fob": (0, 0, 0)}
    order = [r["name"] for r in personnel_by_site(sites=Site.objects.filter(mission__code="MSS"),
                                                  on=D(2024, 12, 15))]
    assert order == ["Forward base", "MSS headquarters"]  # most personnel first


def test_an_officer_killed_medically_evacuated_or_gone_is_no_longer_counted_at_the_site(places):
    hq, _fob, _gsf = places
    tours = [officer() for _ in range(4)] + [officer(departure=D(2025, 2, 1))]
    postings_set(user=None, tours=tours, site=hq, since=ARRIVAL)
    duty_status_set(user=None, tours=[tours[0]], since=D(2025, 1, 10), status=DutyStatus.Status.KILLED)
    duty_status_set(user=None, tours=[tours[1]], since=D(2025, 1, 12), status=DutyStatus.Status.MEDEVAC)
    duty_status_set(user=None, tours=[tours[2]], since=D(2025, 1, 12), status=DutyStatus.Status.HOSPITALIZED)
    assert counts(D(2025, 1, 9), hq=hq) == {"hq": (5, 0, 5)}
    assert counts(D(2025, 1, 12), hq=hq) == {"hq": (3, 0, 3)}  # hospitalized is still in strength
    assert counts(D(2025, 2, 1), hq=hq) == {"hq": (2, 0, 2)}  # the fifth left that day


def test_personnel_by_site_takes_the_same_queries_for_10_and_500_officers(places):
    hq, fob, _gsf = places
    SiteAssignment.objects.create(site=fob, contingent=contingent(country="JAM"), personnel=20, since=ARRIVAL)

    def add(n):
        person_of = Person.objects.bulk_create(
            Person(country_id="KEN", service_number=f"Q{next(_numbers):06d}", family_name="Testname",
                   rank="Constable", grade="OR-3", sex="female") for _ in range(n))
        tours = Tour.objects.bulk_create(Tour(person=p, contingent=contingent(), arrival=ARRIVAL,
                                              planned_end=D(2025, 6, 25)) for p in person_of)
        Posting.objects.bulk_create(Posting(tour=t, site=hq if i % 5 else fob, since=ARRIVAL)
                                    for i, t in enumerate(tours))
        DutyStatus.objects.bulk_create(DutyStatus(tour=t, since=D(2024, 9, 1), status=DutyStatus.Status.LEAVE)
                                       for t in tours[::2])

    def measured():
        with CaptureQueriesContext(connection) as queries:
            rows = list(personnel_by_site(sites=Site.objects.filter(mission__code="MSS"), on=D(2024, 10, 1)))
        return len(queries), {r["name"]: r["personnel"] for r in rows}

    add(10)
    few = measured()
    add(490)
    many = measured()
    assert few == (1, {"MSS headquarters": 8, "Forward base": 2 + 20})
    assert many == (1, {"MSS headquarters": 400, "Forward base": 100 + 20})


# --- Need to know ------------------------------------------------------------------------------------------


@pytest.fixture
def kenyan_postings(signed_in):
    """Two Kenyan officers posted to the demo's MSS base (the demo roll is Guatemala's)."""
    base = Site.objects.get(mission__code="MSS", name__startswith="MSS base")
    kenya = contingent()  # the demo's Kenyan FPU
    tours = [officer(name=name) for name in ("Kenyanone", "Kenyantwo")]
    assert {t.contingent_id for t in tours} == {kenya.pk}
    return postings_set(user=None, tours=tours, site=base, since=D(2024, 7, 1))


def liaison(iso3):
    user = User.objects.create_user(f"liaison-{iso3.lower()}-test", password="x-pass-1234", country_id=iso3)
    user.groups.add(Group.objects.get(name="Country liaison"))
    return user


def test_a_jamaica_liaison_cannot_see_kenyas_postings_by_page_or_api(kenyan_postings):
    posting = kenyan_postings[0]
    client = Client()
    jamaica = liaison("JAM")
    client.force_login(jamaica)
    verify_session(client, jamaica)  # a liaison signs in with a second factor
    listed = client.get("/logistics/postings/", {"per_page": 500})
    assert listed.status_code == 200 and "KENYANONE" not in listed.content.decode()
    assert client.get(posting.get_absolute_url()).status_code == 404
    assert client.get(f"/logistics/postings/{posting.pk}/edit/").status_code == 404
    api = APIClient()
    api.force_authenticate(User.objects.get(username="liaison-jam-test"))
    assert api.get("/api/postings/").json()["count"] == 0
    assert api.get(f"/api/postings/{posting.pk}/").status_code == 404
    # Kenya's liaison sees Kenya's two.
    kenya = APIClient()
    kenya.force_authenticate(liaison("KEN"))
    assert kenya.get("/api/postings/", {"country": "KEN"}).json()["count"] == 2


def test_the_logistics_officer_sees_the_counts_on_the_map_but_no_posting(signed_in, kenyan_postings):
    j4 = signed_in("j4")
    # 1 Mar 2025 at the MSS base: the demo assigns Kenya 400 + 200 there, but with this test's two officers Kenya
    # keeps a roll, so its two postings count instead; and Guatemala's 40 of 150 who stayed at the base when 110
    # moved to the forward base on 21 Jan (Guatemala's assignment of 150 there gives way to its roll too).
    rows = {r["name"]: r for r in personnel_by_site(sites=Site.objects.filter(mission__code="MSS"),
                                                    on=D(2025, 3, 1))}
    assert (rows["MSS base, Toussaint Louverture International Airport"]["posted"],
            rows["MSS base, Toussaint Louverture International Airport"]["assigned"]) == (2 + 40, 0)
    assert rows["Third forward operating base (IGPNH, Delmas 2)"]["personnel"] == 110
    page = j4.get("/logistics/map/MSS/", {"on": "2025-03-01"}).content.decode()
    assert ">42<" in page and ">110<" in page
    base = Site.objects.get(name__startswith="MSS base")
    detail = j4.get(base.get_absolute_url(), {"on": "2025-03-01"}).content.decode()
    assert 'id="posted-count">42<' in detail and "KENYANONE" not in detail and "SAMPLE OFFICER" not in detail
    assert j4.get("/logistics/postings/").status_code == 403
    assert j4.get(kenyan_postings[0].get_absolute_url()).status_code == 404
    assert j4.get("/logistics/postings/set/").status_code == 403
    api = APIClient()
    api.force_authenticate(User.objects.get(username="j4"))
    assert api.get("/api/postings/").status_code == 403
    # The personnel officer sees the names on the same page.
    j1 = signed_in("j1").get(base.get_absolute_url(), {"on": "2025-03-01"}).content.decode()
    assert "KENYANONE" in j1 and "SAMPLE OFFICER 150" in j1 and "SAMPLE OFFICER 001" not in j1


def test_the_personnel_officer_posts_officers_from_the_page_all_or_nothing(signed_in):
    client = signed_in("j1")
    fob = Site.objects.get(name__startswith="Third forward operating base")
    # The 40 who stayed at the base: officers 111 to 150; 111 to 113 arrived on 4 Jan, 75 and before on 3 Jan.
    tours = list(Tour.objects.filter(contingent__mission__code="MSS", person__service_number__in=[
        "SAMPLE-074", "SAMPLE-111", "SAMPLE-112"]).order_by("person__service_number"))
    page = client.get("/logistics/postings/set/", {"mission": "MSS"})
    assert page.status_code == 200
    refused = client.post("/logistics/postings/set/", {"mission": "MSS", "site": fob.pk, "since": "2025-01-03",
                                                       "tours": [t.pk for t in tours], "reason": "Reinforcement"})
    assert "SAMPLE OFFICER 111" in refused.content.decode() and "outside the tour" in refused.content.decode()
    assert Posting.objects.filter(site=fob, since=D(2025, 1, 3)).count() == 0
    before = counts(D(2025, 3, 1), fob=fob)["fob"]
    posted = client.post("/logistics/postings/set/", {"mission": "MSS", "site": fob.pk, "since": "2025-02-01",
                                                      "tours": [t.pk for t in tours], "reason": "Reinforcement"})
    assert posted.status_code == 302
    # SAMPLE-074 was already there (1-110 moved on 21 Jan): still counted once; 111 and 112 join.
    assert counts(D(2025, 3, 1), fob=fob)["fob"] == (before[0] + 2, 0, before[2] + 2)
    change = ObjectChange.objects.filter(object_type__model="posting").latest("pk")
    assert change.user.username == "j1" and change.message == "Reinforcement"


# --- The roll's Site column ----------------------------------------------------------------------------------


def roll_csv(rows, site_header="Lieu d'affectation"):
    lines = [f"Svc No,Surname,Rank,NATO grade,Sex,Arrival,{site_header}"]
    lines += [f"{number},{name},Constable,OR-3,M,{arrival},{where}" for number, name, arrival, where in rows]
    return imports.roll_rows_read(content="\n".join(lines).encode(), filename="roll.csv")


ROWS = [("KE1", "Testone", "2024-06-25", "mss HEADQUARTERS"), ("KE2", "Testtwo", "2024-06-25", "Forward Base"),
        ("KE3", "Testthree", "2024-12-10", "FORWARD-BASE"), ("KE4", "Testfour", "2024-06-25", "")]


def test_the_site_column_posts_each_officer_from_arrival_and_names_an_unknown_site(places):
    hq, fob, _gsf = places
    kenya = contingent()
    bad = roll_csv([*ROWS[:2], ("KE9", "Testnine", "2024-06-25", "Camp Nowhere")])
    result = roll_import(user=None, contingent=kenya, roll=bad)
    assert [str(e) for e in result.errors] == [
        "Row 4, column Lieu d'affectation: no site of MSS you may see is called “Camp Nowhere”; known: Forward "
        "base; MSS headquarters."]
    assert not Posting.objects.exists() and not Tour.objects.exists()

    result = roll_import(user=None, contingent=kenya, roll=roll_csv(ROWS), filename="roll.csv",
                         as_of=D(2025, 1, 15))
    assert result.committed and (result.tours_created, result.postings_created) == (4, 3)
    postings = {p.tour.person.service_number: (p.site.name, p.since) for p in Posting.objects.all()}
    assert postings == {"KE1": ("MSS headquarters", D(2024, 6, 25)),
                        "KE2": ("Forward base", D(2024, 11, 28)),  # arrived before the base opened
                        "KE3": ("Forward base", D(2024, 12, 10))}  # KE4: no site given, posted nowhere
    logged = ObjectChange.objects.filter(request_id=result.request_id, object_type__model="posting")
    assert logged.count() == 3 and {c.message for c in logged} == {"Roll import: roll.csv"}
    assert counts(D(2025, 1, 15), hq=hq, fob=fob) == {"hq": (1, 0, 1), "fob": (2, 0, 2)}


def test_importing_the_same_roll_again_changes_nothing_and_a_new_site_moves_the_officer_that_day(places):
    hq, fob, _gsf = places
    kenya = contingent()
    roll_import(user=None, contingent=kenya, roll=roll_csv(ROWS), as_of=D(2025, 1, 15))
    changes = ObjectChange.objects.count()
    again = roll_import(user=None, contingent=kenya, roll=roll_csv(ROWS), as_of=D(2025, 2, 1))
    assert again.changed == 0 and again.unchanged == 4 and ObjectChange.objects.count() == changes

    moved = [("KE1", "Testone", "2024-06-25", "Forward base"), *ROWS[1:]]
    preview = roll_import(user=None, contingent=kenya, roll=roll_csv(moved), as_of=D(2025, 2, 1), commit=False)
    assert (preview.postings_created, preview.unchanged) == (1, 3) and Posting.objects.count() == 3
    roll_import(user=None, contingent=kenya, roll=roll_csv(moved), as_of=D(2025, 2, 1))
    history = list(Posting.objects.filter(tour__person__service_number="KE1").values_list("site__name", "since"))
    assert history == [("MSS headquarters", D(2024, 6, 25)), ("Forward base", D(2025, 2, 1))]
    assert counts(D(2025, 1, 31), hq=hq)["hq"] == (1, 0, 1) and counts(D(2025, 2, 1), hq=hq)["hq"] == (0, 0, 0)

    # A mistake corrected the same day: that day's posting changes site, no second one.
    back = roll_import(user=None, contingent=kenya, roll=roll_csv(ROWS), as_of=D(2025, 2, 1))
    assert (back.postings_created, back.postings_updated) == (0, 1)
    assert Posting.objects.get(tour__person__service_number="KE1", since=D(2025, 2, 1)).site == hq
    assert ObjectChange.objects.filter(request_id=back.request_id, action="update",
                                       object_type__model="posting").count() == 1


def test_a_roll_with_the_site_column_is_read_in_any_of_its_spellings():
    for header in ("Site", "LOCATION", "Deployed at", "Base de operaciones", "Ubicación", "lieu"):
        csv = f"Svc No,Surname,Rank,NATO grade,Sex,Arrival,{header}\nKE1,Test,Constable,OR-3,M,2024-06-25,HQ\n"
        assert imports.roll_rows_read(content=csv.encode(), filename="r.csv").headers["site"] == header


def test_the_jamaica_liaison_posts_their_officers_to_the_missions_sites_by_name(places):
    roles_ensure()
    user = User.objects.create_user("liaison-jam", password="x-pass-1234", country_id="JAM")
    user.groups.add(Group.objects.get(name="Country liaison"))
    jamaica = contingent(country="JAM")
    wrong = roll_import(user=user, contingent=jamaica, roll=roll_csv([("JM1", "Testone", "2024-06-25", "GSF HQ")]))
    assert [e.message for e in wrong.errors] == [
        "no site of MSS you may see is called “GSF HQ”; known: Forward base; MSS headquarters."]
    result = roll_import(user=user, contingent=jamaica,
                         roll=roll_csv([("JM1", "Testone", "2024-06-25", "mss HEADQUARTERS")]))
    assert result.committed and Posting.objects.get(tour__contingent=jamaica).site == places[0]


def test_the_roll_template_has_the_site_column():
    roll = imports.roll_rows_read(content=imports.roll_template(fmt="csv"), filename="template.csv")
    assert roll.rows[0][1]["site"] == "MSS base"


def test_the_import_page_reports_the_postings_it_will_make(signed_in):
    kenya = contingent()
    client = signed_in("j1")
    content = (b"Svc No,Surname,Rank,NATO grade,Sex,Arrival,Site\n"
               b"KE1,Testone,Constable,OR-3,M,2024-06-25,Third forward operating base (IGPNH Delmas 2)\n")
    upload = io.BytesIO(content)
    upload.name = "kenya.csv"
    preview = client.post("/roll/import/", {"contingent": kenya.pk, "file": upload})
    assert preview.context["result"].postings_created == 1
    assert "Officers to post to a site" in preview.content.decode()


def test_the_site_column_costs_the_same_queries_for_5_and_50_rows(places):
    kenya = contingent()

    def queries_for(first, count):
        rows = [(f"KE{n}", f"Test{n}", "2024-06-25", "MSS headquarters" if n % 2 else "Forward base")
                for n in range(first, first + count)]
        with CaptureQueriesContext(connection) as queries:
            result = roll_import(user=None, contingent=kenya, roll=roll_csv(rows), as_of=D(2025, 1, 15))
        assert result.committed and result.postings_created == count
        return len(queries)

    assert queries_for(0, 5) == queries_for(100, 50)


def test_a_liaison_sees_the_sites_with_only_their_own_countrys_people(signed_in):
    # 1 Mar 2025, from the demo: at the MSS base Kenya is assigned 400 + 200 (no Kenyan roll) and 40 of
    # Guatemala's sample roll are posted there; 110 Guatemalans are at the third forward operating base.
    base, fob = "MSS base, Toussaint Louverture International Airport", "Third forward operating base (IGPNH, Delmas 2)"
    everyone = {r["name"]: r["personnel"] for r in personnel_by_site(sites=Site.objects.filter(mission__code="MSS"),
                                                                     on=D(2025, 3, 1))}
    assert (everyone[base], everyone[fob]) == (600 + 40, 110)
    for username, at_base, at_fob in (("liaison-ken", 600, 0), ("liaison-gtm", 40, 110)):
        page = signed_in(username).get("/logistics/map/MSS/", {"on": "2025-03-01"})
        assert page.status_code == 200
        table = page.content.decode()
        table = table[table.index("<table"):]
        assert f">{at_base}<" in table and ">640<" not in table, username
        assert (f">{at_fob}<" in table) if at_fob else ">110<" not in table, username
        links = page.content.decode()
        assert "/logistics/postings/?mission=MSS" in links and "/logistics/vehicles/" not in links  # not the fleet
    j4_page = signed_in("j4").get("/logistics/map/MSS/", {"on": "2025-03-01"}).content.decode()
    assert "/logistics/vehicles/" in j4_page and "/logistics/postings/?" not in j4_page


def test_the_personnel_by_site_endpoint_counts_what_the_map_counts(signed_in):
    from muster.core.testing import DocumentedAPIClient

    base, fob = "MSS base, Toussaint Louverture International Airport", "Third forward operating base (IGPNH, Delmas 2)"
    for username, at_base, at_fob in (("j4", 600 + 40, 110), ("liaison-gtm", 40, 110), ("liaison-ken", 600, 0)):
        api = DocumentedAPIClient()
        api.force_authenticate(User.objects.get(username=username))
        data = api.get("/api/logistics/personnel-by-site/", {"mission": "MSS", "on": "2025-03-01"}).json()
        by_name = {row["name"]: row for row in data["sites"]}
        assert (by_name[base]["personnel"], by_name[fob]["personnel"]) == (at_base, at_fob), username
        assert data["sites"][0]["personnel"] == max(at_base, at_fob)  # most first
    api = DocumentedAPIClient()
    api.force_authenticate(User.objects.get(username="j4"))
    j4 = {r["name"]: r for r in api.get("/api/logistics/personnel-by-site/",
                                        {"mission": "MSS", "on": "2025-03-01"}).json()["sites"]}
    assert (j4[base]["posted"], j4[base]["assigned"], j4[base]["adm2"]) == (40, 600, "HT0118")
    donor = DocumentedAPIClient()
    donor.force_authenticate(User.objects.get(username="donor-usa"))  # follows its vehicles, not the bases
    assert donor.get("/api/logistics/personnel-by-site/", {"mission": "MSS"}).status_code == 403
