"""Request-wide middleware: the change-log context and the Content-Security-Policy header."""

import uuid

from .changelog import change_context


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


class ContentSecurityPolicyMiddleware:
    """Everything is served from here: no CDN, no inline script, no third-party frames."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        return response
