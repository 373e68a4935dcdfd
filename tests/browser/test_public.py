"""The public site in the browser, anonymously and without JavaScript: every page passes axe-core with no serious or
critical violation (WCAG 2.1 A and AA), at a wide screen's width and, in each of Muster's languages, a phone's, and
reads its figures."""

import pytest
from django.conf import settings
from test_accessibility import WIDTHS, axe_ready, serious_violations

pytestmark = pytest.mark.browser

PAGES = ["/public/", "/public/MSS/2025-06-30/", "/public/GSF/"]


def test_the_public_pages_have_no_serious_accessibility_violation_and_need_no_script(open_page):
    found = {}
    for width, height in WIDTHS:
        page = open_page(javascript=True)  # axe is a script; the page is the same HTML without one (read below)
        axe_ready(page)
        page.set_viewport_size({"width": width, "height": height})
        # Every language on a phone, where longer words wrap; English on the wide screen too.
        languages = [code for code, _name in settings.LANGUAGES] if width < 800 else [settings.LANGUAGE_CODE]
        for language in languages:
            # as a visitor whose browser asks for the language (Accept-Language), without choosing it
            page.set_extra_http_headers({"Accept-Language": language})
            for address in PAGES:
                response = page.goto(address)
                assert response.ok, address
                assert page.locator("html").get_attribute("lang") == language
                violations = serious_violations(page)
                if violations:
                    found[f"{address} at {width} px in {language}"] = violations
        page.context.close()
    assert found == {}, found

    page = open_page(javascript=False)
    page.goto("/public/")
    page.get_by_role("link", name="Multinational Security Support Mission in Haiti (MSS)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Multinational Security Support Mission in Haiti (MSS)"
    page.get_by_role("link", name="Permanent link to this date").click()
    assert page.url.endswith("/public/MSS/2025-10-02/")
    assert page.locator("#public-strength tfoot td").nth(0).inner_text() != ""
