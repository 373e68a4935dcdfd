"""A personnel officer's day in real Chromium: sign in, pick a date, record an arrival with its source,
and see the strength, the published figure it is compared with, and the chart change.

The figures are the demo data's (the MSS public record): on 6 February 2025 the movements give Kenya
761 officers and the mission 1,080, while kenyans.co.ke reported 744 for Kenya that day.
Every flow runs with JavaScript (htmx swaps the dashboard's body in place) and without (plain GET and
POST), because the field's connections are poor and every page must work without scripts.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from muster.force.models import Movement
from muster.missions.demo import DEMO_PASSWORD
from muster.sources.models import Source

pytestmark = pytest.mark.browser

DASHBOARD = "/dashboard/MSS/"
DAY = "2025-02-06"
KENYA_MSS = "Kenya — Formed police unit (MSS)"

WITH_AND_WITHOUT_JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False],
                                                      ids=["with-javascript", "without-javascript"])


# --- what a user does ------------------------------------------------------------------------------

def sign_in(page: Page, username="j1", password=DEMO_PASSWORD):
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_dashboard_on(page: Page, day=DAY):
    page.goto(f"{DASHBOARD}?on={day}")
    expect(page.locator("#id_on")).to_have_value(day)


def record_movement(page: Page, *, contingent=KENYA_MSS, kind="Arrival", day=DAY, count, men="", women="",
                    source_title="", source_publisher="", source_address="", quote=""):
    """Fill in the movement form at /movements/add/ and save it."""
    page.goto("/movements/add/")
    page.locator("#id_contingent").select_option(label=contingent)
    page.locator("#id_kind").select_option(label=kind)
    page.locator("#id_date").fill(day)
    page.locator("#id_count").fill(str(count))
    page.locator("#id_men").fill(str(men))
    page.locator("#id_women").fill(str(women))
    page.get_by_label("New source: title").fill(source_title)
    page.get_by_label("New source: publisher").fill(source_publisher)
    page.get_by_label("New source: kind").select_option(label="Press statement")
    page.get_by_label("New source: published on").fill(day)
    page.get_by_label("New source: address").fill(source_address)
    page.get_by_label("Quoted words").fill(quote)
    page.get_by_role("button", name="Save").click()


# --- what a user reads -----------------------------------------------------------------------------

def cells_by_header(row):
    """One table row as {column header: cell text}."""
    return row.evaluate("""tr => {
        const headers = [...tr.closest('table').querySelectorAll('thead th')].map(th => th.textContent.trim());
        return Object.fromEntries([...tr.cells].map((td, i) => [headers[i], td.textContent.trim()]));
    }""")


def country_total(page: Page, iso3):
    row = page.locator(f'#strength-table tr[data-country="{iso3}"][data-category="all"]')
    return cells_by_header(row)["Total"]


def mission_total(page: Page):
    return page.locator("#mission-total").inner_text()


def claim_row(page: Page, *, as_of, subject, reported):
    """The reconciliation row of one published figure."""
    rows = page.locator("#reconciliation tbody tr")
    row = rows.filter(has=page.locator("td:nth-child(1)", has_text=as_of)).filter(
        has=page.locator("td:nth-child(2)", has_text=re.compile(f"^{subject}$"))).filter(
        has=page.locator("td:nth-child(4)", has_text=re.compile(f"^{reported}$")))
    expect(row).to_have_count(1)
    return row


def last_series_row(page: Page):
    return cells_by_header(page.locator("#series-table tbody tr").last)


def chart_bars(page: Page, country):
    """The chart's bars for one country, read from the SVG: {axis label: value}."""
    return page.locator("figure.chart svg").evaluate("""(svg, country) => {
        const legend = [...svg.querySelectorAll('.legends .legend')].find(g => g.textContent.trim() === country);
        if (!legend) return null;
        const serie = legend.id.replace('activate-', '');
        return [...svg.querySelectorAll(`.series.${serie} .bar`)].map(bar => [
            bar.querySelector('desc.x_label').textContent, Number(bar.querySelector('desc.value').textContent),
            Number(bar.querySelector('rect').getAttribute('height'))]);
    }""", country)


def expect_kenya_against_the_reported_744(page: Page, *, kenya, total, difference):
    assert country_total(page, "KEN") == kenya
    assert mission_total(page) == total
    claim = cells_by_header(claim_row(page, as_of="6 Feb 2025", subject="KEN", reported="744"))
    assert claim["From movements"] == kenya
    assert claim["Difference"] == f"⚠ {difference}"
    assert claim["Reported by"].startswith("kenyans.co.ke")
    expect(claim_row(page, as_of="6 Feb 2025", subject="KEN", reported="744").locator(".flag")).to_be_visible()


# --- the date ----------------------------------------------------------------------------------------

