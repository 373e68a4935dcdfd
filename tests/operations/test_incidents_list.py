"""A mission's incidents: each filter of the list (the page and the API share them), the killed summed from the
tolls, a constant number of queries whatever the number of incidents, and need to know — a liaison of a contributing
country sees the incidents classified shareable or public, and a restricted one exists nowhere for them: not on the
list, in its count, its export, the API, an actor's count, the tolls, nor at its own address."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient
from muster.operations.models import Actor, Incident, Toll
from muster.sources.services import citation_attach

from . import helpers

D = datetime.date


@pytest.fixture
def incidents(demo):
    """Four incidents of the MSS and one of the GSF, each found by a different filter."""
    helpers.world()
    made = {
        "kenscoff": helpers.incident(title="Clash in Kenscoff", date=D(2025, 3, 18),
                                     adm2=helpers.area(helpers.KENSCOFF), kind=helpers.ARMED_CLASH,
                                     actor1=helpers.VIV_ANSANM, actor2=helpers.MSS_FORCES,
                                     classification="restricted", tolls=[("police", "killed", 2)]),
        "saint_marc": helpers.incident(title="Attack near Saint-Marc", date=D(2025, 3, 25),
                                       adm2=helpers.area(helpers.SAINT_MARC), kind=helpers.ATTACK,
                                       actor1=helpers.GRAN_GRIF, actor2=helpers.CIVILIANS,
                                       associated2=[helpers.FIVE_SEGOND], classification="shareable",
                                       tolls=[("civilians", "wounded", 3)]),
        "port_au_prince": helpers.incident(title="Abduction in Port-au-Prince", date=D(2025, 2, 1),
                                           adm2=helpers.area(helpers.PORT_AU_PRINCE), kind=helpers.ABDUCTION,
                                           actor1=helpers.FIVE_SEGOND, actor2=helpers.CIVILIANS,
                                           classification="public", sample=True),
        "artibonite": helpers.incident(title="Clashes somewhere in Artibonite", date=D(2025, 4, 2),
                                       adm1=helpers.area(helpers.ARTIBONITE), actor1=helpers.GRAN_GRIF,
                                       actor2=helpers.HNP, classification="shareable",
                                       tolls=[("armed_group", "killed", 0, )]),
        "gsf": helpers.incident(False, title="Clash after the re-hat", classification="public"),
    }
    return made


def api(username):
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def found(incidents, username="j3", **filters):
    """The names of the test's incidents the API lists under `filters` (the demo may hold others)."""
    response = api(username).get("/api/incidents/", {"limit": 1000} | filters)
    assert response.status_code == 200, response.content
    ids = {row["id"] for row in response.json()["results"]}
    return {name for name, incident in incidents.items() if incident.pk in ids}


def test_each_filter_finds_its_incidents(incidents):
    every = {"kenscoff", "saint_marc", "port_au_prince", "artibonite"}
    assert found(incidents, mission="MSS") == every
    assert found(incidents, mission="GSF") == {"gsf"}
    assert found(incidents, mission="MSS", date_after="2025-03-18", date_before="2025-03-31") == {
        "kenscoff", "saint_marc"}
    assert found(incidents, adm1=helpers.ARTIBONITE) == {"saint_marc", "artibonite"}
    assert found(incidents, adm2=helpers.KENSCOFF) == {"kenscoff", "gsf"}  # the GSF's is in Kenscoff too
    assert found(incidents, event_type=helpers.event_type(helpers.ABDUCTION).pk) == {"port_au_prince"}
    # An actor on either side, or associated with either.
    assert found(incidents, actor=helpers.actor(helpers.FIVE_SEGOND).pk) == {"saint_marc", "port_au_prince"}
    assert found(incidents, actor=helpers.actor(helpers.GRAN_GRIF).pk) == {"saint_marc", "artibonite"}
    assert found(incidents, actor=helpers.actor(helpers.CIVILIANS).pk) == {"saint_marc", "port_au_prince"}
    # A toll of nobody is no casualty.
    assert found(incidents, mission="MSS", casualties="any") == {"kenscoff", "saint_marc"}
    assert found(incidents, mission="MSS", casualties="killed") == {"kenscoff"}
    assert found(incidents, mission="MSS", classification="public") == {"port_au_prince"}
    assert found(incidents, mission="MSS", classification=["public", "restricted"]) == {"port_au_prince", "kenscoff"}
    assert found(incidents, mission="MSS", sample="true") == {"port_au_prince"}
    assert found(incidents, mission="MSS", sample="false") == every - {"port_au_prince"}


