"""API of missions, authorizations, countries and organizations."""

from rest_framework import serializers, viewsets

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.limits import PERSONNEL_MAX

from .filtersets import AuthorizationFilterSet, CountryFilterSet, MissionFilterSet, OrganizationFilterSet
from .models import Authorization, Country, Mission, Organization


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso3", "iso2", "name"]


class MissionSerializer(ValidatedModelSerializer):
    class Meta:
        model = Mission
        fields = ["id", "code", "name", "lead_country", "start", "end", "predecessor", "tour_length_months",
                  "time_zone", "description", "version", "created", "last_updated"]


class AuthorizationSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    ceiling_by_category = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=PERSONNEL_MAX),
                                                required=False)

    class Meta:
        model = Authorization
        fields = ["id", "mission", "instrument", "adopted", "expires", "personnel_ceiling", "ceiling_by_category",
                  "summary", "version", "created", "last_updated"]


class OrganizationSerializer(ValidatedModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "abbreviation", "kind", "country", "version", "created", "last_updated"]


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """ISO 3166 countries (reference data, read only)."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    ordering_fields = ["iso3", "name"]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")


class MissionViewSet(RestrictedModelViewSet):
    queryset = Mission.objects.all()
    serializer_class = MissionSerializer
    filterset_class = MissionFilterSet
    ordering_fields = ["code", "start"]


class AuthorizationViewSet(RestrictedModelViewSet):
    queryset = Authorization.objects.select_related("mission")
    serializer_class = AuthorizationSerializer
    filterset_class = AuthorizationFilterSet
    ordering_fields = ["adopted"]


class OrganizationViewSet(RestrictedModelViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name"]


ROUTES = [
    ("countries", CountryViewSet),
    ("missions", MissionViewSet),
    ("authorizations", AuthorizationViewSet),
    ("organizations", OrganizationViewSet),
]
