"""Filters for contingents and movements, shared by the list pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.models import Country, Mission, PersonnelCategory

from .models import Contingent, Movement


class ContingentFilterSet(RestrictedFilterSet):
    mission = django_filters.ModelChoiceFilter(queryset=Mission.objects.all(), to_field_name="code")
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all())
    category = django_filters.ChoiceFilter(choices=PersonnelCategory.choices)

    class Meta:
        model = Contingent
        fields = ["mission", "country", "category"]


class MovementFilterSet(RestrictedFilterSet):
    mission = django_filters.ModelChoiceFilter(
        field_name="contingent__mission", queryset=Mission.objects.all(), to_field_name="code"
    )
    country = django_filters.ModelChoiceFilter(field_name="contingent__country", queryset=Country.objects.all())
    category = django_filters.ChoiceFilter(field_name="contingent__category", choices=PersonnelCategory.choices)
    contingent = django_filters.ModelChoiceFilter(queryset=Contingent.objects.select_related("mission", "country"))
    kind = django_filters.MultipleChoiceFilter(choices=Movement.Kind.choices)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = Movement
        fields = ["mission", "country", "category", "contingent", "kind", "date_after", "date_before"]
