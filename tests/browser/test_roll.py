"""The nominal roll in the browser: a roll with a mistake is refused naming row and column; fixed, it is stored,
and the PERSTAT shows it. With JavaScript and without: the import is plain forms."""

import csv
import io

import pytest
from playwright.sync_api import expect
from steps import cells_by_header

pytestmark = pytest.mark.browser

DAY = "2025-02-06"
CONTINGENT = "Jamaica — Military unit (MSS)"
HEADERS = ["Svc No", "Surname", "Given names", "Rank", "NATO grade", "Sex", "Date d'arrivée"]
ROWS = [  # obviously invented officers, as a liaison's spreadsheet would list them
    ["JDF-T001", "Testofficer", "One", "Lieutenant", "OF-1", "F", "20/01/2025"],
    ["JDF-T002", "Testofficer", "Two", "Corporal", "OR-4", "M", "20/01/2025"],
    ["JDF-T003", "Testofficer", "Three", "Private", "OR-2", "M", "2025-01-20"],
    ["JDF-T004", "Testofficer", "Four", "Private", "OR-2", "F", "2025-02-06"],
    ["JDF-T005", "Testofficer", "Five", "Sergeant", "OR-6", "M", "2025-01-20"],
    ["JDF-T006", "Testofficer", "Six", "Private", "OR-2", "M", "2025-01-20"],
]


def roll_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def upload(page, rows, name="jamaica_roll.csv"):
    page.goto("/roll/import/")
    page.get_by_label("Contingent").select_option(label=CONTINGENT)
    page.get_by_label("Roll (XLSX or CSV)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": roll_csv(rows)}])
    page.get_by_role("button", name="Check the file").click()


def jamaica_row(page):
    row = page.locator("#perstat tbody tr", has=page.get_by_role("cell", name="JAM", exact=True)).filter(
        has=page.get_by_role("cell", name="Military unit", exact=True))
    expect(row).to_have_count(1)
    return cells_by_header(row)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_personnel_officer_fixes_a_refused_roll_and_sees_the_perstat_change(open_page, javascript):
    page = open_page(javascript=javascript, signed_in_as="j1")
    page.goto(f"/perstat/MSS/?on={DAY}")
    before = jamaica_row(page)
    assert before["On roll"] == ""  # Jamaica keeps no roll yet: only its strength from movements
    from_movements = before["From movements"]

    wrong = [list(row) for row in ROWS]
    wrong[2][4] = "Private"  # spreadsheet row 4: the rank title typed where the NATO code belongs
    upload(page, wrong)
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("1 problem — nothing was stored")
    expect(errors.get_by_role("listitem")).to_have_count(1)
    expect(errors.get_by_role("listitem")).to_contain_text("Row 4, column NATO grade: Use a NATO rank code")

    upload(page, ROWS)
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("jamaica_roll.csv for Jamaica")
    expect(preview.get_by_role("row", name="People to add")).to_contain_text("6")
    page.get_by_role("button", name="Store this roll").click()
    expect(page.get_by_text("6 people added")).to_be_visible()

    page.goto(f"/perstat/MSS/?on={DAY}")
    after = jamaica_row(page)
    assert (after["On roll"], after["Strength"], after["Present"]) == ("6", "6", "6")
    assert (after["Men"], after["Women"], after["Arrived"]) == ("4", "2", "1")  # T004 arrived on the day
    assert after["From movements"] == from_movements
    difference = 6 - int(from_movements.replace(",", ""))
    assert after["Roll − movements"] == f"⚠ {'+' if difference > 0 else '−'}{abs(difference):,}"  # flagged
