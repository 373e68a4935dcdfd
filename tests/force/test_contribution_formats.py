"""The IPI and UN contribution tables: MINUSTAH's published strength as claims, exactly as the file has it."""

import csv
import datetime
import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from muster.force import contributions
from muster.force.contribution_history import contributions_import
from muster.force.selectors import strength_at
from muster.missions.models import Mission, PersonnelCategory
from muster.sources.models import Claim, Source

# Published tables, as their publishers wrote them (tests/data/ipi/README.md, tests/data/un_peacekeeping/README.md).
DATA = Path(__file__).resolve().parents[1] / "data"
MINUSTAH = DATA / "ipi" / "Gender.Full.MINUSTAH_rows.csv"
UN_RANKS = DATA / "un_peacekeeping" / "odp_contributionranks_2022-01.csv"
JANUARY_2010 = datetime.date(2010, 1, 31)
# Most tests import the three months around January 2010 (about a twentieth of the file's 2,747 rows, every
# contributor of those months): the same code and the same real figures, in a second rather than in ten. The
# command's test reads the whole file.
THREE_MONTHS = ("2009-12-31", "2010-01-31", "2010-02-28")


def minustah_three_months():
    """The IPI table, its header and only the rows of THREE_MONTHS, as a file's bytes."""
    with MINUSTAH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    date = rows[0].index("Date")
    table = io.StringIO()
    csv.writer(table, quoting=csv.QUOTE_NONNUMERIC).writerows(
        [rows[0]] + [row for row in rows[1:] if row[date] in THREE_MONTHS])
    return table.getvalue().encode()


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
    rows = contributions.ipi_rows_read(content=minustah_three_months())
    assert {r.as_of.isoformat() for r in rows} == set(THREE_MONTHS)
    created = contributions_import(mission=mission, contributions=[r for r in rows if r.mission == "MINUSTAH"],
                                   source=source)
    return mission, source, len(created)


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
    rows = contributions.ipi_rows_read(content=minustah_three_months())
    assert contributions_import(mission=mission, contributions=rows, source=source) == []
    assert Claim.objects.filter(mission=mission).count() == created


def test_musters_strength_is_written_in_the_un_gender_format(demo):
    mission = Mission.objects.get(code="MSS")
    strength = strength_at(mission=mission, on=datetime.date(2025, 2, 6), by=("country", "category"))
    headers, rows, unplaced = contributions.un_gender_rows_write(strength=strength, mission_code="MSS")
    assert headers[:4] == ["Contribution_ID", "ISOCode3", "M49_Code", "Contributing_Country"]
    kenya = next(r for r in rows if r[1] == "KEN")
    assert kenya[2] == 404 and kenya[5] == "Formed Police Units" and kenya[8] == "06-Feb-25"
    assert sum(r[6] + r[7] for r in rows) + unplaced == strength.total


def test_the_personnel_officer_uploads_the_ipi_table_and_a_second_upload_adds_nothing(signed_in):
    mission = Mission.objects.create(code="MINUSTAH", name="United Nations Stabilization Mission in Haiti",
                                     start=datetime.date(2004, 6, 1), end=datetime.date(2017, 10, 15))
    table = minustah_three_months()
    expected = 3 * len(contributions.ipi_rows_read(content=table))  # strength, men, women
    client = signed_in("j1")
    for added in (expected, 0):
        upload = SimpleUploadedFile(MINUSTAH.name, table, content_type="text/csv")
        response = client.post("/contributions/import/", {"fmt": "ipi", "mission": "MINUSTAH", "file": upload},
                               follow=True)
        assert f"{added} claims added from {expected // 3} figures of {MINUSTAH.name} for MINUSTAH" in \
            response.content.decode()
    source = Source.objects.get(title=f"{MINUSTAH.name} (IPI contribution table)")
    assert response.redirect_chain[-1][0] == source.get_absolute_url()
    january = Claim.objects.filter(mission=mission, source=source, as_of=JANUARY_2010, metric="women")
    assert sum(c.value for c in january) == sum(w for _m, w in expected_january_2010().values())
    assert signed_in("liaison-gtm").get("/contributions/import/").status_code == 403


