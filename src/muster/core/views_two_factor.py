"""The second step of signing in (a code from the authenticator app, or a recovery code) and enrolling an app.

Plain forms: no JavaScript. What decides who is asked is core/two_factor.py; what holds an unverified session to
these pages is core.middleware.SecondFactorMiddleware.
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_otp.plugins.otp_static.models import StaticDevice

from . import two_factor
from .roles import second_factor_required


def _next(request):
    """Where to go once through: the page asked for, if it is one of ours, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


class SecondFactorVerifyView(LoginRequiredMixin, View):
    """After the password: the 6-digit code of the user's authenticator app, or one of their recovery codes."""

    template_name = "core/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if not django_otp.user_has_device(user, confirmed=True):
                if second_factor_required(user):
                    return redirect(_with_next("two_factor_setup", request))
                request.session[two_factor.SESSION_KEY] = False  # had one, an administrator removed it
                return redirect(_next(request))
        elif user.is_authenticated:
            return redirect(_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(request, two_factor.CodeForm(user=request.user))

    def post(self, request):
        form = two_factor.CodeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.page(request, form)
        two_factor.session_verified(request=request, device=form.device)
        if isinstance(form.device, StaticDevice):
            left = two_factor.recovery_codes_left(user=request.user)
            messages.warning(request, ngettext(
                "You signed in with a recovery code; %(count)d is left. Make new ones on your two-factor page.",
                "You signed in with a recovery code; %(count)d are left. Make new ones on your two-factor page.",
                left) % {"count": left})
        return redirect(_next(request))

    def page(self, request, form):
        return render(request, self.template_name, {"form": form, "next": _next(request)})


class SecondFactorSetupView(LoginRequiredMixin, View):
    """Enrol an authenticator app (the secret as text, as an otpauth:// address and as a QR code; then a first
    code to confirm it), see that two-factor sign-in is on, make new recovery codes or replace the app."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified() and django_otp.user_has_device(user, confirmed=True):
            # Whoever has a second factor proves it before changing it: a password alone enrols nothing new.
            return redirect(_with_next("two_factor_verify", request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        device = two_factor.totp_device(user=request.user)
        if device and not request.GET.get("replace"):
            return render(request, "core/two_factor_status.html", {
                "device": device, "codes_left": two_factor.recovery_codes_left(user=request.user)})
        return self.enrol_page(request, two_factor.EnrolForm())

    def post(self, request):
        if request.POST.get("action") == "recovery-codes":
            if not request.user.is_verified():
                return redirect("two_factor_setup")
            codes = two_factor.recovery_codes_renew(user=request.user)
            return self.codes_page(request, codes)
        form = two_factor.EnrolForm(request.POST)
        if not form.is_valid():
            return self.enrol_page(request, form)
        device = two_factor.totp_device_pending(user=request.user)
        codes = two_factor.totp_confirm(device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("That code is not right: check the app's clock and enter the code it shows "
                                     "now."))
            return self.enrol_page(request, form)
        device.refresh_from_db()
        two_factor.session_verified(request=request, device=device)
        return self.codes_page(request, codes)

    def enrol_page(self, request, form):
        device = two_factor.totp_device_pending(user=request.user)
        return render(request, "core/two_factor_setup.html", {
            "form": form, "next": _next(request), "required": second_factor_required(request.user),
            "replacing": two_factor.totp_device(user=request.user) is not None,
            **two_factor.totp_setup_details(device)})

    def codes_page(self, request, codes):
        """The recovery codes, once: they are not kept in a form anyone can read back."""
        response = render(request, "core/two_factor_codes.html", {"codes": codes, "next": _next(request)})
        response["Cache-Control"] = "no-store"
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): a page saying so, 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/locked_out.html", {"minutes": minutes}, status=429)
