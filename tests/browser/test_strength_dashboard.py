"""A personnel officer's day in real Chromium (signed in already; test_sign_in.py signs in): pick a date,
and see the strength, the published figure it is compared with, and the chart change.

The figures are the demo data's (the MSS public record): on 6 February 2025 the movements give Kenya
761 officers and the mission 1,080, while kenyans.co.ke reported 744 for Kenya that day (+17).
Every flow runs with JavaScript (htmx swaps the dashboard's body in place) and without (plain GET and
POST), because the field's connections are poor and every page must work without scripts.
"""

import re

import pytest
from playwright.sync_api import expect
from steps import (
    DASHBOARD,
    DAY,
    cells_by_header,
    chart_legend,
    chart_peak,
    choose_date_and_press_show,
    choose_date_with_htmx,
    country_row,
    expect_kenya_against_the_reported_744,
    last_series_row,
    open_dashboard_on,
    record_movement,
)

from muster.force.models import Movement
from muster.sources.models import Source

pytestmark = pytest.mark.browser

WITH_AND_WITHOUT_JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False],
                                                      ids=["with-javascript", "without-javascript"])
SERIES_ON_6_FEB_2025 = {"Date": "6 Feb 2025", "Bahamas": "65", "Belize": "2", "El Salvador": "78",
                        "Guatemala": "150", "Jamaica": "24", "Kenya": "761", "Total": "1,080"}


# --- choosing the date -------------------------------------------------------------------------------

def test_choosing_a_date_redraws_the_dashboard_in_place_with_kenyas_761_against_the_reported_744(open_page):
    page = open_page(javascript=True, signed_in_as="j1")
    page.goto(DASHBOARD)
    page.evaluate("window.stillTheSamePage = true")

    choose_date_with_htmx(page)

    expect(page.locator("#dashboard-body")).to_contain_text("Personnel on 6 Feb 2025")
    assert page.evaluate("window.stillTheSamePage") is True, "htmx should swap the body, not reload the page"
    expect(page).to_have_url(re.compile(rf"{DASHBOARD}\?on={DAY}$"))  # the address can be shared or reloaded
    expect(page.locator("h1")).to_have_count(1)  # the body alone was swapped in, not a page inside the page
    expect_kenya_against_the_reported_744(page, kenya="761", total="1,080", difference="+17")
    assert last_series_row(page) == SERIES_ON_6_FEB_2025


def test_without_javascript_the_show_button_loads_the_dashboard_for_the_chosen_date(open_page):
    page = open_page(javascript=False, signed_in_as="j1")
    page.goto(DASHBOARD)

    choose_date_and_press_show(page)

    expect(page).to_have_url(re.compile(rf"{DASHBOARD}\?on={DAY}$"))
    expect(page.locator("#id_on")).to_have_value(DAY)
    expect(page.locator("#dashboard-body")).to_contain_text("Personnel on 6 Feb 2025")
    expect_kenya_against_the_reported_744(page, kenya="761", total="1,080", difference="+17")
    assert last_series_row(page) == SERIES_ON_6_FEB_2025


# --- recording an arrival ----------------------------------------------------------------------------

@WITH_AND_WITHOUT_JAVASCRIPT
def test_an_arrival_of_50_recorded_with_its_new_source_raises_kenya_to_811_in_the_table_and_the_chart(
        open_page, javascript):
    page = open_page(javascript=javascript, signed_in_as="j1")
    open_dashboard_on(page, DAY)
    expect_kenya_against_the_reported_744(page, kenya="761", total="1,080", difference="+17")
    assert "Kenya" in chart_legend(page)
    assert chart_peak(page) == pytest.approx(1080, rel=0.01)
    chart_before = page.locator("figure.chart svg").inner_html()

    record_movement(page, count=50, men=42, women=8, source_title="Fourth contingent lands in Port-au-Prince",
                    source_publisher="Kenya National Police Service",
                    source_address="https://example.org/kenya-police/fourth-contingent",
                    quote="50 more officers, 8 of them women, arrived on Thursday.")

    expect(page.locator(".messages")).to_contain_text("Saved Arrival of 50 on 06 Feb 2025")
    expect(page.locator("h1")).to_have_text("Arrival of 50 on 06 Feb 2025")
    cited = page.locator("main li").filter(has_text="Fourth contingent lands in Port-au-Prince")
    expect(cited).to_contain_text("Kenya National Police Service, 6 Feb 2025")
    expect(cited).to_contain_text("50 more officers, 8 of them women, arrived on Thursday.")

    open_dashboard_on(page, DAY)
    expect_kenya_against_the_reported_744(page, kenya="811", total="1,130", difference="+67")
    kenya = country_row(page, "KEN")
    assert (kenya["Men"], kenya["Women"], kenya["Sex unknown"]) == ("162", "62", "587")
    assert last_series_row(page) == SERIES_ON_6_FEB_2025 | {"Kenya": "811", "Total": "1,130"}
    assert page.locator("figure.chart svg").inner_html() != chart_before
    assert chart_peak(page) == pytest.approx(1130, rel=0.01), "the chart should rise by Kenya's 50"


