"""Request-wide middleware: the change-log context, and holding a session to its second factor.

(The Content-Security-Policy header comes from django-csp: CONTENT_SECURITY_POLICY in settings.)
"""

import uuid
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from .api_errors import error_body
from .changelog import change_context
from .two_factor import SESSION_KEY, second_factor_owed


class ChangeContextMiddleware:
    """Every change made while serving a request shares its request id and names its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        with change_context(request=request, request_id=request.id):
            response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response


class SecondFactorMiddleware:
    """A session that owes its second factor reaches only the sign-in, two-factor and sign-out pages.

    The one place the rule is enforced (after django-otp's OTPMiddleware, which tells whether the session is
    verified): every page, the admin and session-authenticated API calls. Whether a session owes it is decided at
    sign-in (core/two_factor.py, `session_mark`), so a page costs no query for it. API calls authenticated by a
    token carry no session and are not held (docs/api.md).
    """

    OPEN = {"login", "logout", "two_factor_verify", "two_factor_setup", "admin:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        owed = request.session.get(SESSION_KEY)
        if owed is None:  # a session from before two-factor sign-in: decide now, once
            owed = request.session[SESSION_KEY] = second_factor_owed(user=user)
        if not owed:
            return None
        request.second_factor_pending = True
        if request.resolver_match.view_name in self.OPEN:
            return None
        if issubclass(getattr(view_func, "cls", object), APIView):  # an API call: an answer, not a page
            return JsonResponse(error_body(403, _("Complete the two-factor sign-in first."), "second_factor_required"),
                                status=403)
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
