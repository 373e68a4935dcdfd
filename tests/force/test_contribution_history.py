"""A published contribution table becomes a mission's history (issue #14): MINUSTAH's IPI table imported, Muster's
own strength on every table date is the table's, per country, category and sex, through the page, the API and the
command; the claims agree with it; re-importing adds nothing and a later month extends it; a mission with movements
of its own keeps them. Every expected figure is read from the file, but for the issue's own figures of January 2010.
"""

import csv
import datetime
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muster.core.models import Job, User
from muster.force import contributions
from muster.force.contribution_history import contribution_table_import, table_source_title
from muster.force.models import Contingent, Movement
from muster.force.selectors import claims_reconciled, strength_at
from muster.missions.models import Mission, PersonnelCategory
from muster.sources.models import Citation, Claim, Source

MINUSTAH_FILE = Path(__file__).resolve().parents[1] / "data" / "ipi" / "Gender.Full.MINUSTAH_rows.csv"
CATEGORY_OF = contributions.IPI_CATEGORIES  # the file's column prefixes as Muster's categories
# A date in each of three years of the mission, among the table's.
DATES = (datetime.date(2010, 1, 31), datetime.date(2012, 6, 30), datetime.date(2013, 6, 30))


def file_rows():
    with MINUSTAH_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_on(day):
    """{(iso3, category): (men, women)} on `day`, and the row number (as a spreadsheet shows it) of each figure."""
    figures, rows = defaultdict(lambda: [0, 0]), {}
    for number, row in enumerate(file_rows(), start=2):
        if row["Date"] != day.isoformat():
            continue
        for prefix, category in CATEGORY_OF.items():
            men, women = int(row[f"{prefix} Male"]), int(row[f"{prefix} Female"])
            if men or women:
                figures[(row["Contributor ISO-3"], category)][0] += men
                figures[(row["Contributor ISO-3"], category)][1] += women
                rows[(row["Contributor ISO-3"], category)] = number
    return {key: tuple(value) for key, value in figures.items()}, rows


def table_of(dates):
    """The file's header and its rows of `dates` only, as a file's bytes."""
    with MINUSTAH_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    date = rows[0].index("Date")
    wanted = {d.isoformat() for d in dates}
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_NONNUMERIC).writerows([rows[0]] + [r for r in rows[1:] if r[date] in wanted])
    return out.getvalue().encode()


def table_dates():
    return sorted({datetime.date.fromisoformat(r["Date"]) for r in file_rows()})


def minustah_create():
    return Mission.objects.create(code="MINUSTAH", name="United Nations Stabilization Mission in Haiti",
                                  start=datetime.date(2004, 6, 1), end=datetime.date(2017, 10, 15))


def computed_on(mission, day):
    return {(r.country, r.category): (r.men, r.women)
            for r in strength_at(mission=mission, on=day, by=("country", "category")).rows}


@pytest.fixture
def minustah(db):
    """MINUSTAH, with the whole IPI table (2,747 rows, 52 months) imported as its history by the command."""
    mission = minustah_create()
    out, progress = io.StringIO(), io.StringIO()
    call_command("import-contributions", str(MINUSTAH_FILE), format="ipi", mission="MINUSTAH", stdout=out,
                 stderr=progress)
    assert "Building the history: 2014-02-28 (51 of 52)" in progress.getvalue()  # the command shows its progress
    return mission, out.getvalue()


