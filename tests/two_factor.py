"""Two-factor sign-in in tests: a user's authenticator app, the code it shows now, a session it has verified."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from muster.core.two_factor import SESSION_KEY


def authenticator_of(user):
    """The user's confirmed authenticator app (made for them if they have none, as enrolling would)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_of(device, at=None):
    """The code the app shows at `at` (now), computed as the app does (RFC 6238, django_otp.oath)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def next_code_of(device):
    """A code the server will accept now: the current one, or the next (within its tolerance) when the current one
    was used already (a TOTP code is good once)."""
    device.refresh_from_db()
    while True:
        now = time.time()
        step = int(now - device.t0) // device.step
        if step + 1 > device.last_t:
            return code_of(device, at=now if step > device.last_t else now + device.step)
        time.sleep(1)  # the next code was used too: wait for the clock to move on


def verify_session(client, user):
    """Mark a test client's signed-in session verified by the user's app, as django_otp.login does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session[SESSION_KEY] = True
    session.save()
