"""Muster's URLs plus one bare Django view, the load test's yardstick (bench/loadtest.py).

The bare view does no work of its own: a request to it costs what every page costs before its view runs (gunicorn,
WSGI, URL resolution, the whole middleware stack, as for an anonymous visitor), so the public page's throughput
against it measures what the page itself costs.
"""

from django.http import HttpResponse
from django.urls import include, path

BARE_PATH = "/loadtest/bare/"


def bare(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path(BARE_PATH.strip("/") + "/", bare, name="loadtest_bare"),
    path("", include("muster.urls")),
]
