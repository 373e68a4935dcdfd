"""API of administrative areas (reference data, read-only) and sites. A site's department and commune follow from
its coordinates: read-only."""

from rest_framework import serializers, viewsets

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.api_policy import ObjectPermissions
from muster.missions.models import Mission
from muster.sources.api import CitationSerializer

from . import filtersets
from .models import AdminArea, Site

COMMON = ["version", "created", "last_updated"]


class AdminAreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True)

    class Meta:
        model = AdminArea
        fields = ["id", "pcode", "level", "parent", "name_en", "name_fr", "name_ht", "valid_on", "source_name",
                  "min_lon", "min_lat", "max_lon", "max_lat", "display_geometry"]


class AdminAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments and communes loaded from COD-AB files (reference data: loaded by `muster import-boundaries`)."""

    queryset = AdminArea.objects.select_related("parent").defer("geometry", "parent__geometry",
                                                                "parent__display_geometry")
    serializer_class = AdminAreaSerializer
    filterset_class = filtersets.AdminAreaFilterSet
    permission_classes = [ObjectPermissions]
    lookup_field = "pk"

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")


class SiteSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    adm1 = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True,
                                        help_text="Department P-code")
    adm2 = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True,
                                        help_text="Commune P-code")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = ["id", "mission", "name", "kind", "latitude", "longitude", "outside_boundaries", "adm1", "adm2",
                  "opened", "closed", "notes", "citations", *COMMON]

    # The department and commune follow from the coordinates: Site.clean() places the site, in the store's validation.


class SiteViewSet(RestrictedModelViewSet):
    queryset = Site.objects.select_related("mission", "adm1", "adm2").defer(
        "adm1__geometry", "adm1__display_geometry", "adm2__geometry", "adm2__display_geometry"
    ).prefetch_related("citations__source")
    serializer_class = SiteSerializer
    filterset_class = filtersets.SiteFilterSet
    ordering_fields = ["name", "opened"]


ROUTES = [("admin-areas", AdminAreaViewSet), ("sites", SiteViewSet)]