@WITH_AND_WITHOUT_JAVASCRIPT
def test_men_and_women_that_do_not_add_up_to_the_count_are_refused_beside_the_count_and_nothing_is_stored(
        open_page, javascript):
    page = open_page(javascript=javascript, signed_in_as="j1")
    movements = Movement.objects.count()

    record_movement(page, count=50, men=40, women=20, source_title="A miscounted arrival",
                    source_publisher="Kenya National Police Service")

    expect(page.locator("#id_count-error")).to_have_text(
        "Men (40) + women (20) + sex unknown (0) make 60, not the count of 50.")
    expect(page.locator("#id_count")).to_have_value("50")  # what was typed is kept, to be corrected
    expect(page.get_by_label("New source: title")).to_have_value("A miscounted arrival")
    assert Movement.objects.count() == movements
    assert not Source.objects.filter(title="A miscounted arrival").exists()
    open_dashboard_on(page, DAY)
    assert country_row(page, "KEN")["Total"] == "761"


def test_an_arrival_without_a_source_is_refused(open_page):
    page = open_page(javascript=False, signed_in_as="j1")
    movements = Movement.objects.count()

    record_movement(page, count=50, men=42, women=8)

    expect(page.locator("#id_source-error")).to_contain_text(
        "Every movement needs the source that reports it")
    assert Movement.objects.count() == movements


# --- other missions, and dates typed by hand -----------------------------------------------------------

@WITH_AND_WITHOUT_JAVASCRIPT
def test_switching_to_the_other_mission_keeps_the_chosen_date(open_page, javascript):
    page = open_page(javascript=javascript, signed_in_as="j1")
    page.goto(DASHBOARD)
    if javascript:
        choose_date_with_htmx(page)
    else:
        choose_date_and_press_show(page)
    expect(page.locator("#dashboard-body")).to_contain_text("Personnel on 6 Feb 2025")

    page.locator("#dashboard-body").get_by_role("link", name="GSF").click()

    expect(page).to_have_url(re.compile(rf"/dashboard/GSF/\?on={DAY}$"))
    expect(page.locator("#id_on")).to_have_value(DAY)


@pytest.mark.parametrize("typed", ["2025-02-30", "6 Feb 2025"])
def test_a_date_typed_into_the_address_that_is_not_a_date_is_explained_and_today_shown(open_page, typed):
    page = open_page(javascript=False, signed_in_as="j1")

    response = page.goto(f"{DASHBOARD}?on={typed}")

    assert response.status == 200
    # The MSS has ended: with no date it can read, the dashboard opens on its last day (the mission's "today").
    expect(page.locator("#dashboard-body .warn")).to_have_text(
        f"“{typed}” is not a date. The MSS ended on 2 Oct 2025; showing its last day.")
    expect(page.locator("#mission-total")).to_be_visible()


# --- the nominal roll beside the movements -----------------------------------------------------------

def test_guatemalas_roll_stands_beside_its_movements_and_a_donor_reads_the_same_columns(open_page):
    """The demo's synthetic Guatemalan roll holds the 150 its movements give on 6 Feb 2025; Kenya keeps none."""
    for username in ("j1", "donor-usa"):
        page = open_page(javascript=False, signed_in_as=username)
        open_dashboard_on(page, DAY)
        guatemala = cells_by_header(page.locator('#strength-table tr[data-country="GTM"][data-category="military"]'))
        assert (guatemala["Total"], guatemala["From the roll"], guatemala["Roll − movements"]) == ("150", "150", "0")
        kenya = cells_by_header(page.locator('#strength-table tr[data-country="KEN"][data-category="fpu"]'))
        assert (kenya["Total"], kenya["From the roll"]) == ("761", "")
        expect(page.locator("#roll-card")).to_contain_text("150 in strength, against 150 from movements")
