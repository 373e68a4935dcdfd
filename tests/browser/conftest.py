"""Browser tests: the system's Chromium, driven by Playwright, against the live test server.

Each test gets the demo database (the MSS public record, the standard roles and one user per role, put back
after every test: `demo_committed`) and a fresh browser context, with or without JavaScript.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from steps import is_policy_violation, session_cookie_of

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")  # the system's browser: a downloaded one cannot be installed here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need the system's Chromium at {CHROMIUM} (`make browser-deps`).",
                    pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell whether the test itself failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def open_page(request, browser, live_server, demo_committed):
    """`open_page(javascript=True, signed_in_as=None)`: a new page in its own browser context, addressed to the live
    server; with `signed_in_as` a user name, the context starts with that user's session, signed in without the form
    (`steps.session_cookie_of`; `steps.sign_in` is the form).

    An error the page's scripts raise or log (an htmx error, a failed request) fails the test at its end,
    so a page that only seems to work does not pass. Content-Security-Policy violations are left to the
    test that looks for them (test_dashboard_page.py), so one such bug fails one test.
    """
    contexts, problems = [], []

    def note(message):
        if message.type == "error" and not is_policy_violation(message.text):
            problems.append(f"console: {message.text}")

    def open_page(*, javascript=True, signed_in_as=None):
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT,
                                      java_script_enabled=javascript)
        if signed_in_as is not None:
            context.add_cookies([session_cookie_of(signed_in_as, address=live_server.url)])
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", note)
        return page

    yield open_page
    for context in contexts:
        context.close()
    if getattr(request.node, "report_call", None) and request.node.report_call.failed:
        return  # the test's own failure says more; the errors that went with it would repeat it
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)
