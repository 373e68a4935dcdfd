"""The API's addresses: one router for every model's viewset, the strength endpoint and the schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from muster.force.api import ContingentViewSet, MovementViewSet, StrengthView
from muster.missions.api import AuthorizationViewSet, CountryViewSet, MissionViewSet, OrganizationViewSet
from muster.sources.api import ClaimViewSet, SourceViewSet

from .views_api_docs import ApiDocsView

router = DefaultRouter()
router.register("countries", CountryViewSet)
router.register("missions", MissionViewSet)
router.register("authorizations", AuthorizationViewSet)
router.register("organizations", OrganizationViewSet)
router.register("sources", SourceViewSet)
router.register("claims", ClaimViewSet)
router.register("contingents", ContingentViewSet)
router.register("movements", MovementViewSet)

urlpatterns = [
    path("", include(router.urls)),
    path("strength/", StrengthView.as_view(), name="strength"),
    path("token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
