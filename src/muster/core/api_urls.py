"""The API's addresses: one router for every model's viewset, the reports' endpoints and the schema; anything
else under /api/ is a JSON 404 in the API's one error shape, not the site's HTML page."""

from importlib import import_module

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .views_api_docs import ApiDocsView

# Each app's api.py lists its viewsets as ROUTES [(prefix, viewset)] and its other endpoints as PATHS.
API_APPS = ["muster.missions", "muster.sources", "muster.places", "muster.force", "muster.funding",
            "muster.logistics", "muster.operations", "muster.intake", "muster.reports", "muster.public"]

router = DefaultRouter()
extra_paths = []
for app in API_APPS:
    module = import_module(f"{app}.api")
    for prefix, viewset in module.ROUTES:
        router.register(prefix, viewset)
    extra_paths += getattr(module, "PATHS", [])


class TokenView(ObtainAuthToken):
    """User name and password for a token: a few tries a minute per address (REST_FRAMEWORK "token" rate), and
    django-axes counts the failures as it does the sign-in page's. A token is not held to the second factor."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"


class NoSuchAddress(APIView):
    """Every method of an address the API does not have: 404 in the one error shape. Before authentication, so an
    anonymous caller learns only what a signed-in one does (the address does not exist)."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise NotFound()


urlpatterns = [
    path("", include(router.urls)),
    *extra_paths,
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("docs/<slug:tag>/", ApiDocsView.as_view(), name="docs-tag"),
    # Last. Addresses ending in / only: for one without, Django's APPEND_SLASH redirects to it first, as before.
    re_path(r"^(?:.*/)?$", NoSuchAddress.as_view(), name="no-such-address"),
]