def test_the_page_takes_the_same_filters_and_shows_place_actors_and_killed(incidents, signed_in):
    page = signed_in("j3").get("/operations/incidents/", {"mission": "MSS", "adm1": helpers.OUEST,
                                                          "casualties": "killed"})
    assert page.status_code == 200
    rows = {obj.title: cells for obj, cells in page.context["rows"]}
    assert set(rows) & {i.title for i in incidents.values()} == {"Clash in Kenscoff"}
    cells = [str(cell) for cell in rows["Clash in Kenscoff"]]
    assert cells[2:6] == ["Armed clash", "Kenscoff, West", f"{helpers.VIV_ANSANM} — {helpers.MSS_FORCES}", "2"]
    # The communes offered are the department's; a commune chosen by its P-code.
    communes = list(page.context["filterset"].form.fields["adm2"].queryset)
    assert communes and {c.parent.pcode for c in communes} == {helpers.OUEST}
    assert "HT0115 Kenscoff (West)" in page.content.decode()


def test_the_actors_offered_are_those_of_the_mission_chosen(incidents, signed_in):
    only_mss = Actor.objects.create(name="Test group of an MSS incident only", inter=3)
    incidents["kenscoff"].associated_actors2.add(only_mss)
    offered = {mission: {a.name for a in signed_in("j3").get("/operations/incidents/", {"mission": mission})
                         .context["filterset"].form.fields["actor"].queryset} for mission in ("MSS", "GSF")}
    assert offered["GSF"] >= {helpers.VIV_ANSANM, helpers.MSS_FORCES}  # the GSF incident's two sides
    assert only_mss.name in offered["MSS"] and only_mss.name not in offered["GSF"]


def test_the_list_takes_the_same_queries_for_5_and_50_incidents(demo, signed_in):
    helpers.world()
    source = helpers.source()
    client, token = signed_in("j3"), api("j3")

    def add(n):
        for i in range(n):
            made = helpers.incident(title=f"Incident {Incident.objects.count()}", associated1=[helpers.FIVE_SEGOND],
                                    units=[helpers.contingent()], tolls=[("civilians", "killed", i + 1)])
            citation_attach(record=made, source=source, quote="As reported")

    def queries():
        with CaptureQueriesContext(connection) as page:
            assert client.get("/operations/incidents/", {"mission": "MSS", "per_page": 100}).status_code == 200
        with CaptureQueriesContext(connection) as listed:
            assert token.get("/api/incidents/", {"mission": "MSS", "limit": 100}).status_code == 200
        return len(page), len(listed)

    add(5)
    queries()  # the first requests read the user's grants, which the user object then keeps
    with_5 = queries()
    add(45)
    assert queries() == with_5


def test_a_liaison_sees_shareable_and_public_incidents_and_a_restricted_one_nowhere(incidents, signed_in):
    restricted, shareable = incidents["kenscoff"], incidents["saint_marc"]
    # An actor of two incidents only, one of them restricted.
    witness = Actor.objects.create(name="Test coalition of two incidents", inter=3)
    restricted.associated_actors1.add(witness)
    shareable.associated_actors1.add(witness)
    liaison, j3 = signed_in("liaison-gtm"), signed_in("j3")
    user = User.objects.get(username="liaison-gtm")
    visible = Incident.objects.restrict(user, "view")
    assert set(visible.values_list("classification", flat=True)) <= {"shareable", "public"}

    page = liaison.get("/operations/incidents/", {"mission": "MSS", "per_page": 500})
    assert page.status_code == 200
    assert shareable.get_absolute_url() in page.content.decode()
    assert restricted.get_absolute_url() not in page.content.decode()
    assert page.context["page"].paginator.count == visible.filter(mission__code="MSS").count()
    everything = j3.get("/operations/incidents/", {"mission": "MSS"}).context["page"].paginator.count
    restricted_count = Incident.objects.filter(mission__code="MSS", classification="restricted").count()
    assert restricted_count >= 1 and everything == page.context["page"].paginator.count + restricted_count
    csv = liaison.get("/operations/incidents/", {"mission": "MSS", "export": "csv"}).content.decode()
    assert "Clash in Kenscoff" not in csv and "Attack near Saint-Marc" in csv
    assert found(incidents, "liaison-gtm") == {"saint_marc", "port_au_prince", "artibonite", "gsf"}
    assert api("liaison-gtm").get("/api/incidents/", {"mission": "MSS"}).json()["count"] == visible.filter(
        mission__code="MSS").count()
    assert found(incidents, "liaison-gtm", casualties="killed") == set()  # the only killed are the restricted one's
    # An actor's count of incidents.
    assert "1 incident on either side" in liaison.get(witness.get_absolute_url()).content.decode()
    assert "2 incidents on either side" in j3.get(witness.get_absolute_url()).content.decode()
    # Its tolls.
    restricted_toll = restricted.tolls.get()
    tolls = api("liaison-gtm").get("/api/tolls/", {"limit": 1000}).json()
    assert restricted_toll.pk not in {row["id"] for row in tolls["results"]}
    hidden = Toll.objects.filter(incident__classification="restricted").count()
    assert tolls["count"] == Toll.objects.restrict(user, "view").count() == Toll.objects.count() - hidden
    # And at its own addresses, as one that does not exist.
    for url in (restricted.get_absolute_url(), f"/history/operations.incident/{restricted.pk}/",
                restricted_toll.get_absolute_url(), f"/operations/incidents/{restricted.pk}/edit/"):
        assert liaison.get(url).status_code == 404, url
    assert api("liaison-gtm").get(f"/api/incidents/{restricted.pk}/").status_code == 404
    assert liaison.get(shareable.get_absolute_url()).status_code == 200