def test_choosing_a_date_redraws_the_dashboard_in_place_with_kenyas_761_against_the_reported_744(open_page):
    page = open_page(javascript=True)
    sign_in(page)
    page.goto(DASHBOARD)
    page.evaluate("window.notReloaded = true")

    with page.expect_response(lambda r: f"on={DAY}" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_on").fill(DAY)

    expect(page.locator("#dashboard-body")).to_contain_text("Personnel on 6 Feb 2025")
    assert page.evaluate("window.notReloaded") is True, "htmx should swap the body, not reload the page"
    expect(page).to_have_url(re.compile(rf"{DASHBOARD}\?on={DAY}$"))
    expect(page.locator("h1")).to_have_count(1)  # the fragment, not a whole page inside the page
    expect_kenya_against_the_reported_744(page, kenya="761", total="1,080", difference="+17")


def test_without_javascript_the_show_button_loads_the_dashboard_for_the_chosen_date(open_page):
    page = open_page(javascript=False)
    sign_in(page)
    page.goto(DASHBOARD)

    page.locator("#id_on").fill(DAY)
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(rf"{DASHBOARD}\?on={DAY}$"))
    expect(page.locator("#dashboard-body")).to_contain_text("Personnel on 6 Feb 2025")
    expect_kenya_against_the_reported_744(page, kenya="761", total="1,080", difference="+17")


# --- recording an arrival ----------------------------------------------------------------------------

@WITH_AND_WITHOUT_JAVASCRIPT
def test_an_arrival_of_50_recorded_with_its_new_source_raises_kenya_to_811_in_the_table_and_chart(
        open_page, javascript):
    page = open_page(javascript=javascript)
    sign_in(page)
    open_dashboard_on(page)
    expect_kenya_against_the_reported_744(page, kenya="761", total="1,080", difference="+17")
    assert last_series_row(page) == {"Date": "6 Feb 2025", "Bahamas": "65", "Belize": "2", "El Salvador": "78",
                                     "Guatemala": "150", "Jamaica": "24", "Kenya": "761", "Total": "1,080"}
    bars_before = chart_bars(page, "Kenya")
    assert bars_before[-2][:2] == ["Jan 25", 617] and bars_before[-1][:2] == ["Feb 25", 761]

    record_movement(page, count=50, men=42, women=8, source_title="Fourth contingent lands in Port-au-Prince",
                    source_publisher="Kenya National Police Service",
                    source_address="https://example.org/kenya-police/fourth-contingent",
                    quote="50 more officers, 8 of them women, arrived on Thursday.")

    expect(page.locator(".messages")).to_contain_text("Saved Arrival of 50 on 06 Feb 2025")
    expect(page.locator("h1")).to_have_text("Arrival of 50 on 06 Feb 2025")
    sources = page.locator("main ul").filter(has_text="Fourth contingent lands in Port-au-Prince")
    expect(sources).to_contain_text("Kenya National Police Service, 6 Feb 2025")
    expect(sources).to_contain_text("50 more officers, 8 of them women, arrived on Thursday.")

    open_dashboard_on(page)
    expect_kenya_against_the_reported_744(page, kenya="811", total="1,130", difference="+67")
    kenya = cells_by_header(page.locator('#strength-table tr[data-country="KEN"][data-category="all"]'))
    assert (kenya["Men"], kenya["Women"], kenya["Sex unknown"]) == ("162", "62", "587")
    assert last_series_row(page) == {"Date": "6 Feb 2025", "Bahamas": "65", "Belize": "2", "El Salvador": "78",
                                     "Guatemala": "150", "Jamaica": "24", "Kenya": "811", "Total": "1,130"}
    bars_after = chart_bars(page, "Kenya")
    assert bars_after[-2][:2] == ["Jan 25", 617], "January's bar must not move"
    assert bars_after[-1][:2] == ["Feb 25", 811]
    assert bars_after[-1][2] > bars_before[-1][2], "February's Kenya bar should grow taller"


@WITH_AND_WITHOUT_JAVASCRIPT
def test_men_and_women_that_do_not_add_up_to_the_count_are_refused_beside_the_count_and_nothing_is_stored(
        open_page, javascript):
    page = open_page(javascript=javascript)
    sign_in(page)
    movements = Movement.objects.count()

    record_movement(page, count=50, men=40, women=20, source_title="A miscounted arrival",
                    source_publisher="Kenya National Police Service")

    error = page.locator("#id_count-error")
    expect(error).to_have_text("Men (40) + women (20) + sex unknown (0) make 60, not the count of 50.")
    expect(page.locator("#id_count")).to_have_value("50")  # what the user typed is kept for correcting
    expect(page.get_by_label("New source: title")).to_have_value("A miscounted arrival")
    assert Movement.objects.count() == movements
    assert not Source.objects.filter(title="A miscounted arrival").exists()

    open_dashboard_on(page)
    assert country_total(page, "KEN") == "761"


def test_an_arrival_without_a_source_is_refused(open_page):
    page = open_page(javascript=False)
    sign_in(page)
    movements = Movement.objects.count()

    record_movement(page, count=50, men=42, women=8)

    expect(page.locator("#id_source-error")).to_contain_text("Every movement needs the source that reports it")
    assert Movement.objects.count() == movements
