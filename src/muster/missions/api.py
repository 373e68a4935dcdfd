"""API of missions, authorizations, appointments, countries and organizations."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, viewsets

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.limits import PERSONNEL_MAX

from .filtersets import (
    AppointmentFilterSet,
    AuthorizationFilterSet,
    CountryFilterSet,
    MissionFilterSet,
    OrganizationFilterSet,
)
from .forms import MissionDateForm
from .models import Appointment, Authorization, Country, Mission, Organization


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


class AppointmentSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = Appointment
        fields = ["id", "mission", "person", "role", "country", "since", "until", "version", "created",
                  "last_updated"]


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


class AppointmentViewSet(RestrictedModelViewSet):
    queryset = Appointment.objects.select_related("mission", "country")
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilterSet
    ordering_fields = ["since", "person"]


class OrganizationViewSet(RestrictedModelViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name"]


ROUTES = [
    ("countries", CountryViewSet),
    ("missions", MissionViewSet),
    ("authorizations", AuthorizationViewSet),
    ("appointments", AppointmentViewSet),
    ("organizations", OrganizationViewSet),
]


# The query of every report endpoint (strength, funding totals, readiness, personnel by site): a mission, a date.
MISSION_ON_PARAMETERS = [OpenApiParameter("mission", str, required=True, description="Mission code, e.g. MSS"),
                         OpenApiParameter("on", OpenApiTypes.DATE, description="Date (YYYY-MM-DD); the mission's "
                                                                               "today, in its time zone, when omitted")]


def mission_on(request):
    """(mission, date) of a report request, read by the one parameter form (forms.MissionDateForm): a mission the
    user may see (else 404, as one that does not exist) and the date (not one: 400 naming `on`)."""
    form = MissionDateForm({"mission": request.query_params.get("mission"), "on": request.query_params.get("on")},
                           missions=Mission.objects.restrict(request.user, "view"))
    if form.is_valid():
        return form.cleaned_data["mission"], form.cleaned_data["on"]
    if "mission" in form.errors:
        raise Http404
    raise serializers.ValidationError({"on": form.errors["on"]})
