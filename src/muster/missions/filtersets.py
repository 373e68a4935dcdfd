"""Filters for missions and reference data, shared by list pages and the API."""

import django_filters

from muster.core.filtersets import RestrictedFilterSet

from .models import Authorization, Country, Mission, Organization


class MissionFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Mission
        fields = ["code", "lead_country", "q"]


class AuthorizationFilterSet(RestrictedFilterSet):
    mission = django_filters.ModelChoiceFilter(queryset=Mission.objects.all(), to_field_name="code")

    class Meta:
        model = Authorization
        fields = ["mission"]


class CountryFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Country
        fields = ["iso3", "iso2", "q"]


class OrganizationFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Organization
        fields = ["kind", "country", "q"]
