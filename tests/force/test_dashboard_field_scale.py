"""The dashboard of a mission at field scale stays light and readable: fifty contributing countries (MINUSTAH had
55), each with a military unit and individual police, rotating every six months for years, and the published
figures of a contribution table for every country and month (as the IPI import makes them).

Weighed as a user on a poor connection receives it: the page's HTML and the stylesheet and script it links,
uncompressed (DESIGN.md, principle 4: at most 150 KB) and as transferred (gzip: Django's GZipMiddleware for the
page, whitenoise's compressed copies for the static files).
"""

import datetime
import io
import re

import pycountry
import pytest
from openpyxl import load_workbook

from muster.force.models import Contingent, Movement
from muster.force.selectors import strength_at
from muster.missions.models import Authorization, Country, Mission, PersonnelCategory
from muster.sources.models import Claim, Source
from tests.page_weight import PAGE_BUDGET, weigh

pytestmark = pytest.mark.django_db

ON = datetime.date(2016, 6, 30)
COUNTRIES = 50


def field_scale_mission():
    """A mission of 50 countries, each with two contingents, twelve years of rotations and monthly claims."""
    mission = Mission.objects.create(code="FIELD", name="Field-scale stabilization mission",
                                     start=datetime.date(2004, 6, 1))
    Authorization.objects.create(mission=mission, instrument="UNSC resolution 1542 (2004)",
                                 adopted=datetime.date(2004, 4, 30), personnel_ceiling=12_000)
    iso3s = sorted(c.alpha_3 for c in pycountry.countries)[:COUNTRIES]
    for iso3 in iso3s:
        Country.objects.get_or_create(iso3=iso3, defaults={"name": pycountry.countries.get(alpha_3=iso3).name})
    contingents = Contingent.objects.bulk_create(
        Contingent(mission=mission, country_id=iso3, category=category, pledged_strength=300)
        for iso3 in iso3s for category in (PersonnelCategory.MILITARY, PersonnelCategory.INDIVIDUAL_POLICE))
    movements = []
    for n, contingent in enumerate(contingents):
        size = 20 + (n * 37) % 400
        day = mission.start + datetime.timedelta(days=n)
        movements.append(Movement(contingent=contingent, kind=Movement.Kind.ARRIVAL, date=day, count=size,
                                  men=size - size // 10, women=size // 10))
        while day < ON:  # a rotation every six months: the outgoing leave, the incoming arrive
            day += datetime.timedelta(days=182)
            movements.append(Movement(contingent=contingent, kind=Movement.Kind.ROTATION_OUT, date=day,
                                      count=size, men=size - size // 10, women=size // 10))
            movements.append(Movement(contingent=contingent, kind=Movement.Kind.ROTATION_IN, date=day,
                                      count=size + 1, men=size - size // 10 + 1, women=size // 10))
    Movement.objects.bulk_create(movements)
    source = Source.objects.create(title="Contributions by gender", publisher="UN Peacekeeping",
                                   kind=Source.Kind.DATASET, published_on=ON)
    claims = [Claim(source=source, mission=mission, category=c.category, as_of=month_end, value=250)
              for month_end in (datetime.date(2015, m, 28) for m in range(1, 13)) for c in contingents]
    claims = Claim.objects.bulk_create(claims)
    Claim.countries.through.objects.bulk_create(
        Claim.countries.through(claim_id=claim.pk, country_id=contingents[i % len(contingents)].country_id)
        for i, claim in enumerate(claims))
    return mission


def test_the_dashboard_of_a_mission_of_fifty_countries_stays_within_150_kb_and_names_every_country(signed_in):
    mission = field_scale_mission()
    client = signed_in("j3")

    uncompressed, transferred, html = weigh(client, f"/dashboard/{mission.code}/", on=ON.isoformat())

    assert uncompressed <= PAGE_BUDGET, f"{uncompressed / 1024:.0f} KB uncompressed"
    assert transferred <= PAGE_BUDGET / 4, f"{transferred / 1024:.0f} KB transferred"
    # Every country has its row; its categories are a click away, not on the page.
    countries = re.findall(r'<tr class="subtotal" data-country="(\w+)" data-category="all"', html)
    assert len(countries) == COUNTRIES
    assert not re.search(r'<tr data-country="\w+" data-category="military"', html)
    assert html.count("2 categories</a>") == COUNTRIES
    # The chart and its table: the nine largest countries by name and the 41 others together; every country's own
    # figures one click away in the XLSX.
    legend = re.findall(r'<g [^>]*class="legend [^"]*"[^>]*><rect[^>]*/><text[^>]*>([^<]+)</text>', html)
    assert len(legend) == 10 and legend[-1] == "41 other countries"
    series_headers = re.findall(r"<th[^>]*>([^<]+)</th>", html[html.index('id="series-table"'):])[:12]
    assert len(series_headers) == 12 and series_headers[-2:] == ["41 other countries", "Total"]
    assert f"/dashboard/{mission.code}/strength.xlsx?on={ON.isoformat()}" in html
    # The published figures: of the 1,200 up to the date, the 100 standing (each contingent's December 2015 figure;
    # its publisher's eleven earlier ones replaced), those that differ from the movements first; 20 on the page,
    # and the claims list for all of them.
    december = datetime.date(2015, 12, 28)
    differing = sum(row.total != 250 for row in strength_at(mission=mission, on=december, by=("contingent",)).rows)
    assert differing > 20  # more than the page shows: the 20 listed all differ
    rows = re.findall(r'<tr id="claim-\d+"( class="differs")?>\s*<td>([^<]+)</td>', html)
    assert len(rows) == 20 and all(shown == (' class="differs"', "28 Dec 2015") for shown in rows)
    assert (f"20 shown of the 100 published figures standing on this date: each publisher's latest for each subject "
            f"and figure, those that differ first ({differing} differing).") in html
    assert re.search(rf'<div class="figure flag">{differing}</div>\s*<div class="muted">of 100 standing on this date',
                     html)
    assert f'/claims/?mission={mission.code}&amp;as_of_before={ON.isoformat()}' in html


def test_a_countrys_categories_are_one_click_away_and_the_page_stays_light(signed_in):
    mission = field_scale_mission()
    client = signed_in("j3")
    page = client.get(f"/dashboard/{mission.code}/", {"on": ON.isoformat()}).content.decode()
    link = re.search(r'<a href="([^"]+)">2 categories</a>', page).group(1).replace("&amp;", "&")
    country = re.search(r"country=(\w+)", link).group(1)

    address, query = link.split("#")[0].split("?")
    uncompressed, _transferred, html = weigh(client, address, **dict(p.split("=") for p in query.split("&")))

    assert uncompressed <= PAGE_BUDGET
    assert set(re.findall(rf'<tr data-country="{country}" data-category="(\w+)"', html)) == {"military", "ipo"}
    assert len(re.findall(r'<tr data-country="\w+" data-category="(?!all)', html)) == 2  # only that country's


def test_the_exports_keep_every_country_and_every_published_figure(signed_in):
    mission = field_scale_mission()
    client = signed_in("j3")

    book = load_workbook(io.BytesIO(client.get(f"/dashboard/{mission.code}/strength.xlsx",
                                               {"on": ON.isoformat()}).content))
    claims = client.get(f"/dashboard/{mission.code}/strength.csv", {"on": ON.isoformat(), "part": "claims"})

    assert len(next(book["Over time"].iter_rows(values_only=True))) == 1 + COUNTRIES + 1  # date, each, total
    assert len(book["Strength"]["A"]) == 1 + COUNTRIES * 3 + 1  # header, two categories and all, mission total
    lines = claims.content.decode().strip().splitlines()
    assert len(lines) == 1 + 1200
    # Each marked: the 100 of December 2015 standing, the 1,100 before them replaced by their publisher's newer one.
    assert lines[0].endswith(",On the date")
    assert sum(line.endswith(",standing") for line in lines) == 100
    assert sum(line.endswith(",replaced by the publisher's newer figure") for line in lines) == 1100