def test_strength_on_every_table_date_is_the_tables_and_every_movement_cites_it(minustah):
    mission, outcome = minustah
    dates = table_dates()
    assert len(dates) == 52
    for day in dates:
        assert computed_on(mission, day) == expected_on(day)[0], day
    # Between two table dates nothing moves: the day before a table date has the previous date's figures.
    assert computed_on(mission, dates[1] - datetime.timedelta(days=1)) == expected_on(dates[0])[0]
    assert computed_on(mission, dates[0] - datetime.timedelta(days=1)) == {}
    assert set(Movement.objects.filter(contingent__mission=mission).values_list("date", flat=True)) == set(dates)
    contingents = Contingent.objects.filter(mission=mission).count()
    movements = Movement.objects.filter(contingent__mission=mission).count()
    assert outcome.strip().endswith(f"History built from {dates[0]} to {dates[-1]}: {contingents} contingents and "
                                    f"{movements} movements added, each citing the table.")
    # The claims agree with the history built from them: none "differing" from nothing.
    claims = claims_reconciled(claims=Claim.objects.filter(mission=mission, as_of__in=DATES))
    assert claims.count() == 3 * sum(len(expected_on(day)[0]) for day in DATES)  # strength, men, women
    assert not claims.exclude(difference=0).exists()

    # Each movement cites the table: the figure it reaches as the quote, the figure's row as the locator. Brazil's
    # troops arrive on the first date; in January 2010 every contingent whose figures changed moves.
    source = Source.objects.get(title=table_source_title(filename=MINUSTAH_FILE.name, fmt="ipi"))
    first, first_rows = expected_on(dates[0])
    men, women = first[("BRA", PersonnelCategory.MILITARY)]
    (arrival,) = Movement.objects.filter(contingent__country="BRA", contingent__category=PersonnelCategory.MILITARY,
                                         date=dates[0])
    assert (arrival.kind, arrival.men, arrival.women) == (Movement.Kind.ARRIVAL, men, women)
    (citation,) = arrival.citations.all()
    assert (citation.source, citation.quote, citation.locator) == (
        source, f"Brazil Military unit 2009-11-30: {men:,} men, {women:,} women",
        f"row {first_rows[('BRA', PersonnelCategory.MILITARY)]}")
    january, rows = expected_on(DATES[0])
    december, _rows = expected_on(dates[dates.index(DATES[0]) - 1])
    changed = {key for key in set(january) | set(december) if january.get(key) != december.get(key)}
    moved = Movement.objects.filter(contingent__mission=mission, date=DATES[0]).select_related(
        "contingent__country").prefetch_related("citations")
    assert {(m.contingent.country_id, m.contingent.category) for m in moved} == changed and changed
    for movement in moved:
        key = (movement.contingent.country_id, movement.contingent.category)
        (citation,) = movement.citations.all()
        if key in january:
            label = PersonnelCategory(key[1]).label
            assert citation.quote == (f"{movement.contingent.country.name} {label} 2010-01-31: "
                                      f"{january[key][0]:,} men, {january[key][1]:,} women")
            assert citation.locator == f"row {rows[key]}"
        else:  # gone from the table that month: nobody left
            assert movement.kind == Movement.Kind.DEPARTURE and citation.locator.startswith("no row for ")
    assert Citation.objects.filter(source=source).count() == Movement.objects.filter(
        contingent__mission=mission).count()


def test_the_dashboard_the_api_and_the_command_show_the_files_figures_on_three_dates(minustah, signed_in):
    mission, _outcome = minustah
    client = signed_in("j3")
    for day in DATES:
        expected, _rows = expected_on(day)
        countries = {iso3 for iso3, _category in expected}
        total = sum(men + women for men, women in expected.values())
        women = sum(w for _m, w in expected.values())
        by_category = defaultdict(int)
        for (_iso3, category), (m, w) in expected.items():
            by_category[category] += m + w
        brazil = expected[("BRA", PersonnelCategory.MILITARY)]
        if day == DATES[0]:  # the figures for 31 January 2010, which the file gives
            assert (len(countries), total, women) == (47, 9_030, 220)
            assert (by_category[PersonnelCategory.INDIVIDUAL_POLICE], by_category[PersonnelCategory.FORMED_POLICE],
                    by_category[PersonnelCategory.MILITARY]) == (853, 1_145, 7_032)
            assert (sum(brazil), brazil[1]) == (1_280, 7)

        page = client.get(f"/dashboard/MINUSTAH/?on={day}&country=BRA").content.decode()
        assert f'<div class="figure" id="mission-total">{total:,}</div>' in page
        assert page.count('data-category="all"') == len(countries)
        differing = page.split("Published figures that differ")[1].split("</div>")[1]
        assert differing.endswith('<div class="figure">0')  # the claims agree with the history built from them
        brazil_row = page.split('data-country="BRA" data-category="military">')[1].split("</tr>")[0]
        assert f'<td class="num">{brazil[0]:,}</td><td class="num">{brazil[1]:,}</td>' in brazil_row

        response = client.get("/api/strength/", {"mission": "MINUSTAH", "on": day.isoformat()})
        api = response.json()
        assert (api["total"], api["women"], api["unknown"]) == (total, women, 0)
        assert len({r["country"] for r in api["rows"]}) == len(countries)
        got = {(r["country"], r["category"]): (r["men"], r["women"]) for r in api["rows"]}
        assert got == expected

        out = io.StringIO()
        call_command("strength", mission="MINUSTAH", on=day.isoformat(), format="json", stdout=out)
        lines = json.loads(out.getvalue())["strength"]
        categories = [line for line in lines if line["Category"] not in ("", "All categories")]
        assert {(line["ISO"], line["Men"], line["Women"]) for line in categories} == {
            (iso3, m, w) for (iso3, _category), (m, w) in expected.items()}
        assert lines[-1]["Total"] == total and lines[-1]["Women"] == women

    # The API carries a bounded number of the published figures (those standing on the date: the table's latest for
    # each country, category and metric), not the 3 MB of all of them.
    held = Claim.objects.filter(mission=mission, as_of__lte=DATES[2]).count()
    assert held > 8_000  # a claim per country, category, metric and month up to mid-2013
    assert 100 < api["claims_total"] < 300 and len(api["claims"]) == api["claims_limit"] == 100
    assert all(c["as_of"] == DATES[2].isoformat() for c in api["claims"])
    assert len(response.content) < 100_000


