"""Filters for sources and claims, shared by list pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.filtersets import mission_filter
from muster.missions.models import Country, PersonnelCategory

from .models import Claim, Source


class SourceFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title, publisher or text contains"))
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Source
        fields = ["kind", "reliability", "credibility", "q", "published_after", "published_before"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value) | Q(text__icontains=value))


class ClaimFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    country = django_filters.ModelChoiceFilter(field_name="countries", queryset=Country.objects.all())
    category = django_filters.ChoiceFilter(choices=PersonnelCategory.choices)
    as_of_after = django_filters.DateFilter(field_name="as_of", lookup_expr="gte")
    as_of_before = django_filters.DateFilter(field_name="as_of", lookup_expr="lte")

    class Meta:
        model = Claim
        fields = ["mission", "country", "category", "metric", "status", "source", "as_of_after", "as_of_before"]