def test_a_table_with_bad_rows_is_refused_whole_naming_row_column_and_reason(signed_in):
    Mission.objects.create(code="MINUSTAH", name="MINUSTAH", start=datetime.date(2004, 6, 1))
    with MINUSTAH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[:6]
    header = rows[0]
    rows[2][header.index("Date")] = "31/13/2010"  # spreadsheet row 3
    rows[4][header.index("Troops Female")] = "-2"  # row 5
    table = io.StringIO()
    csv.writer(table).writerows(rows)
    bad = table.getvalue().encode()
    with pytest.raises(contributions.ContributionFileError) as refused:
        contributions.ipi_rows_read(content=bad)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "Date"), (5, "Troops Female")]
    assert str(refused.value.errors[0]) == "Row 3, column Date: “31/13/2010” is not valid here."
    held = (Claim.objects.count(), Source.objects.count())  # the demo's
    upload = SimpleUploadedFile("bad.csv", bad, content_type="text/csv")
    page = signed_in("j1").post("/contributions/import/", {"fmt": "ipi", "mission": "MINUSTAH", "file": upload})
    assert "2 problems — nothing was stored" in page.content.decode()
    assert (Claim.objects.count(), Source.objects.count()) == held
    wrong_mission = SimpleUploadedFile("t.csv", MINUSTAH.read_bytes(), content_type="text/csv")
    page = signed_in("j1").post("/contributions/import/", {"fmt": "ipi", "mission": "MSS", "file": wrong_mission})
    assert "no row is for MSS (the table has: MINUSTAH)." in page.content.decode()
    headless = SimpleUploadedFile("u.csv", b"Country,Men\nKEN,3\n", content_type="text/csv")
    page = signed_in("j1").post("/contributions/import/", {"fmt": "un", "mission": "MSS", "file": headless})
    assert "Column Personnel_Type: is missing from the header." in page.content.decode()


def test_the_uns_contribution_ranks_table_brought_for_the_gender_table_is_refused_naming_what_it_lacks(signed_in):
    # The UN publishes the ranks beside the gender table, with a byte-order mark and CR LF: an easy file to mix up.
    with pytest.raises(contributions.ContributionFileError) as refused:
        contributions.un_gender_rows_read(content=UN_RANKS.read_bytes())
    assert [e.column for e in refused.value.errors] == ["Mission_Acronym", "Personnel_Type"]  # ISOCode3 was read
    held = (Claim.objects.count(), Source.objects.count())
    upload = SimpleUploadedFile(UN_RANKS.name, UN_RANKS.read_bytes(), content_type="text/csv")
    page = signed_in("j1").post("/contributions/import/", {"fmt": "un", "mission": "MSS", "file": upload})
    assert "Column Mission_Acronym: is missing from the header." in page.content.decode()
    assert (Claim.objects.count(), Source.objects.count()) == held


def test_the_dashboards_un_export_reads_back_as_the_un_table_with_musters_figures(signed_in):
    mission = Mission.objects.get(code="MSS")
    on = datetime.date(2025, 2, 6)
    response = signed_in("j3").get("/dashboard/MSS/strength.csv", {"on": on.isoformat(), "part": "un"})
    assert response["Content-Disposition"].endswith('strength_MSS_2025-02-06_un_gender.csv"')
    assert response.content.decode().splitlines()[0] == ",".join(contributions.UN_HEADERS)
    figures = contributions.un_gender_rows_read(content=response.content)
    strength = strength_at(mission=mission, on=on, by=("country", "category"))
    assert {(f.country, f.category): (f.men, f.women) for f in figures} == {
        (r.country, r.category): (r.men, r.women) for r in strength.rows}
    assert {f.as_of for f in figures} == {on} and {f.mission for f in figures} == {"MSS"}


def test_the_command_imports_the_table_and_names_the_rows_it_cannot_read(db, tmp_path):
    Mission.objects.create(code="MINUSTAH", name="MINUSTAH", start=datetime.date(2004, 6, 1))
    # Every row of the whole file reads (each of its 2,747 rows has one contributor's figures of a month) …
    assert len(contributions.ipi_rows_read(content=MINUSTAH.read_bytes())) > 2_700
    # … and the command stores three months of it, as the upload does.
    table = tmp_path / MINUSTAH.name
    table.write_bytes(minustah_three_months())
    out = io.StringIO()
    call_command("import-contributions", str(table), format="ipi", mission="MINUSTAH", stdout=out)
    figures = len(contributions.ipi_rows_read(content=table.read_bytes()))
    read = contributions.ipi_rows_read(content=table.read_bytes())
    contingents = len({(f.country, f.category) for f in read})
    assert out.getvalue().strip().startswith(
        f"{3 * figures} claims added from {figures} figures of {MINUSTAH.name} for MINUSTAH (0 figures of other "
        f"missions left alone). History built from 2009-12-31 to 2010-02-28: {contingents} contingents and ")
    bad = tmp_path / "bad.csv"
    bad.write_text('"Date","Contributor ISO-3","Mission"\n2010-01-31,XXX,MINUSTAH\n', encoding="utf-8")
    with pytest.raises(CommandError, match="Column Individual Police Male: is missing from the header."):
        call_command("import-contributions", str(bad), format="ipi", mission="MINUSTAH")