def test_reimporting_adds_nothing_and_a_later_month_extends_the_history(db):
    mission = minustah_create()
    months = table_dates()[:3]
    first = contribution_table_import(user=None, mission=mission, content=table_of(months[:2]), filename="a.csv",
                                      fmt="ipi")
    assert first.history.dates == [months[0], months[1]] and first.created > 0
    held = (Movement.objects.filter(contingent__mission=mission).count(), Claim.objects.count(),
            Contingent.objects.count(), Citation.objects.count())
    again = contribution_table_import(user=None, mission=mission, content=table_of(months[:2]), filename="a.csv",
                                      fmt="ipi")
    assert (again.created, again.history.movements, again.history.contingents) == (0, 0, 0)
    assert again.history.earlier_dates == 2
    assert (Movement.objects.filter(contingent__mission=mission).count(), Claim.objects.count(),
            Contingent.objects.count(), Citation.objects.count()) == held
    # The next month's table (a file of its own, with the earlier months too): the history goes on from its end.
    later = contribution_table_import(user=None, mission=mission, content=table_of(months), filename="b.csv",
                                      fmt="ipi")
    assert later.history.dates == [months[2], months[2]] and later.history.earlier_dates == 2
    history = Movement.objects.filter(contingent__mission=mission)
    assert history.filter(date__lt=months[2]).count() == held[0]  # the earlier history as it was
    assert history.filter(date=months[2]).count() == later.history.movements > 0
    for day in months:
        assert computed_on(mission, day) == expected_on(day)[0]


def test_a_mission_with_movements_of_its_own_keeps_them_and_the_table_stays_claims(signed_in):
    mss = Mission.objects.get(code="MSS")
    on = datetime.date(2025, 2, 6)
    before = computed_on(mss, on)
    movements = Movement.objects.count()
    table = (b"Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
             b"Female_Personnel,Male_Personnel,Last_Reporting_Date\n"
             b"1,KEN,404,Kenya,MSS,Formed Police Units,30,570,31-Jan-25\n")
    upload = SimpleUploadedFile("mss_january.csv", table, content_type="text/csv")
    page = signed_in("j1").post("/contributions/import/", {"fmt": "un", "mission": "MSS", "file": upload},
                                follow=True).content.decode()
    assert ("3 claims added from 1 figures of mss_january.csv for MSS (0 figures of other missions left alone). "
            "MSS records its own movements: the table stays published figures beside them, and no movement was "
            "built from it.") in page
    assert Movement.objects.count() == movements and computed_on(mss, on) == before
    assert sorted(Claim.objects.filter(source__title__startswith="mss_january.csv").values_list("value", flat=True)
                  ) == [30, 570, 600]


def test_a_liaison_imports_nothing_outside_their_country(signed_in):
    mission = minustah_create()
    liaison = User.objects.get(username="liaison-gtm")
    held = (Movement.objects.count(), Claim.objects.count(), Contingent.objects.count(), Source.objects.count())
    with pytest.raises(PermissionDenied, match="outside what you may add; nothing was saved"):
        contribution_table_import(user=liaison, mission=mission, content=table_of(DATES[:1]), filename="t.csv",
                                  fmt="ipi")
    assert (Movement.objects.count(), Claim.objects.count(), Contingent.objects.count(),
            Source.objects.count()) == held
    assert signed_in("liaison-gtm").get("/contributions/import/").status_code == 403


def test_a_figure_dated_outside_the_mission_is_refused_naming_its_rows_and_nothing_is_stored(db):
    mission = Mission.objects.create(code="MINUSTAH", name="MINUSTAH", start=datetime.date(2004, 6, 1),
                                     end=datetime.date(2009, 12, 31))  # as if it had ended before 2010
    held = (Movement.objects.count(), Claim.objects.count(), Source.objects.count())
    table = table_of([datetime.date(2009, 12, 31), datetime.date(2010, 1, 31)])
    january = [n for n, row in enumerate(csv.DictReader(io.StringIO(table.decode())), start=2)
               if row["Date"] == "2010-01-31"]
    with pytest.raises(contributions.ContributionFileError) as refused:
        contribution_table_import(user=None, mission=mission, content=table, filename="t.csv", fmt="ipi")
    assert sorted({e.row for e in refused.value.errors}) == january
    assert str(refused.value.errors[0]) == (f"Row {january[0]}, column Date: 2010-01-31 is outside MINUSTAH "
                                            "(2004-06-01 to 2009-12-31).")
    assert (Movement.objects.count(), Claim.objects.count(), Source.objects.count()) == held


