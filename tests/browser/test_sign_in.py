"""Signing in as a personnel officer in the browser: the password, then the code of the authenticator app
(computed here from the app's secret, as the app does). Without the code, the dashboard stays shut. And the other
browser tests, which start signed in without the form (`open_page(signed_in_as=…)`), find what the form leaves."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from playwright.sync_api import expect
from steps import DASHBOARD, authenticator_for, enter_code, sign_in
from tests.two_factor import code_of, next_code_of

from muster.demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def enter_password(page, username):
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def a_wrong_code(device):
    """Six digits the app does not show now, nor just before or after (the codes the server accepts)."""
    right = {code_of(device, at=time.time() + steps * device.step) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_personnel_officer_reaches_the_dashboard_with_the_password_and_the_apps_code(open_page, javascript):
    page = open_page(javascript=javascript)
    device = authenticator_for("j1")
    enter_password(page, "j1")
    enter_code(page, next_code_of(device))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(DASHBOARD)
    expect(page).to_have_url(re.compile(re.escape(DASHBOARD)))
    expect(page.get_by_role("link", name="Nominal roll")).to_be_visible()


def test_without_the_code_the_dashboard_is_not_reached(open_page):
    page = open_page()
    device = authenticator_for("j1")
    enter_password(page, "j1")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.goto(DASHBOARD)
    expect(page).to_have_url(re.compile(r"/login/code/\?next=%2Fdashboard%2FMSS%2F$"))
    expect(page.get_by_role("link", name="Nominal roll")).to_have_count(0)
    page.get_by_label("Code").fill(a_wrong_code(device))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/code/"))


def session_and_navigation(page):
    """What the server keeps of the page's session, the session cookie's attributes (its value aside), and the
    dashboard's navigation as the page's user sees it."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    page.goto(DASHBOARD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    navigation = page.locator("header nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    session = Session.objects.get(pk=cookie.pop("value")).get_decoded()
    return session, cookie, navigation


@pytest.mark.parametrize("username", ["j1", "j3"], ids=["with-the-apps-code", "password-only"])
def test_a_test_signed_in_without_the_form_has_the_session_and_the_pages_the_form_gives(open_page, username):
    by_the_form = open_page()
    sign_in(by_the_form, username)
    by_the_form_sees = session_and_navigation(by_the_form)

    without_the_form = open_page(signed_in_as=username)

    assert session_and_navigation(without_the_form) == by_the_form_sees
    nominal_roll = without_the_form.get_by_role("navigation", name="Main").get_by_role("link", name="Nominal roll")
    expect(nominal_roll).to_have_count(1 if username == "j1" else 0)  # the personnel officer's, not the J3's
