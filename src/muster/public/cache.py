"""The public pages' cache: keyed by mission, day, language and the change log's generation.

Every write Muster makes, by any path, leaves a row in the change log (core.changelog: each save and delete, and
the imports' bulk writes through `log_bulk`), so the log's highest id is a generation that moves whenever a record
a public page shows changes. A key that carries it is never stale: a movement recorded changes the page at once,
with no signal of its own and no invalidation to forget. Older keys are left to the cache's own expiry and culling.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

from muster.core.models import ObjectChange

TIMEOUT = 24 * 60 * 60  # a day: an entry outlived by a newer generation is dead weight until then


def public_generation():
    """The change log's highest id: one read of the primary key's index."""
    return ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def public_cached(*, mission, on, what, build):
    """`build()` for `what` of `mission` on `on` in the active language, from the cache when it holds the current
    generation's."""
    key = f"public:{public_generation()}:{mission.code}:{on.isoformat()}:{get_language()}:{what}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


# Cookies a visitor may carry whose page is still everyone's: the language chosen (the key names the language) and
# the CSRF cookie of an earlier page. A session or messages cookie means a page of one's own (a signed-in header, a
# message): never from, nor into, the shared cache.
SHARED_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
# A response of the page without a date (the mission's today) is kept for a quarter of an hour at most: every time
# zone's midnight falls on a quarter hour, so the today it shows is never a day late.
TODAY_BUCKET_SECONDS = 15 * 60
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin", "Cache-Control", "Vary")


def response_shareable(request):
    """Whether `request` asks for a page that is the same for every anonymous visitor of its language."""
    return (request.method in ("GET", "HEAD") and not request.GET
            and not request.COOKIES.keys() - SHARED_COOKIES)


def public_response(request, *, dated, build):
    """The response `build()` makes, from the cache for an anonymous visitor: the whole response, gzipped once.

    The page's body is cached by `public_cached` already; what a visitor's request still cost was the rest (the
    publication's query, `base.html` rendered around the body, the page compressed again), seven times the bare
    view's time under bench/loadtest.py's crowd. A hit here is one read of the generation and one of the cache.
    Only a 200 is kept. `dated` False: the address names no day (the mission's today), kept a quarter of an hour.
    """
    if not response_shareable(request):
        return build()
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    bucket = "" if dated else str(int(time.time()) // TODAY_BUCKET_SECONDS)
    key = (f"public-response:{public_generation()}:{get_language()}:{int(gzipped)}:{bucket}:"
           f"{hashlib.sha256(request.path.encode()).hexdigest()}")
    kept = cache.get(key)
    if kept is None:
        response = build()
        if response.status_code != 200 or response.streaming:
            return response
        content = compress_string(response.content) if gzipped else response.content
        kept = {"content": content, "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
                "frame_exempt": getattr(response, "xframe_options_exempt", False),
                "csp_replace": getattr(response, "_csp_replace", None)}
        cache.set(key, kept, TIMEOUT)
    response = HttpResponse(kept["content"])
    for header, value in kept["headers"].items():
        response[header] = value
    if gzipped:
        response["Content-Encoding"] = "gzip"  # GZipMiddleware leaves an encoded response as it is
    # A proxy keeps it for visitors alike: same language, same encoding, no cookie that makes a page one's own.
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language", "Cookie"])
    if kept["frame_exempt"]:
        response.xframe_options_exempt = True
    if kept["csp_replace"]:
        response._csp_replace = kept["csp_replace"]
    return response
