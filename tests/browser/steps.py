"""What a user does in the browser, and what they read off the page, for the browser tests."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect
from tests.two_factor import authenticator_of, next_code_of, verify_session

from muster.core.roles import second_factor_required
from muster.demo.users import DEMO_PASSWORD

DASHBOARD = "/dashboard/MSS/"
DAY = "2025-02-06"
KENYA_MSS = "Kenya — Formed police unit (MSS)"


# --- what a user does ------------------------------------------------------------------------------

def sign_in(page: Page, username="j1", password=DEMO_PASSWORD):
    """Password, then, for a user with an authenticator app (every user whose role must have one is given one
    here), the code it shows now, computed in the test as the app would."""
    device = authenticator_for(username)
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        enter_code(page, next_code_of(device))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def session_cookie_of(username, *, address):
    """The session cookie of `username`, signed in, for a browser context addressed to `address` (the live server):
    how a test whose subject is not signing in starts signed in (`open_page(signed_in_as=username)`).

    The sign-in form is tested in test_sign_in.py (which also checks that this session is the one the form leaves);
    elsewhere it would cost every test about a second (0.6 s for a password, 1.3 s with an authenticator app's code).
    The session is made on the server's side as the form leaves it: Django's login (its user_logged_in notes whether
    the session owes a second factor, as at sign-in) and, for a user with an authenticator app, the app as the device
    that verified it (as django_otp.login does). The live server reads it from the database it shares with the test.
    No other cookie is needed: the CSRF cookie comes with the first page that has a form, and signing in sets no
    language.
    """
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    if authenticator_for(username) is not None:
        verify_session(client, user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": address, "httpOnly": settings.SESSION_COOKIE_HTTPONLY, "secure": settings.SESSION_COOKIE_SECURE,
            "sameSite": settings.SESSION_COOKIE_SAMESITE}


def authenticator_for(username):
    """The user's confirmed authenticator app; one is made for a user who must have one. None for the others."""
    user = get_user_model().objects.get(username=username)
    if second_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return authenticator_of(user)
    return None


def enter_code(page: Page, code):
    """The second step of signing in: the code of the authenticator app (or a recovery code)."""
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Verify").click()


def open_dashboard_on(page: Page, day=DAY):
    page.goto(f"{DASHBOARD}?on={day}")
    expect(page.locator("#id_on")).to_have_value(day)


def choose_date_with_htmx(page: Page, day=DAY):
    """Pick a date in the date input: htmx fetches the dashboard's body for it (JavaScript on)."""
    def is_htmx_fetch(response):
        return f"on={day}" in response.url and response.request.headers.get("hx-request") == "true"

    with page.expect_response(is_htmx_fetch):
        page.locator("#id_on").fill(day)


def choose_date_and_press_show(page: Page, day=DAY):
    """Pick a date and press Show: a plain GET of the whole page (JavaScript off)."""
    page.locator("#id_on").fill(day)
    page.get_by_role("button", name="Show").click()


def record_movement(page: Page, *, contingent=KENYA_MSS, kind="Arrival", day=DAY, count, men="", women="",
                    source_title="", source_publisher="", source_address="", quote=""):
    """Fill in the movement form at /movements/add/, describing a new source, and save it."""
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

def cells_by_header(row: Locator):
    """One table row as {column header: cell text}."""
    return row.evaluate("""tr => {
        const headers = [...tr.closest('table').querySelectorAll('thead th')]
            .map(th => th.textContent.trim());
        return Object.fromEntries([...tr.cells].map((td, i) => [headers[i], td.textContent.trim()]));
    }""")


def country_row(page: Page, iso3):
    """A country's subtotal row (all categories) in the strength table."""
    return cells_by_header(page.locator(f'#strength-table tr[data-country="{iso3}"][data-category="all"]'))


def mission_total(page: Page):
    return page.locator("#mission-total").inner_text()


def claim_row(page: Page, *, as_of, subject, reported):
    """The reconciliation table's row for one published figure."""
    def column(n, text):
        return page.locator(f"td:nth-child({n})", has_text=re.compile(f"^{re.escape(text)}$"))

    row = (page.locator("#reconciliation tbody tr")
           .filter(has=column(1, as_of)).filter(has=column(2, subject)).filter(has=column(4, reported)))
    expect(row).to_have_count(1)
    return row


def last_series_row(page: Page):
    """The last row (the chosen date) of the chart's figures, opening them first if they are folded away."""
    folded = page.locator("details:has(#series-table):not([open]) > summary")
    if folded.count():
        folded.click()
    table = page.locator("#series-table")
    expect(table).to_be_visible()
    return cells_by_header(table.locator("tbody tr").last)


def chart_legend(page: Page):
    """The names in the chart's legend."""
    return page.locator("figure.chart svg .legends .legend").all_text_contents()


def chart_peak(page: Page):
    """The highest figure the chart draws, read off its own y axis as a user would (stacked: the total).

    Independent of the kind of chart (bars or areas): the top of everything drawn, placed between the
    axis's lowest and highest labelled guide lines.
    """
    return page.locator("figure.chart svg").evaluate("""svg => {
        const guides = [...svg.querySelectorAll('.axis.y .guides')].map(g => [
            Number(g.querySelector('text').textContent.replace(/[^0-9.]/g, '')),
            g.querySelector('path').getBoundingClientRect().top]);
        const [[low, yLow], [high, yHigh]] = [guides[0], guides[guides.length - 1]];
        const shapes = [...svg.querySelectorAll('.series path, .series rect')];
        const top = Math.min(...shapes.map(shape => shape.getBoundingClientRect().top));
        return low + (top - yLow) * (high - low) / (yHigh - yLow);
    }""")


def expect_kenya_against_the_reported_744(page: Page, *, kenya, total, difference):
    """Kenya's strength on 6 Feb 2025, the mission's, and kenyans.co.ke's 744 beside it, flagged."""
    assert country_row(page, "KEN")["Total"] == kenya
    assert mission_total(page) == total
    row = claim_row(page, as_of="6 Feb 2025", subject="KEN", reported="744")
    claim = cells_by_header(row)
    assert claim["Reported by"].startswith("kenyans.co.ke")
    assert claim["From movements"] == kenya
    assert claim["Difference"] == f"⚠ {difference}"
    expect(row.locator(".flag")).to_be_visible()


def is_policy_violation(console_text):
    """Whether a console message reports something the Content-Security-Policy blocked."""
    return "Content Security Policy" in console_text
