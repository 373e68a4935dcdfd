"""The dashboard as a page in the field: it fits the screen, stays light, and runs no blocked script.

`MUSTER_SCREENSHOT=docs/dashboard.png pytest tests/browser -k 1280` refreshes the README's
screenshot; otherwise the screenshot goes to the test's temporary folder.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from steps import (
    DASHBOARD,
    DAY,
    chart_legend,
    choose_date_with_htmx,
    is_policy_violation,
    open_dashboard_on,
)

pytestmark = pytest.mark.browser

PAGE_BUDGET = 150_000  # bytes of HTML, CSS, JS and images together, uncompressed (DESIGN.md, principle 4)
HEAVIEST_DEMO_DAY = "2025-10-01"  # the MSS's last full day: the most months of history and countries


def test_the_dashboard_fits_a_1280_pixel_screen_without_sideways_scrolling(open_page, tmp_path):
    page = open_page(javascript=True, signed_in_as="j1")
    open_dashboard_on(page, DAY)
    expect(page.locator("figure.chart svg")).to_be_visible()

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    target = Path(os.environ.get("MUSTER_SCREENSHOT") or tmp_path / "dashboard.png")
    page.screenshot(path=str(target), full_page=True)

    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    assert target.stat().st_size > 0


def test_the_heaviest_demo_dashboard_stays_within_150_kb_with_its_styles_and_scripts(open_page):
    page = open_page(javascript=True, signed_in_as="j1")
    sizes = {}

    def weigh(response):
        sizes[response.url] = len(response.body())

    page.on("response", weigh)

    page.goto(f"{DASHBOARD}?on={HEAVIEST_DEMO_DAY}")
    page.wait_for_load_state("networkidle")

    assert any("htmx" in url for url in sizes) and any(".css" in url for url in sizes)
    assert sum(sizes.values()) <= PAGE_BUDGET, sizes


def test_the_dashboard_runs_no_script_that_the_content_security_policy_blocks(open_page):
    page = open_page(javascript=True, signed_in_as="j1")
    violations = []
    page.on("console", lambda message: is_policy_violation(message.text) and violations.append(message.text))
    page.goto(DASHBOARD)

    choose_date_with_htmx(page)  # htmx inserts the new body's scripts too
    expect(page.locator("#dashboard-body")).to_contain_text("Personnel on 6 Feb 2025")

    assert violations == []


def test_the_chart_shows_every_countrys_name_and_every_labelled_month_whole(open_page):
    page = open_page(javascript=True, signed_in_as="j1")
    open_dashboard_on(page, DAY)

    chart = page.locator("figure.chart svg")
    legend = chart.evaluate("""svg => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('.legends .legend text')].map(text => {
            const r = text.getBoundingClientRect();
            return [text.textContent, r.top >= box.top && r.bottom <= box.bottom && r.right <= box.right];
        });
    }""")
    months = chart.locator(".axis.x text.major").all_text_contents()

    assert legend == [[name, True] for name in
                      ["Bahamas", "Belize", "El Salvador", "Guatemala", "Jamaica", "Kenya"]], \
        "every country's name should be drawn inside the chart"
    assert months == ["Oct 23", "Jan 24", "Apr 24", "Jul 24", "Oct 24", "Jan 25", "Feb 25"]


def test_the_strength_table_lists_countries_by_name_in_the_same_order_as_the_chart(open_page):
    page = open_page(javascript=False, signed_in_as="j1")
    open_dashboard_on(page, DAY)

    table = page.locator('#strength-table tr.subtotal[data-category="all"] td:first-child').all_text_contents()

    assert table == ["Bahamas", "Belize", "El Salvador", "Guatemala", "Jamaica", "Kenya"]
    assert chart_legend(page) == table
