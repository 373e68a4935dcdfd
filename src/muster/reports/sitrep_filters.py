"""The filters of the issued SITREPs' list, shared by its page and the API (one FilterSet per model)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.filtersets import mission_filter
from muster.operations.models import Sitrep


class SitrepFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    period = django_filters.ChoiceFilter(choices=Sitrep.Period.choices)
    on_after = django_filters.DateFilter(field_name="on", lookup_expr="gte", label=_("Day on or after"))
    on_before = django_filters.DateFilter(field_name="on", lookup_expr="lte", label=_("Day on or before"))

    class Meta:
        model = Sitrep
        fields = ["mission", "period", "on_after", "on_before"]
