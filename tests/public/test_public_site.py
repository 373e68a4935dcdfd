"""The public site, anonymously, on the demo: what it shows, what it hides, its addresses, its data and its cache."""

import csv
import datetime
import gzip
import io
import json
import re

import frictionless
import pytest
from django.core.cache import cache
from django.test import Client

from muster.force.models import Contingent, Movement
from muster.force.services import movement_record
from muster.missions.models import Country, Mission, PersonnelCategory
from muster.public.models import Publication
from muster.public.opendata import MARKS

DAY = "2025-06-30"
MSS = f"/public/MSS/{DAY}/"


@pytest.fixture
def anonymous(demo):
    cache.clear()  # the cache table is the test database's: emptied with it, and here for a test's own writes
    return Client()


def publish(*, mission, **parts):
    """An administrator's change of what `mission` publishes, saved as the edit page saves it (change-logged)."""
    publication = Publication.objects.get(mission__code=mission)
    for part, value in parts.items():
        setattr(publication, part, value)
    publication.save()


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def rows_of(response):
    return list(csv.reader(io.StringIO(text(response))))


def test_the_mission_page_shows_strength_by_country_and_category_with_small_cells_suppressed(anonymous):
    page = text(anonymous.get(MSS))
    table = page[page.index('<table id="public-strength">'):page.index("</table>", page.index("public-strength"))]
    assert '<th scope="row">Kenya</th><td class="num">759</td>' in table  # formed police unit, on 30 June 2025
    assert '<tr data-country="GTM"><th scope="row">Guatemala</th><td class="num">0</td><td class="num">0</td>' \
           '<td class="num">150</td><td class="num">150</td>' in table
    # Belize's two soldiers: "<5", and its total with them; Jamaica's police likewise, its soldiers withheld ("x")
    # so that Jamaica's 21 cannot give them back.
    assert '<th scope="row">Belize</th><td class="num">0</td><td class="num">0</td><td class="num">&lt;5</td>' \
           '<td class="num">&lt;5</td>' in table
    assert ('<th scope="row">Jamaica</th><td class="num">0</td><td class="num">&lt;5</td><td class="num">x</td>'
            '<td class="num">21</td>') in table
    assert '<th scope="row">All contributing countries</th>' in table and '<td class="num">1,016</td>' in table
    assert f'<a href="{MSS}" rel="bookmark">' in page  # the page links its own permalink
    assert "UNSC resolution 2751 (2024)" in page  # the authorization standing on the day
    assert "<svg" in page and "public-claims" in page
    assert 'id="main-nav"' not in page and "Sign out" not in page  # no private navigation


def test_the_published_figures_stand_beside_the_records_with_their_sources(anonymous):
    page = text(anonymous.get(MSS))
    claims = page[page.index('<table id="public-claims">'):]
    kenya = claims[claims.index("6 February 2025"):]
    kenya = kenya[:kenya.index("</tr>")]
    # The minister's 744 officers; the arrivals add up to 761: the difference shown, with the source and its grade.
    assert ('<td class="num">744</td><td class="num">761</td>'
            '<td class="num"><strong class="flag">+17</strong></td>') in kenya
    assert "https://www.kenyans.co.ke/news/108735-kenya-sends-144-more-police-officers-haiti" in kenya
    assert ">C3</abbr>" in kenya
    # Bahamas and Belize together: both hidden on the day, so their sum is withheld too.
    together = claims[claims.index("<td>BHS+BLZ</td>"):]
    assert together[:together.index("</tr>")].count('<td class="num">x</td>') == 2


def test_today_is_the_missions_last_day_once_it_has_ended_and_links_its_permalink(anonymous):
    page = text(anonymous.get("/public/MSS/"))
    assert '<a href="/public/MSS/2025-10-02/" rel="bookmark">' in page
    assert "The MSS ended on 2 Oct 2025; showing its last day." in page


def test_the_date_form_leads_to_the_days_permalink(anonymous):
    response = anonymous.get("/public/MSS/", {"on": "2025-02-06"})
    assert response.status_code == 302 and response["Location"] == "/public/MSS/2025-02-06/"
    assert anonymous.get("/public/MSS/", {"on": "2019-01-01"}).status_code == 404
    assert 'name="on" value="2025-06-30" min="2023-10-02" max="2025-10-02"' in text(anonymous.get(MSS))


def test_the_index_lists_the_missions_that_publish(anonymous):
    page = text(anonymous.get("/public/"))
    assert '<a href="/public/MSS/">' in page and '<a href="/public/GSF/">' in page
    publish(mission="GSF", strength=False, funding=False, incidents=False, timeline=False)
    assert '<a href="/public/GSF/">' not in text(anonymous.get("/public/"))  # at once: the change log moved


@pytest.mark.parametrize("address", ["/public/XYZ/", "/public/MSS/2023-10-01/", "/public/MSS/2025-10-03/",
                                     "/public/MSS/2025-02-30/", "/public/MSS/2025-06-30/nothing.csv",
                                     "/public/MSS/2025-06-30/funding.xlsx"])
