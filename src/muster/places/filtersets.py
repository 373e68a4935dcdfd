"""Filters of administrative areas and sites, shared by the list pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.filtersets import mission_filter

from .models import AdminArea, Site


class AdminAreaFilterSet(RestrictedFilterSet):
    level = django_filters.ChoiceFilter(choices=AdminArea.Level.choices)
    parent = django_filters.CharFilter(field_name="parent__pcode", label=_("Department P-code"))
    name = django_filters.CharFilter(field_name="name_en", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = AdminArea
        fields = ["level", "parent", "name"]


class SiteFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    kind = django_filters.MultipleChoiceFilter(choices=Site.Kind.choices)
    adm1 = django_filters.CharFilter(field_name="adm1__pcode", label=_("Department P-code"))
    adm2 = django_filters.CharFilter(field_name="adm2__pcode", label=_("Commune P-code"))

    class Meta:
        model = Site
        fields = ["mission", "kind", "adm1", "adm2"]