def test_a_donor_sees_public_incidents_only(incidents, signed_in):
    assert found(incidents, "donor-usa") == {"port_au_prince", "gsf"}
    assert signed_in("donor-usa").get(incidents["saint_marc"].get_absolute_url()).status_code == 404


def test_with_more_actors_than_a_page_offers_none_is_offered_before_a_mission_is_chosen(incidents, signed_in):
    Actor.objects.bulk_create(Actor(name=f"Armed group {n:03}", inter=3) for n in range(201))
    client = signed_in("j3")
    field = client.get("/operations/incidents/").context["filterset"].form.fields["actor"]
    assert (list(field.queryset), field.empty_label) == ([], "— choose a mission first —")
    chosen = client.get("/operations/incidents/", {"mission": "MSS", "actor": helpers.actor(helpers.HNP).pk})
    offered = {a.name for a in chosen.context["filterset"].form.fields["actor"].queryset}
    # The MSS's actors (the demo's incidents bring theirs), none of the 201 groups of no incident.
    assert offered >= {helpers.VIV_ANSANM, helpers.MSS_FORCES, helpers.GRAN_GRIF, helpers.CIVILIANS,
                       helpers.FIVE_SEGOND, helpers.HNP}
    assert not {name for name in offered if name.startswith("Armed group ")}
    assert {obj.title for obj, _ in chosen.context["rows"]} >= {"Clashes somewhere in Artibonite"}


def test_the_list_links_its_acled_hxl_and_geojson_exports_with_its_filters_and_the_import_for_who_may_add(demo,
                                                                                                           signed_in):
    page = signed_in("j3").get("/operations/incidents/", {"mission": "MSS", "classification": "public"})
    html = page.content.decode()
    links = dict(re.findall(r'href="([^"]+)">(ACLED CSV|HXL CSV|GeoJSON|Import from ACLED)<', html))
    assert sorted(links.values()) == ["ACLED CSV", "GeoJSON", "HXL CSV", "Import from ACLED"]
    acled = next(href for href, label in links.items() if label == "ACLED CSV").replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(signed_in("j3").get(acled).content.decode("utf-8-sig"))))
    public = Incident.objects.filter(mission__code="MSS", classification="public")
    assert len(rows) == public.count() > 0
    assert "Import from ACLED" not in signed_in("j1").get("/operations/incidents/").content.decode()  # J1 reads
    for address in ("/operations/map/", "/operations/chart/"):
        assert f'href="{address}"' in html
        assert signed_in("j3").get(address).status_code == 200


def test_an_actors_page_links_its_timeline(demo, signed_in):
    actor = Actor.objects.get(name="Viv Ansanm")
    page = signed_in("j3").get(actor.get_absolute_url()).content.decode()
    timeline = f"/operations/timeline/actor/{actor.pk}/"
    assert f'href="{timeline}"' in page
    assert signed_in("j3").get(timeline).status_code == 200
