"""The API's addresses: one router for every model's viewset, the strength endpoint and the schema."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle

from .views_api_docs import ApiDocsView

# Each app's api.py lists its viewsets as ROUTES [(prefix, viewset)] and its other endpoints as PATHS.
API_APPS = ["muster.missions", "muster.sources", "muster.force", "muster.funding", "muster.logistics"]

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


urlpatterns = [
    path("", include(router.urls)),
    *extra_paths,
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
