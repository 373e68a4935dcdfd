"""Filters of logistics records, shared by the list pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.funding.models import Contract
from muster.missions.models import Country, Mission, Organization

from .models import (
    AdminArea,
    Posting,
    Shipment,
    Site,
    SiteAssignment,
    Vehicle,
    VehicleBasing,
    VehicleStatus,
    WorkOrder,
)


def _mission(field_name="mission"):
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=Mission.objects.all(), to_field_name="code")


class AdminAreaFilterSet(RestrictedFilterSet):
    level = django_filters.ChoiceFilter(choices=AdminArea.Level.choices)
    parent = django_filters.CharFilter(field_name="parent__pcode", label=_("Department P-code"))
    name = django_filters.CharFilter(field_name="name_en", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = AdminArea
        fields = ["level", "parent", "name"]


class SiteFilterSet(RestrictedFilterSet):
    mission = _mission()
    kind = django_filters.MultipleChoiceFilter(choices=Site.Kind.choices)
    adm1 = django_filters.CharFilter(field_name="adm1__pcode", label=_("Department P-code"))
    adm2 = django_filters.CharFilter(field_name="adm2__pcode", label=_("Commune P-code"))

    class Meta:
        model = Site
        fields = ["mission", "kind", "adm1", "adm2"]


class SiteAssignmentFilterSet(RestrictedFilterSet):
    mission = _mission("site__mission")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())

    class Meta:
        model = SiteAssignment
        fields = ["mission", "site"]


class PostingFilterSet(RestrictedFilterSet):
    mission = _mission("tour__contingent__mission")
    country = django_filters.ModelChoiceFilter(field_name="tour__contingent__country", queryset=Country.objects.all())
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    current_on = django_filters.DateFilter(method="filter_current_on", label=_("Current on"),
                                           help_text=_("Officers on the roll that day, at their posting then."))

    class Meta:
        model = Posting
        fields = ["mission", "country", "site", "current_on"]

    def filter_current_on(self, queryset, name, value):
        later = Posting.objects.filter(tour=OuterRef("tour"), since__gt=OuterRef("since"), since__lte=value)
        on_roll = Q(tour__departure__isnull=True) | Q(tour__departure__gt=value)
        return queryset.filter(on_roll, since__lte=value, tour__arrival__lte=value).exclude(Exists(later))


class VehicleFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"site": {"mission": "mission"}}
    mission = _mission()
    type = django_filters.MultipleChoiceFilter(choices=Vehicle.Type.choices)
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    owner = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    registration = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Vehicle
        fields = ["mission", "type", "site", "owner", "registration"]


class VehicleStatusFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"vehicle": {"mission": "mission"}}
    mission = _mission("vehicle__mission")
    vehicle = django_filters.ModelChoiceFilter(queryset=Vehicle.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=VehicleStatus.Status.choices)
    since_after = django_filters.DateFilter(field_name="since", lookup_expr="gte", label=_("On or after"))
    since_before = django_filters.DateFilter(field_name="since", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = VehicleStatus
        fields = ["mission", "vehicle", "status", "since_after", "since_before"]


class VehicleBasingFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"vehicle": {"mission": "mission"}, "site": {"mission": "mission"}}
    mission = _mission("vehicle__mission")
    vehicle = django_filters.ModelChoiceFilter(queryset=Vehicle.objects.all())
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    since_after = django_filters.DateFilter(field_name="since", lookup_expr="gte", label=_("On or after"))
    since_before = django_filters.DateFilter(field_name="since", lookup_expr="lte", label=_("On or before"))
    current_on = django_filters.DateFilter(method="filter_current_on", label=_("Current on"),
                                           help_text=_("Each vehicle's basing in force that day."))

    class Meta:
        model = VehicleBasing
        fields = ["mission", "vehicle", "site", "since_after", "since_before", "current_on"]

    def filter_current_on(self, queryset, name, value):
        later = VehicleBasing.objects.filter(vehicle=OuterRef("vehicle"), since__gt=OuterRef("since"),
                                             since__lte=value)
        return queryset.filter(since__lte=value).exclude(Exists(later))


class WorkOrderFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"vehicle": {"mission": "mission"}}
    mission = _mission("vehicle__mission")
    vehicle = django_filters.ModelChoiceFilter(queryset=Vehicle.objects.all())
    contract = django_filters.ModelChoiceFilter(queryset=Contract.objects.all())
    open = django_filters.BooleanFilter(field_name="closed", lookup_expr="isnull", label=_("Still open"))

    class Meta:
        model = WorkOrder
        fields = ["mission", "vehicle", "contract", "open"]


class ShipmentFilterSet(RestrictedFilterSet):
    mission = _mission()
    donor = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    destination = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=Shipment.Status.choices)

    class Meta:
        model = Shipment
        fields = ["mission", "donor", "destination", "status"]
