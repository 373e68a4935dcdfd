"""Filters of logistics records, shared by the list pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.funding.models import Contract
from muster.missions.filtersets import mission_filter
from muster.missions.models import Organization
from muster.places.models import Site

from .models import Shipment, Vehicle, VehicleBasing, VehicleStatus, WorkOrder


class VehicleFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"site": {"mission": "mission"}}
    mission = mission_filter()
    type = django_filters.MultipleChoiceFilter(choices=Vehicle.Type.choices)
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    owner = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    registration = django_filters.CharFilter(lookup_expr="icontains", label=_("Registration contains"))

    class Meta:
        model = Vehicle
        fields = ["mission", "type", "site", "owner", "registration"]


class VehicleStatusFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"vehicle": {"mission": "mission"}}
    mission = mission_filter("vehicle__mission")
    vehicle = django_filters.ModelChoiceFilter(queryset=Vehicle.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=VehicleStatus.Status.choices)
    since_after = django_filters.DateFilter(field_name="since", lookup_expr="gte", label=_("On or after"))
    since_before = django_filters.DateFilter(field_name="since", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = VehicleStatus
        fields = ["mission", "vehicle", "status", "since_after", "since_before"]


class VehicleBasingFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"vehicle": {"mission": "mission"}, "site": {"mission": "mission"}}
    mission = mission_filter("vehicle__mission")
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
    mission = mission_filter("vehicle__mission")
    vehicle = django_filters.ModelChoiceFilter(queryset=Vehicle.objects.all())
    contract = django_filters.ModelChoiceFilter(queryset=Contract.objects.all())
    open = django_filters.BooleanFilter(field_name="closed", lookup_expr="isnull", label=_("Still open"))

    class Meta:
        model = WorkOrder
        fields = ["mission", "vehicle", "contract", "open"]


class ShipmentFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    donor = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    destination = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=Shipment.Status.choices)

    class Meta:
        model = Shipment
        fields = ["mission", "donor", "destination", "status"]
