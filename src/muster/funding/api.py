"""API of funding flows, transactions, contracts, budgets, exchange rates, and published totals (the totals
by donor at a date: reports/api.py).

Amounts are integers of minor units (cents) with their ISO 4217 code; `usd_value` is the US-dollar value in
cents at the recorded rate. Creating a record needs the `source` that gives the figure.
"""

from rest_framework import serializers

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.missions.models import Mission
from muster.sources.api import CitationSerializer
from muster.sources.models import Source

from .filtersets import (
    BudgetFilterSet,
    ContractFilterSet,
    ExchangeRateFilterSet,
    FundingFlowFilterSet,
    FundTotalFilterSet,
    TransactionFilterSet,
)
from .models import Budget, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction
from .services import funding_record

COMMON = ["citations", "source", "quote", "version", "created", "last_updated"]
MONEY = ["amount", "currency", "usd_value", "exchange_rate"]


class CitedSerializer(ValidatedModelSerializer):
    """A record created with the source that gives its figures, through `funding_record`."""

    citations = CitationSerializer(many=True, read_only=True)
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), write_only=True, required=False,
        help_text="The source that gives the figure (required on create).",
    )
    quote = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                  help_text="The words of the source that support the figure.")

    def validate(self, attrs):
        if self.instance is None and attrs.get("source") is None:
            raise serializers.ValidationError({"source": "Every figure needs the source that gives it."})
        source, quote = attrs.pop("source", None), attrs.pop("quote", "")
        attrs = super().validate(attrs)
        attrs["source"], attrs["quote"] = source, quote
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        source, quote = validated_data.pop("source"), validated_data.pop("quote", "")
        many = {f.name: validated_data.pop(f.name) for f in self.Meta.model._meta.many_to_many
                if f.name in validated_data}
        return funding_record(user=self.context["request"].user, record=self.Meta.model(**validated_data),
                              source=source, quote=quote, many=many)

    def update(self, instance, validated_data):
        validated_data.pop("source", None)
        validated_data.pop("quote", None)
        return super().update(instance, validated_data)


class FundingFlowSerializer(CitedSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = FundingFlow
        fields = ["id", "mission", "donor", "recipient", "instrument", "category", "purpose", "reference",
                  "agreed_on", "notes", *COMMON]


class TransactionSerializer(CitedSerializer):
    class Meta:
        model = Transaction
        fields = ["id", "flow", "type", "date", *MONEY, "description", "reference", *COMMON]
        read_only_fields = ["usd_value", "exchange_rate"]


class ContractSerializer(CitedSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = Contract
        fields = ["id", "mission", "title", "reference", "category", "vendor", "funder", "beneficiary", *MONEY,
                  "start", "end", "status", "flows", "notes", *COMMON]
        read_only_fields = ["usd_value", "exchange_rate"]


class BudgetSerializer(CitedSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = Budget
        fields = ["id", "mission", "category", "period_start", "period_end", *MONEY, "note", *COMMON]
        read_only_fields = ["usd_value", "exchange_rate"]


class ExchangeRateSerializer(CitedSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "date", "usd_per_unit", "note", *COMMON]


class FundTotalSerializer(CitedSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = FundTotal
        fields = ["id", "mission", "recipient", "measure", "as_of", *MONEY, "note", *COMMON]
        read_only_fields = ["usd_value", "exchange_rate"]


class FundingFlowViewSet(RestrictedModelViewSet):
    queryset = FundingFlow.objects.select_related("mission").prefetch_related("citations__source")
    serializer_class = FundingFlowSerializer
    filterset_class = FundingFlowFilterSet
    ordering_fields = ["agreed_on"]


class TransactionViewSet(RestrictedModelViewSet):
    queryset = Transaction.objects.prefetch_related("citations__source")
    serializer_class = TransactionSerializer
    filterset_class = TransactionFilterSet
    ordering_fields = ["date", "usd_value"]


class ContractViewSet(RestrictedModelViewSet):
    queryset = Contract.objects.select_related("mission").prefetch_related("citations__source", "flows")
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["start", "end", "usd_value"]


class BudgetViewSet(RestrictedModelViewSet):
    queryset = Budget.objects.select_related("mission").prefetch_related("citations__source")
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilterSet
    ordering_fields = ["period_start"]


class ExchangeRateViewSet(RestrictedModelViewSet):
    queryset = ExchangeRate.objects.prefetch_related("citations__source")
    serializer_class = ExchangeRateSerializer
    filterset_class = ExchangeRateFilterSet
    ordering_fields = ["date"]


class FundTotalViewSet(RestrictedModelViewSet):
    queryset = FundTotal.objects.select_related("mission").prefetch_related("citations__source")
    serializer_class = FundTotalSerializer
    filterset_class = FundTotalFilterSet
    ordering_fields = ["as_of"]


ROUTES = [("funding-flows", FundingFlowViewSet), ("transactions", TransactionViewSet), ("contracts", ContractViewSet),
          ("budgets", BudgetViewSet), ("exchange-rates", ExchangeRateViewSet), ("fund-totals", FundTotalViewSet)]
