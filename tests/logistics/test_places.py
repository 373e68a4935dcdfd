"""Boundaries and sites: COD-AB import, placing points in departments and communes, the map and its weight."""

import csv
import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from muster.core.testing import api_errors, make_user
from muster.force.models import Contingent
from muster.places.forms import SiteForm
from muster.places.imports import ImportFailed, boundaries_import, geopko_import
from muster.places.models import AdminArea, Site
from tests.factories import MissionFactory

from .helpers import ADM1, ADM2, GEOPKO, PCODES

PORT_AU_PRINCE = ("18.5392", "-72.3350")
AT_SEA = ("18.7000", "-73.0000")  # the Canal de Saint-Marc, between the island of la Gonâve and the coast
LOGISTICS = ["places.site", "force.siteassignment", "places.adminarea", "missions.mission"]
# A mission and a user of these tests' own, so they hold whether or not the test database already has the demo
# (whose MSS has sites, whose j4 exists, and which loads these same boundaries).
CODE = "PLACES"
J4 = "j4-places"


def mission():
    return MissionFactory(code=CODE)


def test_the_shipped_boundaries_hold_the_10_departments_and_140_communes_of_the_hdx_p_code_list():
    """The package's reduced copy keeps every area with its P-code, English name and department, as OCHA's global
    P-code list has them."""
    shipped = {}
    for level, path in ((1, ADM1), (2, ADM2)):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            parent = props["ADM1_PCODE"] if level == 2 else "HTI"
            shipped[props[f"ADM{level}_PCODE"]] = (str(level), props[f"ADM{level}_EN"], parent)
    with PCODES.open(encoding="utf-8", newline="") as f:
        listed = {row["P-Code"]: (row["Admin Level"], row["Name"], row["Parent P-Code"]) for row in csv.DictReader(f)}
    assert [level for level, _name, _parent in shipped.values()].count("2") == 140 and len(shipped) == 150
    assert shipped == listed


@pytest.fixture
def boundaries(db):
    return boundaries_import(paths=[ADM2, ADM1])  # communes named first: departments are still loaded first


def test_import_loads_10_departments_and_140_communes_with_their_names(boundaries):
    assert boundaries["created"] + boundaries["updated"] == 150
    assert AdminArea.objects.filter(level=1).count() == 10
    assert AdminArea.objects.filter(level=2).count() == 140
    west = AdminArea.objects.get(pcode="HT01")
    assert (west.name_en, west.name_fr, west.name_ht) == ("West", "Ouest", "Lwès")
    assert AdminArea.objects.get(pcode="HT0111").parent == west


def test_reimporting_the_same_files_adds_nothing(boundaries):
    assert boundaries_import(paths=[ADM1, ADM2]) == {"created": 0, "updated": 150}
    assert AdminArea.objects.count() == 150


def test_a_point_in_port_au_prince_is_placed_in_ouest_and_its_commune(boundaries):
    lat, lon = PORT_AU_PRINCE
    site = Site(mission=mission(), name="Port-au-Prince", kind="fob", latitude=lat, longitude=lon)
    site.full_clean()
    assert site.adm1.pcode == "HT01"
    assert (site.adm2.pcode, site.adm2.name_fr) == ("HT0111", "Port-au-Prince")


def test_a_point_at_sea_is_refused_with_a_clear_message_and_nothing_is_stored(boundaries):
    user = make_user(J4, grants=[(LOGISTICS, ["view", "add", "change"], None)])
    lat, lon = AT_SEA
    form = SiteForm({"mission": mission().pk, "name": "Boat", "kind": "port", "latitude": lat, "longitude": lon},
                    user=user)
    assert not form.is_valid()
    assert "lies in no loaded commune" in form.errors["latitude"][0]
    assert not Site.objects.filter(mission__code=CODE).exists()


def test_a_point_at_sea_is_kept_outside_the_boundaries_when_the_user_chooses(boundaries):
    user = make_user(J4, grants=[(LOGISTICS, ["view", "add", "change"], None)])
    lat, lon = AT_SEA
    form = SiteForm({"mission": mission().pk, "name": "Boat", "kind": "port", "latitude": lat, "longitude": lon,
                     "outside_boundaries": "on"}, user=user)
    assert form.is_valid(), form.errors
    site = form.save()
    assert site.outside_boundaries and site.adm1 is None and site.adm2 is None


def test_the_api_refuses_a_point_at_sea_naming_the_field(boundaries):
    from rest_framework.test import APIClient

    user = make_user(J4, grants=[(LOGISTICS, ["view", "add", "change"], None)])
    client = APIClient()
    client.force_authenticate(user)
    mission()
    lat, lon = AT_SEA
    response = client.post("/api/sites/", {"mission": CODE, "name": "Boat", "kind": "port", "latitude": lat,
                                           "longitude": lon}, format="json")
    assert response.status_code == 400, response.content
    assert "lies in no loaded commune" in api_errors(response)["latitude"][0]
    assert not Site.objects.filter(mission__code=CODE).exists()
    lat, lon = PORT_AU_PRINCE
    placed = client.post("/api/sites/", {"mission": CODE, "name": "Base", "kind": "fob", "latitude": lat,
                                         "longitude": lon}, format="json").json()
    assert (placed["adm1"], placed["adm2"]) == ("HT01", "HT0111")