def test_the_number_of_queries_does_not_grow_with_the_table(db):
    counts = []
    for months, code in ((table_dates()[:1], "ONE"), (table_dates()[:6], "SIX")):
        mission = Mission.objects.create(code=code, name=code, start=datetime.date(2004, 6, 1))
        table = table_of(months).decode().replace('"MINUSTAH"', f'"{code}"').encode()
        with CaptureQueriesContext(connection) as queries:
            result = contribution_table_import(user=None, mission=mission, content=table, filename=f"{code}.csv",
                                               fmt="ipi")
        assert result.history.movements > 0
        # Bulk inserts come in batches (as many as the database takes in one statement): those alone may grow.
        counts.append(sum(1 for q in queries if not q["sql"].startswith("INSERT")))
    assert counts[0] == counts[1]


def test_a_large_table_is_imported_as_a_job_with_its_progress(signed_in, settings):
    settings.MUSTER_CONTRIBUTION_IMPORT_JOB_ROWS = 20
    mission = minustah_create()
    months = table_dates()[:3]
    upload = SimpleUploadedFile(MINUSTAH_FILE.name, table_of(months), content_type="text/csv")
    response = signed_in("j1").post("/contributions/import/", {"fmt": "ipi", "mission": "MINUSTAH",
                                                                "file": upload})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE and (job.done, job.total) == (3, 3)  # the table's three dates
    assert "History built from 2009-11-30 to 2010-01-31" in job.message
    assert job.result_url == Source.objects.get(title__startswith=MINUSTAH_FILE.name).get_absolute_url()
    for day in months:
        assert computed_on(mission, day) == expected_on(day)[0]


def test_a_un_table_builds_the_history_too_staff_officers_and_experts_together(db):
    # Two months of the UN's "contributions by gender" table for a new mission (figures of the kind it publishes):
    # Kenya's staff officers and experts on mission are one category in Muster, cited by both rows.
    mission = Mission.objects.create(code="UNTEST", name="A UN mission", start=datetime.date(2021, 1, 1))
    header = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
              "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")
    december = ("1,KEN,404,Kenya,UNTEST,Staff Officer,2,10,31-Dec-21\n"
                "2,KEN,404,Kenya,UNTEST,Experts on Mission,1,4,31-Dec-21\n"
                "3,RWA,646,Rwanda,UNTEST,Troops,40,760,31-Dec-21\n")
    january = ("4,KEN,404,Kenya,UNTEST,Staff Officer,3,9,31-Jan-22\n"
               "5,RWA,646,Rwanda,UNTEST,Troops,44,751,31-Jan-22\n"
               "6,BGD,50,Bangladesh,UNTEST,Formed Police Units,20,160,31-Jan-22\n"
               "7,NPL,524,Nepal,UNTEST,Individual Police,0,0,31-Jan-22\n")  # listed, with nobody
    result = contribution_table_import(user=None, mission=mission, content=(header + december + january).encode(),
                                       filename="un.csv", fmt="un")
    assert result.history.dates == [datetime.date(2021, 12, 31), datetime.date(2022, 1, 31)]
    staff, troops, fpu = PersonnelCategory.STAFF_OFFICERS, PersonnelCategory.MILITARY, PersonnelCategory.FORMED_POLICE
    assert computed_on(mission, datetime.date(2021, 12, 31)) == {("KEN", staff): (14, 3), ("RWA", troops): (760, 40)}
    assert computed_on(mission, datetime.date(2022, 1, 31)) == {("KEN", staff): (9, 3), ("RWA", troops): (751, 44),
                                                                ("BGD", fpu): (160, 20)}
    assert not Contingent.objects.filter(mission=mission, country="NPL").exists()  # nobody ever: no contingent
    assert Claim.objects.filter(mission=mission, countries="NPL", metric="strength").get().value == 0
    kenya = Movement.objects.get(contingent__country="KEN", date=datetime.date(2021, 12, 31))
    assert (kenya.kind, kenya.men, kenya.women) == (Movement.Kind.ARRIVAL, 14, 3)
    assert kenya.citations.get().locator == "rows 2, 3"  # the file's rows 2 and 3, after its header
    # Rwanda in January: 9 men fewer and 4 women more, a departure and an arrival on the same day.
    rwanda = {m.kind: (m.men, m.women) for m in Movement.objects.filter(contingent__country="RWA",
                                                                          date=datetime.date(2022, 1, 31))}
    assert rwanda == {Movement.Kind.DEPARTURE: (9, 0), Movement.Kind.ARRIVAL: (0, 4)}