def test_an_address_that_shows_nothing_is_404(anonymous, address):
    assert anonymous.get(address).status_code == 404


def test_a_mission_without_a_publication_is_404_as_a_record_that_does_not_exist(anonymous):
    Publication.objects.filter(mission__code="GSF").delete()
    assert anonymous.get("/public/GSF/").status_code == 404
    assert anonymous.get("/public/GSF/2025-11-01/strength.csv").status_code == 404
    assert anonymous.get("/public/GSF/2025-11-01/datapackage.json").status_code == 404


def test_a_part_not_published_is_absent_from_the_page_and_its_files_404(anonymous):
    publish(mission="MSS", funding=False, timeline=False)
    page = text(anonymous.get(MSS))
    assert 'id="funding"' not in page and 'id="timeline"' not in page and 'id="strength"' in page
    assert anonymous.get(f"{MSS}funding.csv").status_code == 404
    assert anonymous.get(f"{MSS}timeline.json").status_code == 404
    package = json.loads(text(anonymous.get(f"{MSS}datapackage.json")))
    assert "funding" not in {r["name"] for r in package["resources"]}


def test_funding_shows_each_donor_and_the_freezes_and_waivers_as_events(anonymous):
    page = text(anonymous.get(MSS))
    funding = page[page.index('id="funding"'):page.index("</section>", page.index('id="funding"'))]
    rows = rows_of(anonymous.get(f"{MSS}funding.csv"))
    assert rows[0] == ["donor", "pledged", "received", "frozen", "released", "still_frozen"]
    donors = {row[0]: row for row in rows[1:]}
    assert donors and all(name in funding for name in donors)
    events = rows_of(anonymous.get(f"{MSS}funding-events.csv"))[1:]
    assert {row[2] for row in events} <= {"Frozen", "Released by waiver"} and events
    assert all(row[1] in funding for row in events)


def test_every_table_is_csv_hxl_tagged_csv_and_json_at_stable_addresses(anonymous):
    strength = rows_of(anonymous.get(f"{MSS}strength.csv"))
    assert strength[0][:3] == ["date", "country_code", "country"]
    kenya = next(row for row in strength if row[1] == "KEN")
    assert kenya[:4] == [DAY, "KEN", "Kenya", "759"]
    belize = next(row for row in strength if row[1] == "BLZ")
    assert "2" not in belize[3:] and "<5" in belize  # Belize's two soldiers never as a figure
    hxl = rows_of(anonymous.get(f"{MSS}strength.hxl.csv"))
    assert hxl[0] == strength[0] and hxl[1][:3] == ["#date", "#country+code", "#country+name"]
    assert all(tag.startswith("#") for tag in hxl[1]) and hxl[2:] == strength[1:]
    incidents = rows_of(anonymous.get(f"{MSS}incidents.hxl.csv"))
    assert incidents[1][:3] == ["#date+month", "#adm1+code", "#adm1+name"]
    data = json.loads(text(anonymous.get(f"{MSS}strength.json")))
    assert {"country_code": "KEN", "fpu": 759}.items() <= next(
        r for r in data["rows"] if r["country_code"] == "KEN").items()
    response = anonymous.get(f"{MSS}claims.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8" and response["Access-Control-Allow-Origin"] == "*"


def test_the_chart_is_a_standalone_svg_to_embed(anonymous):
    response = anonymous.get(f"{MSS}strength.svg")
    svg = text(response)
    assert response["Content-Type"] == "image/svg+xml"
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<script" not in svg and 'href="http' not in svg and "@import" not in svg and "url(http" not in svg
    assert "Kenya" in svg
    assert "X-Frame-Options" not in response and "frame-ancestors *" in response["Content-Security-Policy"]


def test_the_data_package_describes_every_table_and_validates(anonymous, tmp_path):
    package = json.loads(text(anonymous.get(f"{MSS}datapackage.json")))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "Creative Commons Attribution 4.0"}]
    assert {r["name"] for r in package["resources"]} == {
        "strength", "strength-over-time", "authorization", "claims", "funding", "funding-events", "incidents",
        "timeline"}
    assert any(s.get("path", "").startswith("https://www.kenyans.co.ke/") for s in package["sources"])
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for resource in package["resources"]:
        (tmp_path / resource["path"]).write_bytes(anonymous.get(f"{MSS}{resource['path']}").content)
        assert resource["schema"]["missingValues"] == MARKS
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_a_movement_recorded_changes_the_public_page_at_once(anonymous, django_assert_max_num_queries):
    assert '<td class="num">759</td>' in text(anonymous.get(MSS))
    with django_assert_max_num_queries(6):  # from the cache: the publication, the generation, the cached page
        assert '<td class="num">759</td>' in text(anonymous.get(MSS))
    kenya = Contingent.objects.get(mission__code="MSS", country="KEN")
    movement_record(user=None, contingent=kenya, kind=Movement.Kind.ARRIVAL, date=datetime.date(2025, 6, 1),
                    count=12, men=10, women=2)
    page = text(anonymous.get(MSS))
    assert '<th scope="row">Kenya</th><td class="num">771</td>' in page and "1,028" in page
    strength = rows_of(anonymous.get(f"{MSS}strength.csv"))
    assert next(row for row in strength if row[1] == "KEN")[3] == "771"


