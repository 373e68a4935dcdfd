"""Signing in as an attacker would find it: a second factor for the roles that see names or move money, lockout
after wrong passwords, a throttled token endpoint, sessions that end, and the Content-Security-Policy."""

import datetime
import re
from base64 import b32encode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from muster.core.models import User
from muster.demo.users import DEMO_PASSWORD
from tests.two_factor import code_of, next_code_of

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/MSS/"
ENROL = "/account/two-factor/"
CODE = "/login/code/"


def sign_in(client, username, password=DEMO_PASSWORD):
    """The password step, as the sign-in page's form sends it; the response at the end of the redirects."""
    return client.post("/login/", {"username": username, "password": password}, follow=True)


def landed_on(response):
    return response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]


def recovery_codes(html):
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)


def enrol(client, username):
    """Set up the app on the enrolment page and confirm it with its first code; the recovery codes shown."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page = client.post(ENROL, {"code": code_of(device), "next": DASHBOARD})
    assert page.status_code == 200
    return device, recovery_codes(page.content.decode())


def test_a_personnel_officer_without_an_app_enrols_after_the_password_and_reaches_nothing_before(demo):
    client = Client()
    page = sign_in(client, "j1")
    assert landed_on(page).startswith(ENROL)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user__username="j1", confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in html  # the secret as text
    assert f"otpauth://totp/Muster%3Aj1?secret={secret}" in html  # as an address an app opens
    assert '<svg width="' in html and "<script" not in html.split("</head>")[1]  # as a QR code, no JavaScript
    assert "Sign out" in html and "Nominal roll" not in html  # the menu waits for the second factor

    # Until confirmed: no page, no session-authenticated API call, no admin; sign-out works.
    assert client.get(DASHBOARD).url == f"{CODE}?next=%2Fdashboard%2FMSS%2F"
    assert landed_on(client.get(DASHBOARD, follow=True)).startswith(ENROL)
    refused = client.get("/api/movements/")
    assert refused.status_code == 403 and refused.json() == {"type": "client_error", "errors": [  # the API's shape
        {"code": "second_factor_required", "detail": "Complete the two-factor sign-in first.", "attr": None}]}
    assert client.get("/admin/").status_code == 302
    assert client.get(ENROL).status_code == 200  # the same secret again, the app may have it already
    assert TOTPDevice.objects.filter(user__username="j1").count() == 1

    wrong = client.post(ENROL, {"code": "12345"})
    assert "Enter the 6 digits" in wrong.content.decode()

    device, codes = enrol(client, "j1")
    assert len(codes) == 10 == len(set(codes))
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/api/movements/").status_code == 200
    status = client.get(ENROL).content.decode()  # the codes are not shown again
    assert "10 recovery codes left" in status and not recovery_codes(status)


def test_a_later_sign_in_asks_for_the_code_and_a_recovery_code_works_once(demo):
    client = Client()
    sign_in(client, "liaison-gtm")
    device, codes = enrol(client, "liaison-gtm")
    client.post("/logout/")

    page = sign_in(client, "liaison-gtm")
    assert landed_on(page) == f"{CODE}?next=%2F"
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert client.get(DASHBOARD).status_code == 302
    used = client.post(CODE, {"code": codes[0].upper(), "next": DASHBOARD}, follow=True)
    assert landed_on(used) == DASHBOARD and "9 are left" in used.content.decode()
    client.post("/logout/")

    sign_in(client, "liaison-gtm")
    again = client.post(CODE, {"code": codes[0], "next": DASHBOARD})
    assert again.status_code == 200 and "not right, or was already used" in again.content.decode()
    assert client.get(DASHBOARD).status_code == 302
    through = client.post(CODE, {"code": next_code_of(device), "next": DASHBOARD})
    assert through.url == DASHBOARD and client.get(DASHBOARD).status_code == 200


def test_a_wrong_code_opens_nothing_and_the_next_try_waits(demo):
    client = Client()
    sign_in(client, "finance")
    device, _codes = enrol(client, "finance")
    client.post("/logout/")
    sign_in(client, "finance")
    wrong = f"{(int(next_code_of(device)) + 1) % 1_000_000:06d}"
    assert "not right" in client.post(CODE, {"code": wrong}).content.decode()
    # django-otp waits 1, 2, 4 … s after each wrong code in a row; 60 times that here, so the test cannot be late.
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=60):
        assert re.search(r"wait \d+ seconds", client.post(CODE, {"code": next_code_of(device)}).content.decode())
    assert client.get("/funding/dashboard/MSS/").status_code == 302


def test_an_operations_officer_signs_in_with_the_password_only_and_may_enrol(demo):
    client = Client()
    page = sign_in(client, "j3")
    assert landed_on(page) == "/" and client.get(DASHBOARD).status_code == 200
    offer = client.get(ENROL).content.decode()
    assert "It is up to you" in offer and "otpauth://totp/" in offer
    assert AccessLog.objects.filter(username="j3").exists()  # every sign-in is kept for the administrator


def test_the_administrator_and_the_admin_need_the_second_factor(demo, signed_in):
    client = Client()
    sign_in(client, "admin")
    assert client.get("/admin/").status_code == 302
    admin = signed_in("admin")  # verified by the app, as the sign-in would be
    assert admin.get("/admin/").status_code == 200
    for page in ["/admin/axes/accessattempt/", "/admin/axes/accesslog/", "/admin/axes/accessfailurelog/",
                 "/admin/otp_totp/totpdevice/"]:
        assert admin.get(page).status_code == 200, page


def test_five_wrong_passwords_lock_the_user_name_at_that_address(demo):
    client = Client()
    for _ in range(4):
        assert "correct username and password" in sign_in(client, "j3", "wrong-password").content.decode()
    fifth = sign_in(client, "j3", "wrong-password")
    assert fifth.status_code == 429
    sixth = sign_in(client, "j3")  # the right password, too late
    html = sixth.content.decode()
    assert sixth.status_code == 429 and "Sign-in locked" in html and "30 minutes" in html
    assert "Traceback" not in html
    assert client.get(DASHBOARD).status_code == 302  # not signed in
    assert AccessAttempt.objects.get(username="j3").failures_since_start == 6  # a try while locked counts too
    assert AccessFailureLog.objects.filter(username="j3").count() >= 5
    assert landed_on(sign_in(Client(), "j4")) == "/"  # another name from the same address is not locked


def test_the_token_endpoint_answers_a_few_times_a_minute_and_is_not_held_to_the_second_factor(demo):
    client = Client()
    for n in range(5):  # an X-Forwarded-For header the client writes itself does not make it someone else
        response = client.post("/api/token/", {"username": "j1", "password": DEMO_PASSWORD},
                               HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 200
    refused = client.post("/api/token/", {"username": "j1", "password": DEMO_PASSWORD})
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    token = response.json()["token"]
    assert Client().get("/api/movements/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_a_session_lasts_a_shift_at_most_and_ends_with_the_browser(demo):
    client = Client()
    page = client.post("/login/", {"username": "j3", "password": DEMO_PASSWORD})
    cookie = page.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    session = Session.objects.get(session_key=cookie.value)
    twelve_hours = timezone.now() + datetime.timedelta(hours=12)
    assert abs(session.expire_date - twelve_hours) < datetime.timedelta(minutes=1)
    client.get(DASHBOARD)
    assert Session.objects.get(session_key=cookie.value).expire_date == session.expire_date  # not extended


def test_the_content_security_policy_comes_from_django_csp(signed_in):
    client = signed_in("j3")
    policy = client.get(DASHBOARD)["Content-Security-Policy"]
    assert set(policy.split("; ")) == {
        "default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "script-src 'self'",
        "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'"}
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert client.get(DASHBOARD)["Content-Security-Policy"] == "default-src 'none'"


def test_signed_in_clients_of_the_other_tests_are_verified(signed_in):
    user = User.objects.get(username="j1")
    assert signed_in("j1").get(DASHBOARD).status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
