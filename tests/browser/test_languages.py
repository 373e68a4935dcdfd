"""A user who reads French or Haitian Creole: chooses the language, records an arrival, and reads the dashboard and
its PDF in that language, with the language's dates and numbers. And no page overflows its width in the languages
that run longest (French and Spanish run a third longer than English).

What the page should say is asked of the catalogue in the language (gettext under translation.override), so the
test holds whatever words the translators chose, and fails on a string left in English.
"""

import datetime
import io

import pytest
from django.utils import formats, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from steps import DASHBOARD, DAY

from muster.force.models import Contingent

pytestmark = pytest.mark.browser


def language_choose(page: Page, language):
    """The switcher at the top of every page, as a user without JavaScript uses it."""
    page.locator("#language-choice").select_option(language)
    page.locator("form.language button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["fr", "ht"])
def test_a_user_switches_language_records_an_arrival_and_reads_the_dashboard_and_its_pdf_in_it(open_page, language):
    page = open_page(javascript=False, signed_in_as="j1")
    page.goto("/movements/add/")
    language_choose(page, language)  # back on the form, in the language
    kenya = Contingent.objects.get(mission__code="MSS", country="KEN", category="fpu")
    with translation.override(language):
        save, saved = gettext("Save"), gettext("Saved %s.").split("%s")[0].strip()
        personnel_on = gettext("Personnel on %(d)s").split("%(d)s")[0].strip()
        day_written = formats.date_format(datetime.date.fromisoformat(DAY), "j M Y")
        strength = gettext("Strength")

    expect(page.locator("label[for=id_count]")).not_to_have_text("Count")  # the form's labels are translated
    page.locator("#id_contingent").select_option(str(kenya.pk))
    page.locator("#id_kind").select_option("arrival")
    page.locator("#id_date").fill(DAY)
    page.locator("#id_count").fill("50")
    page.locator("#id_men").fill("42")
    page.locator("#id_women").fill("8")
    page.locator("#id_new_source_title").fill("Fourth contingent lands in Port-au-Prince")
    page.locator("#id_new_source_publisher").fill("Kenya National Police Service")
    page.locator("#id_new_source_kind").select_option("press_statement")
    page.locator("#id_new_source_published_on").fill(DAY)
    page.locator("#id_new_source_address").fill("https://example.org/kenya-police/fourth-contingent")
    page.get_by_role("button", name=save, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(saved)

    page.goto(f"{DASHBOARD}?on={DAY}")
    expect(page.locator("html")).to_have_attribute("lang", language)  # remembered, on the next page too
    expect(page.locator("main")).to_contain_text(personnel_on)
    expect(page.locator("main")).to_contain_text(day_written)  # 6 févr. 2025, 6 fev. 2025
    assert page.locator("#mission-total").inner_text().replace("\u202f", " ").replace("\xa0", " ") == "1 130"

    pdf = page.request.get(f"{DASHBOARD}strength.pdf?on={DAY}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert strength in text and day_written in text.replace("\n", " ")
    assert "Personnel on" not in text  # the English of the same line


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_page_of_the_navigation_overflows_its_width_on_a_phone_in_the_longer_languages(open_page, language):
    """Wider words than English must wrap, not push the page sideways (a horizontal scroll on a phone)."""
    page = open_page(javascript=True, signed_in_as="admin")
    page.goto("/")  # where signing in leaves a user
    language_choose(page, language)
    page.set_viewport_size({"width": 390, "height": 844})
    addresses = page.locator("header nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(addresses) >= 8
    overflowing = {}
    for address in addresses:
        page.goto(address)
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            overflowing[address] = width
    assert overflowing == {}
