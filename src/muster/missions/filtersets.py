"""Filters for missions and reference data, shared by list pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet

from .models import Appointment, Authorization, Country, Mission, Organization


def mission_filter(field_name="mission", **options):
    """A mission chosen by its code, as every list of a mission's records takes it (?mission=MSS), labelled "Mission"
    whatever the path to it (not django-filter's "Tours contingent mission")."""
    options.setdefault("label", _("Mission"))
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=Mission.objects.all(), to_field_name="code",
                                            **options)


class MissionFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Mission
        fields = ["code", "lead_country", "q"]


class AuthorizationFilterSet(RestrictedFilterSet):
    mission = mission_filter()

    class Meta:
        model = Authorization
        fields = ["mission"]


class AppointmentFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    q = django_filters.CharFilter(field_name="person", lookup_expr="icontains", label=_("Person contains"))

    class Meta:
        model = Appointment
        fields = ["mission", "country", "q"]


class CountryFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Country
        fields = ["iso3", "iso2", "q"]


class OrganizationFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Organization
        fields = ["kind", "country", "q"]
