"""The IPI and UN contribution tables: MINUSTAH's published strength as claims, exactly as the file has it."""

import csv
import datetime
from collections import defaultdict
from pathlib import Path

import pytest

from muster.force import contributions
from muster.force.selectors import strength_at
from muster.force.services import contributions_import
from muster.missions.models import Mission, PersonnelCategory
from muster.sources.models import Claim, Source

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
MINUSTAH = DATA / "ipi" / "Gender.Full.MINUSTAH_rows.csv"
JANUARY_2010 = datetime.date(2010, 1, 31)


def test_the_shared_data_is_where_the_tests_expect_it():
    assert MINUSTAH.is_file(), MINUSTAH


def expected_january_2010():
    """{(iso3, category): (men, women)} for MINUSTAH on 31 Jan 2010, straight from the file."""
    figures = defaultdict(lambda: [0, 0])
    with MINUSTAH.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Date"] != "2010-01-31":
                continue
            for prefix, category in contributions.IPI_CATEGORIES.items():
                men, women = int(row[f"{prefix} Male"]), int(row[f"{prefix} Female"])
                if men or women:
                    figures[(row["Contributor ISO-3"], category)][0] += men
                    figures[(row["Contributor ISO-3"], category)][1] += women
    return figures


@pytest.fixture
def minustah(db):
    mission = Mission.objects.create(code="MINUSTAH", name="United Nations Stabilization Mission in Haiti",
                                     start=datetime.date(2004, 6, 1), end=datetime.date(2017, 10, 15))
    source = Source.objects.create(kind=Source.Kind.DATASET, title="IPI Peacekeeping Database: Gender.Full (MINUSTAH)",
                                   publisher="International Peace Institute", reliability="B", credibility="2")
    rows = contributions.ipi_rows_read(content=MINUSTAH.read_bytes())
    created = contributions_import(mission=mission, contributions=[r for r in rows if r.mission == "MINUSTAH"],
                                   source=source)
    return mission, source, created


def test_importing_the_ipi_table_gives_the_files_figures_for_january_2010(minustah):
    mission, source, created = minustah
    expected = expected_january_2010()
    assert len(expected) > 40  # dozens of contributors and categories that month
    claims = Claim.objects.filter(mission=mission, as_of=JANUARY_2010).prefetch_related("countries")
    got = defaultdict(dict)
    for claim in claims:
        (country,) = claim.countries.all()
        got[(country.iso3, claim.category)][claim.metric] = claim.value
    assert {k: (v["men"], v["women"]) for k, v in got.items()} == {k: tuple(v) for k, v in expected.items()}
    assert all(v["strength"] == v["men"] + v["women"] for v in got.values())
    assert all(c.source == source for c in claims)


def test_womens_share_by_category_follows_from_the_imported_figures(minustah):
    mission = minustah[0]
    expected = expected_january_2010()
    for category in (PersonnelCategory.INDIVIDUAL_POLICE, PersonnelCategory.FORMED_POLICE, PersonnelCategory.MILITARY):
        men = sum(v[0] for (iso3, c), v in expected.items() if c == category)
        women = sum(v[1] for (iso3, c), v in expected.items() if c == category)
        claims = Claim.objects.filter(mission=mission, as_of=JANUARY_2010, category=category)
        women_claimed = sum(claims.filter(metric="women").values_list("value", flat=True))
        total_claimed = sum(claims.filter(metric="strength").values_list("value", flat=True))
        assert (women_claimed, total_claimed) == (women, men + women)
        assert 0 < women_claimed / total_claimed < 0.2


def test_importing_the_same_table_again_adds_nothing(minustah):
    mission, source, created = minustah
    assert created > 0
    rows = contributions.ipi_rows_read(content=MINUSTAH.read_bytes())
    assert contributions_import(mission=mission, contributions=rows, source=source) == 0
    assert Claim.objects.filter(mission=mission).count() == created


def test_musters_strength_is_written_in_the_un_gender_format(demo):
    mission = Mission.objects.get(code="MSS")
    strength = strength_at(mission=mission, on=datetime.date(2025, 2, 6), by=("country", "category"))
    headers, rows, unplaced = contributions.un_gender_rows_write(strength=strength, mission_code="MSS")
    assert headers[:4] == ["Contribution_ID", "ISOCode3", "M49_Code", "Contributing_Country"]
    kenya = next(r for r in rows if r[1] == "KEN")
    assert kenya[2] == 404 and kenya[5] == "Formed Police Units" and kenya[8] == "06-Feb-25"
    assert sum(r[6] + r[7] for r in rows) + unplaced == strength.total