def test_anonymous_responses_may_be_kept_a_few_minutes_by_any_cache(anonymous, signed_in):
    response = anonymous.get(MSS)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    # A signed-in visitor's page names them in its header: their own browser may keep it, no shared cache.
    signed = signed_in("j1").get(MSS)
    assert "private" in signed["Cache-Control"] and "public" not in signed["Cache-Control"]
    assert '<th scope="row">Kenya</th><td class="num">759</td>' in text(signed)  # the same aggregates


def test_the_page_costs_the_same_queries_however_many_movements(anonymous, django_assert_max_num_queries):
    def cold_page_queries():
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            text(anonymous.get(MSS))
        return len(queries)

    demo = cold_page_queries()
    mission = Mission.objects.get(code="MSS")
    countries = Country.objects.exclude(pk__in=Contingent.objects.values("country"))[:30]
    contingents = Contingent.objects.bulk_create(
        Contingent(mission=mission, country=country, category=PersonnelCategory.MILITARY) for country in countries)
    start = mission.start
    Movement.objects.bulk_create(
        Movement(contingent=contingents[n % len(contingents)], kind=Movement.Kind.ARRIVAL, count=7, men=7,
                 date=start + datetime.timedelta(days=n % 600)) for n in range(3000))
    larger = cold_page_queries()
    assert larger == demo
    with django_assert_max_num_queries(45):
        cache.clear()
        text(anonymous.get(MSS))


def test_the_sign_in_page_leads_to_the_public_site(anonymous):
    assert '<a href="/public/">' in text(anonymous.get("/login/"))


def test_dates_and_numbers_follow_the_visitors_language(anonymous):
    page = text(anonymous.get(MSS, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "30 juin 2025" in page
    assert re.search('<td class="num">1[\u00a0\u202f]016</td>', page)  # French groups thousands with a space
    # Countries and departments as the language names them, the same cells withheld as in English.
    assert ('<th scope="row">Jamaïque</th><td class="num">0</td><td class="num">&lt;5</td><td class="num">x</td>'
            '<td class="num">21</td>') in page
    assert "<td>Ouest</td>" in page and "<td>West</td>" not in page
    strength = rows_of(anonymous.get(f"{MSS}strength.csv", HTTP_ACCEPT_LANGUAGE="fr"))
    assert next(row for row in strength if row[1] == "JAM")[2] == "Jamaïque"
    english = text(anonymous.get(MSS, HTTP_ACCEPT_LANGUAGE="en"))
    assert "30 June 2025" in english and '<td class="num">1,016</td>' in english  # day first, as the field writes


def test_a_bulk_import_moves_the_generation_as_a_save_does(anonymous):
    """Imports write by bulk_create and log in one batch (core.changelog.log_bulk): that batch moves the cache's
    generation, so an imported movement shows at once, as one recorded through the page does."""
    from muster.core.changelog import log_bulk, serialize
    from muster.core.models import ObjectChange
    from muster.public.cache import public_generation

    assert "1,016" in text(anonymous.get(MSS))
    before = public_generation()
    kenya = Contingent.objects.get(mission__code="MSS", country="KEN")
    movements = Movement.objects.bulk_create([Movement(contingent=kenya, kind=Movement.Kind.ARRIVAL, count=20,
                                                       men=20, date=datetime.date(2025, 5, 1))])
    log_bulk([(m, ObjectChange.Action.CREATE, None, serialize(m)) for m in movements])
    assert public_generation() > before
    assert "1,036" in text(anonymous.get(MSS))


def test_an_anonymous_visitor_is_served_the_whole_response_from_the_cache(anonymous, django_assert_num_queries):
    """Under a crowd (bench/loadtest.py) the page is one read of the change log's generation and one of the cache:
    no publication query, no template, no compression per request; it carries no visitor's CSRF token."""
    first = anonymous.get(MSS, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    plain = text(anonymous.get(MSS))
    assert gzip.decompress(first.content).decode() == plain
    assert '"X-CSRFToken": ""' in plain and "csrftoken" not in first.cookies
    with django_assert_num_queries(2):
        again = anonymous.get(MSS, HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == first.content and "max-age=300" in again["Cache-Control"]
    csv_file = anonymous.get(f"{MSS}strength.csv").content
    with django_assert_num_queries(2):
        assert anonymous.get(f"{MSS}strength.csv").content == csv_file
    assert csv_file.startswith(b"date,country_code,country")
