"""Filters of funding records, shared by the list pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.filtersets import mission_filter
from muster.missions.models import Organization

from .models import Budget, Category, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction


class FundingFlowFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    donor = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    recipient = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    instrument = django_filters.ChoiceFilter(choices=FundingFlow.Instrument.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = FundingFlow
        fields = ["mission", "donor", "recipient", "instrument", "category"]


class TransactionFilterSet(RestrictedFilterSet):
    mission = mission_filter("flow__mission")
    flow = django_filters.ModelChoiceFilter(queryset=FundingFlow.objects.select_related("donor", "recipient"))
    donor = django_filters.ModelChoiceFilter(field_name="flow__donor", queryset=Organization.objects.all())
    recipient = django_filters.ModelChoiceFilter(field_name="flow__recipient", queryset=Organization.objects.all())
    instrument = django_filters.ChoiceFilter(field_name="flow__instrument", choices=FundingFlow.Instrument.choices)
    type = django_filters.MultipleChoiceFilter(choices=Transaction.Type.choices)
    currency = django_filters.CharFilter(lookup_expr="iexact")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = Transaction
        fields = ["mission", "flow", "donor", "recipient", "instrument", "type", "currency", "date_after",
                  "date_before"]


class ContractFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    category = django_filters.ChoiceFilter(choices=Category.choices)
    status = django_filters.MultipleChoiceFilter(choices=Contract.Status.choices)
    funder = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    vendor = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    ends_before = django_filters.DateFilter(field_name="end", lookup_expr="lte", label=_("Ends on or before"))

    class Meta:
        model = Contract
        fields = ["mission", "category", "status", "funder", "vendor", "ends_before"]


class BudgetFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    category = django_filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = Budget
        fields = ["mission", "category"]


class ExchangeRateFilterSet(RestrictedFilterSet):
    currency = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = ExchangeRate
        fields = ["currency"]


class FundTotalFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    recipient = django_filters.ModelChoiceFilter(queryset=Organization.objects.all())
    measure = django_filters.ChoiceFilter(choices=FundTotal.Measure.choices)

    class Meta:
        model = FundTotal
        fields = ["mission", "recipient", "measure"]
