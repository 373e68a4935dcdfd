"""The API's addresses: one router for every model's viewset, the strength endpoint and the schema."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

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

urlpatterns = [
    path("", include(router.urls)),
    *extra_paths,
    path("token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
