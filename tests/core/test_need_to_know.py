"""What an outside tester found leaking through the API and the pages, each reproduced as the demo's
Guatemala liaison: nothing of another country reaches them, by any door, in any message, status or figure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient, api_errors
from muster.force.models import Contingent, Movement, Person, Tour
from muster.sources.models import Claim, Source

pytestmark = pytest.mark.django_db

NO_SUCH_ID = 987_654_321


@pytest.fixture
def liaison_api(demo):
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="liaison-gtm"))
    return client


@pytest.fixture
def kenya():
    return Contingent.objects.get(mission__code="MSS", country="KEN")


def test_a_departure_from_kenyas_contingent_is_refused_as_if_it_did_not_exist(liaison_api, kenya):
    source = Source.objects.first()
    payload = {"kind": "departure", "date": "2025-02-06", "count": 100000, "source": source.pk}
    kenyan = liaison_api.post("/api/movements/", payload | {"contingent": kenya.pk}, format="json")
    nowhere = liaison_api.post("/api/movements/", payload | {"contingent": NO_SUCH_ID}, format="json")
    assert kenyan.status_code == nowhere.status_code == 400
    assert set(api_errors(kenyan)) == set(api_errors(nowhere)) == {"contingent"}
    assert api_errors(kenyan)["contingent"] == [m.replace(str(NO_SUCH_ID), str(kenya.pk))
                                           for m in api_errors(nowhere)["contingent"]]
    assert "personnel" not in kenyan.content.decode() and "Kenya" not in kenyan.content.decode()


def test_a_tour_for_a_kenyan_officer_names_nobody(liaison_api, kenya):
    officer = Person.objects.create(country_id="KEN", service_number="KE-1001", family_name="Otieno",
                                    given_names="Joseph", rank="Inspector", grade="OF-2", sex="male")
    guatemala = Contingent.objects.get(mission__code="MSS", country="GTM")
    response = liaison_api.post("/api/tours/", {"person": officer.pk, "contingent": guatemala.pk,
                                                "arrival": "2025-01-04"}, format="json")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Otieno" not in text and "KE-1001" not in text and "Inspector" not in text and "KEN" not in text


def test_a_claim_about_guatemala_and_kenya_together_shows_the_liaison_no_computed_figure(signed_in, liaison_api):
    mss = Contingent.objects.get(mission__code="MSS", country="GTM").mission_id
    claim = Claim.objects.create(source=Source.objects.first(), mission_id=mss, metric=Claim.Metric.STRENGTH,
                                 as_of=datetime.date(2025, 2, 6), value=900)
    claim.countries.set(["GTM", "KEN"])
    officer = DocumentedAPIClient()
    officer.force_authenticate(User.objects.get(username="j1"))
    assert officer.get(f"/api/claims/{claim.pk}/").json()["computed"] == 911  # Guatemala's 150 + Kenya's 761
    seen = liaison_api.get(f"/api/claims/{claim.pk}/").json()
    assert seen["computed"] is None and seen["difference"] is None
    page = signed_in("liaison-gtm").get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    assert "911" not in page and "countries you may not see" in page


def test_the_bahamas_and_belize_claim_of_the_demo_hides_its_computed_figure_from_the_bahamas_liaison(demo):
    from muster.force.selectors import claims_reconciled

    liaison = User.objects.get(username="liaison-gtm")
    liaison.country_id = "BHS"
    two = Claim.objects.filter(countries="BHS").filter(countries="BLZ")
    assert claims_reconciled(claims=two).get().computed is not None
    mine = claims_reconciled(claims=Claim.objects.restrict(liaison, "view").filter(pk__in=two), user=liaison).get()
    assert mine.computed is None and mine.difference is None


def test_validation_of_an_out_of_scope_record_reads_as_of_a_record_that_does_not_exist(liaison_api, kenya):
    other = Contingent.objects.get(mission__code="GSF", country="GTM")
    kenyan = liaison_api.patch(f"/api/contingents/{other.pk}/", {"predecessor": kenya.pk, "version": other.version},
                               format="json")
    nowhere = liaison_api.patch(f"/api/contingents/{other.pk}/", {"predecessor": NO_SUCH_ID,
                                                                  "version": other.version}, format="json")
    assert kenyan.status_code == nowhere.status_code == 400
    assert api_errors(kenyan)["predecessor"] == [m.replace(str(NO_SUCH_ID), str(kenya.pk))
                                            for m in api_errors(nowhere)["predecessor"]]


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_every_method_on_a_kenyan_movement_answers_404_like_a_movement_that_does_not_exist(liaison_api, kenya,
                                                                                          method):
    movement = kenya.movements.first()
    kenyan = getattr(liaison_api, method)(f"/api/movements/{movement.pk}/", {"version": 1}, format="json")
    nowhere = getattr(liaison_api, method)(f"/api/movements/{NO_SUCH_ID}/", {"version": 1}, format="json")
    assert kenyan.status_code == nowhere.status_code == 404
    assert kenyan.json() == nowhere.json()
    assert Movement.objects.filter(pk=movement.pk).exists()


def test_a_donor_reads_a_vehicle_it_did_not_give_as_one_that_does_not_exist(demo):
    from muster.logistics.models import Vehicle

    donor = DocumentedAPIClient()
    donor.force_authenticate(User.objects.get(username="donor-usa"))
    not_theirs = Vehicle.objects.exclude(owner__name="United States Department of State").first()
    for method in ("get", "patch", "delete"):
        kenyan = getattr(donor, method)(f"/api/vehicles/{not_theirs.pk}/", {"version": 1}, format="json")
        nowhere = getattr(donor, method)(f"/api/vehicles/{NO_SUCH_ID}/", {"version": 1}, format="json")
        assert kenyan.status_code == nowhere.status_code == 404, method


def test_the_funding_exports_refuse_a_liaison_as_the_funding_pages_do(signed_in):
    client = signed_in("liaison-gtm")
    assert client.get(reverse("funding:fundingflow_list")).status_code == 403
    for what in ("transactions", "contracts"):
        assert client.get(reverse("funding:hxl_export", args=["MSS", what])).status_code == 403, what


def test_the_liaisons_home_page_speaks_of_guatemalas_contingents_not_the_mission(signed_in):
    html = signed_in("liaison-gtm").get("/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    assert "Guatemala’s contingents" in html or "Guatemala's contingents" in html
    assert "Mission total" not in html and "filled" not in html
    officer = signed_in("j1").get("/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    assert "Mission total" in officer


def test_the_roll_import_changes_people_only_for_someone_who_may_change_them(demo):
    """Adding is not changing: a roll that corrects a known officer needs the grant to change people and tours."""
    from muster.core.testing import make_user
    from muster.force.imports import roll_rows_read
    from muster.force.services import roll_import

    roll = ["force.person", "force.tour"]
    adds_only = make_user("adds-only", grants=[(roll, ["view", "add"], {"country": "GTM"}),
                                               (["force.contingent"], ["view"], {"country": "GTM"})])
    changes_too = make_user("changes-too", grants=[(roll, ["view", "add", "change"], {"country": "GTM"}),
                                                   (["force.contingent"], ["view"], {"country": "GTM"})])
    guatemala = Contingent.objects.get(mission__code="MSS", country="GTM")
    tour = Tour.objects.filter(contingent=guatemala).select_related("person").first()
    content = ("Service number,Family name,Given names,Rank,NATO grade,Sex,Arrival\n"
               f"{tour.person.service_number},{tour.person.family_name},Changed,{tour.person.rank},"
               f"{tour.person.grade},{tour.person.sex},{tour.arrival.isoformat()}\n").encode()
    with pytest.raises(PermissionDenied, match="outside what you may change"):
        roll_import(user=adds_only, contingent=guatemala, roll=roll_rows_read(content=content, filename="r.csv"))
    tour.person.refresh_from_db()
    assert tour.person.given_names != "Changed"
    result = roll_import(user=changes_too, contingent=guatemala,
                         roll=roll_rows_read(content=content, filename="r.csv"))
    assert result.committed and result.people_updated == 1
    tour.person.refresh_from_db()
    assert tour.person.given_names == "Changed"


def _form_errors(response):
    return {name: [str(m) for m in messages] for name, messages in response.context["form"].errors.items()}


def test_bulk_and_import_pages_refuse_a_kenyan_record_as_one_that_does_not_exist(signed_in, kenya):
    """Bulk duty status, bulk postings and the roll upload: the same words for a hidden record and a missing one."""
    import io

    client = signed_in("liaison-gtm")
    kenyan_tour = Tour.objects.create(
        person=Person.objects.create(country_id="KEN", service_number="KE-2002", family_name="Wanjiru",
                                     given_names="Grace", rank="Sergeant", grade="OR-5", sex="female"),
        contingent=kenya, arrival=datetime.date(2025, 1, 18), planned_end=datetime.date(2026, 1, 18))
    site = kenya.mission.sites.first()
    pages = [
        ("/duty-statuses/set/?mission=MSS", {"since": "2025-02-06", "status": "leave", "reason": "R&R"}, "tours"),
        ("/logistics/postings/set/?mission=MSS", {"since": "2025-02-06", "site": site.pk}, "tours"),
    ]
    for url, data, field in pages:
        hidden = client.post(url, data | {field: [kenyan_tour.pk]})
        missing = client.post(url, data | {field: [NO_SUCH_ID]})
        assert hidden.status_code == missing.status_code == 200, url
        said = _form_errors(hidden)
        assert said == {k: [m.replace(str(NO_SUCH_ID), str(kenyan_tour.pk)) for m in v]
                        for k, v in _form_errors(missing).items()}, url
        assert "Wanjiru" not in hidden.content.decode()

    def upload(contingent):
        roll = io.BytesIO(b"Service number,Family name,Given names,Rank,NATO grade,Sex,Arrival\n")
        roll.name = "roll.csv"
        return client.post("/roll/import/", {"contingent": contingent, "file": roll})

    hidden, missing = upload(kenya.pk), upload(NO_SUCH_ID)
    assert _form_errors(hidden) == {k: [m.replace(str(NO_SUCH_ID), str(kenya.pk)) for m in v]
                                    for k, v in _form_errors(missing).items()}
    assert "contingent" in _form_errors(hidden)


def test_a_tour_that_overlaps_one_the_officer_may_not_see_is_refused_without_naming_it(demo):
    """A personnel officer of the GSF alone may not learn where else an officer serves, even from a refusal."""
    from muster.core.testing import make_user

    gsf_only = make_user("gsf-j1", grants=[(["force.person", "force.contingent", "missions.mission"],
                                             ["view", "add"], None),
                                            (["force.tour"], ["view", "add"], {"mission": "GSF"})])
    mss = Contingent.objects.get(mission__code="MSS", country="GTM")
    person = Person.objects.create(country_id="GTM", service_number="GT-9001", family_name="Ixcot",
                                   given_names="Ana", rank="Teniente", grade="OF-1", sex="female")
    Tour.objects.create(person=person, contingent=mss, arrival=datetime.date(2025, 9, 1),
                        planned_end=datetime.date(2026, 9, 1))  # no departure recorded when the MSS ended
    guatemala_gsf = Contingent.objects.get(mission__code="GSF", country="GTM")
    client = DocumentedAPIClient()
    client.force_authenticate(gsf_only)
    arrival = "2025-10-10"
    response = client.post("/api/tours/", {"person": person.pk, "contingent": guatemala_gsf.pk,
                                           "arrival": arrival}, format="json")
    assert response.status_code == 400
    assert "MSS" not in response.content.decode() and "record you may not see" in response.content.decode()
    officer = DocumentedAPIClient()
    officer.force_authenticate(User.objects.get(username="j1"))
    named = officer.post("/api/tours/", {"person": person.pk, "contingent": guatemala_gsf.pk,
                                         "arrival": arrival}, format="json")
    assert named.status_code == 400 and "(MSS)" in named.content.decode()
