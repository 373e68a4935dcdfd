"""Every page the navigation leads to, for each role that has its own links, passes axe-core's checks: no serious
or critical violation (WCAG 2.1 A and AA and axe's best practices: names, labels, contrast, landmarks, headers).

axe-core is a test-only file (tests/browser/vendor/, with its README and licence). The Content-Security-Policy
allows scripts from the page's own origin only, so the test serves axe from that origin itself (`page.route`)
rather than inlining it: the page runs under the policy it has in production.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page
from steps import DASHBOARD, DAY

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_URL = "/__test__/axe.min.js"  # answered by the test (page.route), never by Muster
SERIOUS = ("serious", "critical")
WIDTHS = [(1280, 900), (390, 844)]  # a wide screen and a phone

# Each user brings links of their own to the navigation: J1 the nominal roll, J4 the map, the finance officer the
# funding pages, the administrator the administration. Pages beside the navigation's own: the PERSTAT, the fleet.
USERS = ["j1", "j4", "finance", "admin"]
MORE_PAGES = {"j1": ["/perstat/MSS/", f"{DASHBOARD}?on={DAY}"], "j4": ["/logistics/fleet/MSS/"]}


def axe_ready(page: Page):
    """Serve axe-core from the page's own origin for the tests of this page (call before the first goto)."""
    page.route(f"**{AXE_URL}", lambda route: route.fulfill(path=AXE, content_type="text/javascript"))


def serious_violations(page: Page):
    """axe-core's serious and critical violations on the page as it is now: [(rule, impact, [where, …]), …]."""
    page.add_script_tag(url=AXE_URL)
    violations = page.evaluate("""async () => {
        const results = await axe.run(document, {resultTypes: ['violations']});
        return results.violations.map(v => [v.id, v.impact, v.help,
                                            v.nodes.slice(0, 5).map(n => n.target.join(' '))]);
    }""")
    return [v for v in violations if v[1] in SERIOUS]


def navigation_links(page: Page):
    """The addresses the main navigation leads to, as the signed-in user sees it."""
    return page.locator("header nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("width, height", WIDTHS, ids=[f"{w}px" for w, _h in WIDTHS])
def test_every_page_the_navigation_leads_to_has_no_serious_accessibility_violation(open_page, width, height):
    """Each page at each width, as the first of USERS whose navigation leads to it: the same page seen by the next
    user is the same template (their own links are what they add), and axe's walk is the suite's slowest step (a
    test per width, so that the two run side by side). A region scrolls, and must take the keyboard's focus, only
    where it is narrow."""
    found, checked = {}, set()
    for username in USERS:
        page = open_page(javascript=True, signed_in_as=username)
        axe_ready(page)
        page.goto("/")  # where signing in leaves a user
        addresses = list(dict.fromkeys(navigation_links(page) + MORE_PAGES.get(username, [])))
        assert len(addresses) >= 8, (username, addresses)
        own = [address for address in addresses if address not in checked]
        assert own, f"{username} brings no page of their own to the navigation: take them out of USERS"
        checked.update(own)

        page.set_viewport_size({"width": width, "height": height})
        for address in own:
            response = page.goto(address)
            assert response.ok, f"{username}, {address}: {response.status}"
            violations = serious_violations(page)
            if violations:
                found[f"{address} at {width} px ({username})"] = violations
        page.context.close()

    assert found == {}, "\n".join(f"{address}: {rule} ({impact}) {help_} at {where}"
                                  for address, violations in found.items()
                                  for rule, impact, help_, where in violations)
