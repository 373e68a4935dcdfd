"""Muster on a phone (390 × 844 CSS pixels): every page fits the width, the navigation folds into a menu that opens
with and without JavaScript and from the keyboard, wide tables scroll sideways inside their own box, charts
scale to the width and keep labels one can read, and forms fit.

Screenshots go to the test's temporary folder; `MUSTER_SCREENSHOTS=/tmp pytest tests/browser/test_phone.py` also
keeps them as /tmp/phone-<page>.png, to look at.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from steps import DASHBOARD, DAY

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WITH_AND_WITHOUT_JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False],
                                                      ids=["with-javascript", "without-javascript"])
# (name, who, address): the dashboard, a list, two forms and the map. j4 adds sites; j1 records movements.
PAGES = [
    ("dashboard", "j4", f"{DASHBOARD}?on={DAY}"),
    ("list", "j4", "/movements/"),
    ("site-form", "j4", "/logistics/sites/add/"),
    ("movement-form", "j1", "/movements/add/"),
    ("map", "j4", "/logistics/map/MSS/"),
    ("perstat", "j1", "/perstat/MSS/"),
]
SMALLEST_READABLE_PX = 9  # text drawn smaller than this, on a phone held at reading distance, is not read


def on_a_phone(open_page, *, javascript=True, username="j4") -> Page:
    page = open_page(javascript=javascript, signed_in_as=username)
    page.set_viewport_size(PHONE)
    return page


def sideways_overflow(page: Page):
    """How many pixels the page is wider than the window (0 or less: no sideways scrolling of the page)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def screenshot(page: Page, tmp_path, name):
    target = tmp_path / f"phone-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    if os.environ.get("MUSTER_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["MUSTER_SCREENSHOTS"]) / f"phone-{name}.png"), full_page=True)
    assert target.stat().st_size > 0


def wider_than_the_window(page: Page):
    """Visible elements outside a scrolling box whose right edge lies beyond the window's."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter(e => {
            if (e.closest('.table-scroll, .scroll') || e.ownerSVGElement) return false;  // the svg itself counts
            const box = e.getBoundingClientRect();
            return box.width > 0 && box.right > width + 0.5;
        }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
    }""")


@WITH_AND_WITHOUT_JAVASCRIPT
@pytest.mark.parametrize("name, username, address", PAGES, ids=[name for name, _u, _a in PAGES])
def test_the_page_fits_a_phone_without_sideways_scrolling(open_page, tmp_path, javascript, name, username, address):
    page = on_a_phone(open_page, javascript=javascript, username=username)
    page.goto(address)
    expect(page.locator("h1")).to_be_visible()

    screenshot(page, tmp_path, name if javascript else f"{name}-without-javascript")

    assert sideways_overflow(page) <= 0, f"{address} is {sideways_overflow(page)}px wider than the phone"
    assert wider_than_the_window(page) == []


@WITH_AND_WITHOUT_JAVASCRIPT
def test_the_menu_is_folded_on_a_phone_and_opens_to_every_link(open_page, tmp_path, javascript):
    page = on_a_phone(open_page, javascript=javascript)
    page.goto(f"{DASHBOARD}?on={DAY}")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Movements")).to_be_hidden()

    page.get_by_text("Menu", exact=True).click()

    expect(menu.get_by_role("link", name="Movements")).to_be_visible()
    links = menu.get_by_role("link")
    assert links.count() >= 8
    for link in links.all():
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
    assert sideways_overflow(page) <= 0
    screenshot(page, tmp_path, "menu-open" if javascript else "menu-open-without-javascript")

    menu.get_by_role("link", name="Movements").click()
    expect(page).to_have_url(re.compile(r"/movements/$"))
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sources")).to_be_hidden()


def test_the_menu_opens_from_the_keyboard(open_page):
    page = on_a_phone(open_page, javascript=False)
    page.goto("/movements/")
    menu = page.get_by_role("navigation", name="Main")

    page.locator("body").focus()
    page.keyboard.press("Tab")  # the name of the application, then the menu
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Menu")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")

    expect(menu.get_by_role("link", name="Dashboard")).to_be_focused()
    expect(menu.get_by_role("link", name="Dashboard")).to_be_in_viewport()


def test_on_a_wide_screen_the_navigation_is_open_and_there_is_no_menu_button(open_page):
    page = open_page(javascript=False, signed_in_as="j4")
    page.goto("/movements/")

    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sources")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()


@pytest.mark.parametrize("address, region", [(f"{DASHBOARD}?on={DAY}", "Strength by country, category and sex"),
                                             ("/movements/", "Movements")])
def test_a_wide_table_scrolls_in_its_own_labelled_box_from_the_keyboard(open_page, address, region):
    page = on_a_phone(open_page, javascript=False)
    page.goto(address)
    box = page.get_by_role("region", name=region)
    expect(box.locator("table")).to_be_visible()
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table should be wider than the phone"

    box.scroll_into_view_if_needed()
    box.focus()
    for _press in range(5):  # Chromium scrolls a step per key, animated: on a busy machine a press may come early
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        if box.evaluate("box => box.scrollLeft") > 0:
            break

    expect(box).to_be_focused()
    assert box.evaluate("box => box.scrollLeft") > 0, "the arrow keys should scroll the table"
    assert page.evaluate("window.scrollX") == 0, "the page itself should not move sideways"
    assert sideways_overflow(page) <= 0


@pytest.mark.parametrize("address", [f"{DASHBOARD}?on={DAY}", "/funding/", "/logistics/fleet/MSS/"],
                         ids=["strength", "funding", "fleet"])
def test_a_chart_fits_the_phone_and_its_labels_stay_readable(open_page, address):
    page = on_a_phone(open_page, javascript=False, username="admin" if address == "/funding/" else "j4")
    page.goto(address)
    chart = page.locator("figure.chart svg")
    expect(chart).to_be_visible()

    box = chart.bounding_box()
    sizes = chart.evaluate("""svg => [...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().height > 0)
        .map(t => [t.textContent.trim(), t.getBoundingClientRect().height])""")

    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert sizes, "the chart should have labels"
    too_small = [(text, round(height, 1)) for text, height in sizes if height < SMALLEST_READABLE_PX]
    assert too_small == [], f"labels drawn smaller than {SMALLEST_READABLE_PX}px on a phone"
