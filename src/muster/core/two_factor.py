"""Two-factor sign-in (django-otp): who needs it, enrolling an authenticator app, recovery codes, checking a code.

The second factor is a TOTP authenticator app (django-otp's TOTPDevice); its recovery codes are one-time static
tokens (StaticDevice). Who must have one is `roles.second_factor_required`; anyone else may. Whether a signed-in
session still owes its second factor is decided at sign-in and kept in the session (SESSION_KEY), so pages cost no
query for it; `middleware.SecondFactorMiddleware` holds such a session to the pages below until it is verified.
"""

import logging
import math
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.throttling import BaseThrottle

from .roles import second_factor_required

log = logging.getLogger("muster.security")

SESSION_KEY = "muster_second_factor"  # True: this session is not through until a device has verified it
RECOVERY_CODES = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def second_factor_owed(*, user):
    """Whether a sign-in of this user asks for a second factor: it is required of them, or they have one."""
    return second_factor_required(user) or django_otp.user_has_device(user, confirmed=True)


def session_mark(*, request, user):
    """At sign-in: note in the session whether it owes a second factor."""
    request.session[SESSION_KEY] = second_factor_owed(user=user)


def on_sign_in(sender, request, user, **kwargs):
    """Receiver of user_logged_in (connected in CoreConfig.ready): every sign-in, whatever the page, is marked."""
    if request is not None and hasattr(request, "session"):
        session_mark(request=request, user=user)


def session_verified(*, request, device):
    """The session is through: remember the device that verified it (django-otp), under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


def totp_device(*, user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def totp_device_pending(*, user):
    """The authenticator app being enrolled: the same secret on every visit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_setup_details(device):
    """What an authenticator app needs: the secret as base32 text, the otpauth:// URI and that URI as a QR code."""
    secret = b32encode(device.bin_key).decode()
    uri = device.config_url
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff",
                                                   title=str(_("QR code of the secret")))
    return {"secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), "uri": uri, "qr_svg": qr_svg}


@transaction.atomic
def totp_confirm(*, device, code):
    """Confirm an enrolment with the first code the app shows. Returns the recovery codes, or None if refused.

    The new app replaces any earlier one; new recovery codes replace the old ones.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code):
        log.warning("Two-factor enrolment: wrong code for %s", device.user.get_username())
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=device.user)


@transaction.atomic
def recovery_codes_renew(*, user):
    """Ten new one-time recovery codes, shown once; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME,
                                                          defaults={"confirmed": True})
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(*, user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def client_address(request):
    """The client's address as the API's rate limits see it (DRF, with NUM_PROXIES = MUSTER_PROXIES), so that
    django-axes (AXES_CLIENT_IP_CALLABLE) locks out the same address the rates count."""
    return BaseThrottle().get_ident(request)


def _normalized(code):
    return "".join(code.split()).replace("-", "").lower()


class CodeForm(forms.Form):
    """One field: the 6-digit code of the authenticator app, or a recovery code.

    The shape of what is typed chooses the device (six digits: the app; otherwise: the recovery codes), so a
    code is never tried against a device it was not meant for (which would count a failure against it).
    """

    code = forms.CharField(label=_("Code"), max_length=32, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off", "spellcheck": "false"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = _normalized(self.cleaned_data["code"])
        model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        for device in model.objects.filter(user=self.user, confirmed=True):
            allowed, extra = device.verify_is_allowed()
            if not allowed:  # django-otp waits 1, 2, 4, 8 … seconds after each wrong code in a row
                until = (extra or {}).get("locked_until")
                wait = math.ceil((until - timezone.now()).total_seconds()) if until else 60
                raise forms.ValidationError(
                    _("Too many wrong codes in a row: wait %(seconds)s seconds and try again."),
                    code="throttled", params={"seconds": max(wait, 1)})
            with transaction.atomic():
                device = model.objects.select_for_update().get(pk=device.pk)
                if device.verify_token(code):
                    self.device = device
                    return code
        log.warning("Two-factor sign-in: wrong code for %s", self.user.get_username())
        raise forms.ValidationError(_("That code is not right, or was already used."), code="invalid")


class EnrolForm(forms.Form):
    """The first code the newly set-up authenticator app shows."""

    code = forms.CharField(label=_("Code from the app"), max_length=12, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))

    def clean_code(self):
        code = _normalized(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6 digits the app shows."), code="format")
        return code