def test_the_command_is_muster_import_boundaries_and_names_what_it_loaded(db):
    out = StringIO()
    call_command("import-boundaries", str(ADM1), str(ADM2), stdout=out)
    created, updated = re.search(r"Boundaries: (\d+) areas created, (\d+) updated", out.getvalue()).groups()
    assert int(created) + int(updated) == 150
    with pytest.raises(CommandError, match="Nothing was stored"):
        call_command("import-boundaries", str(PCODES))  # a CSV of P-codes is not a COD-AB file


def test_a_broken_file_stores_nothing_and_names_the_file(db, tmp_path):
    broken = tmp_path / "communes.geojson"
    data = json.loads(ADM2.read_text())
    data["features"][3]["properties"]["ADM2_PCODE"] = ""
    broken.write_text(json.dumps(data))
    before = list(AdminArea.objects.order_by("pk").values())
    with pytest.raises(ImportFailed) as error:
        boundaries_import(paths=[ADM1, broken])
    assert "communes.geojson, feature 4: ADM2_PCODE is empty." in error.value.messages
    assert list(AdminArea.objects.order_by("pk").values()) == before  # not even the good departments


def test_geopko_locations_become_sites_of_the_un_missions_with_their_history(boundaries):
    result = geopko_import(path=GEOPKO)
    assert result["missions"] == ["MINUJUSTH", "MINUSTAH"]
    jacmel = Site.objects.get(mission__code="MINUJUSTH", name="Jacmel")
    assert (jacmel.adm1.pcode, jacmel.adm1.name_en) == ("HT02", "South-East")
    assert jacmel.opened.year == 2017 and "UN police" in jacmel.notes
    assert jacmel.citations.get().source.publisher.startswith("Uppsala University")
    again = geopko_import(path=GEOPKO)
    assert again["sites"] == result["sites"]
    assert Site.objects.filter(mission__code__in=result["missions"]).count() == result["sites"]


def test_the_map_draws_140_communes_without_javascript_under_150_kb(boundaries, django_assert_max_num_queries):
    from muster.force.models import SiteAssignment

    user = make_user(J4, grants=[(LOGISTICS + ["force.contingent"], ["view", "add"], None)])
    contingent = Contingent.objects.create(mission=mission(), country_id="KEN", category="fpu")
    for name, lat, lon, personnel in [("MSS headquarters", "18.5800", "-72.2925", 400),
                                      ("Forward base", "18.4500", "-72.2800", 150)]:
        site = Site(mission=mission(), name=name, kind="fob", latitude=lat, longitude=lon)
        site.full_clean()
        site.save()
        SiteAssignment.objects.create(site=site, contingent=contingent, personnel=personnel,
                                      since=datetime.date(2024, 6, 25))
    client = Client()
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(f"/logistics/map/{CODE}/", {"on": "2025-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<path") >= 150  # 140 communes and 10 departments
    assert "<script" not in html.split("</head>")[1]  # nothing in the page needs JavaScript
    assert re.search(r"MSS headquarters</a></td><td>[^<]*</td><td>Tabarre, West", html)
    assert ">550<" in html  # the total personnel beside the map
    closed_by_then = client.get(f"/logistics/map/{CODE}/", {"on": "2024-06-01"}).content.decode()
    assert "MSS headquarters" in closed_by_then  # opened on no recorded date: shown
    Site.objects.filter(name="Forward base").update(opened=datetime.date(2024, 11, 28))
    assert "Forward base" not in client.get(f"/logistics/map/{CODE}/", {"on": "2024-06-01"}).content.decode()
    weight = len(response.content) + sum(len(Client().get(f"/static/muster/{f}").getvalue() or b"")
                                         for f in ("muster.css", "htmx.min.js"))
    assert weight < 150_000, f"map page weighs {weight:,} bytes"


def test_the_geojson_export_gives_each_site_with_its_p_codes(boundaries):
    user = make_user(J4, grants=[(LOGISTICS, ["view", "add"], None)])
    site = Site(mission=mission(), name="Base", kind="fob", latitude=PORT_AU_PRINCE[0], longitude=PORT_AU_PRINCE[1])
    site.full_clean()
    site.save()
    client = Client()
    client.force_login(user)
    response = client.get(f"/logistics/map/{CODE}/sites.geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    feature = json.loads(response.content)["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-72.335, 18.5392]}
    assert feature["properties"]["adm2_pcode"] == "HT0111"
