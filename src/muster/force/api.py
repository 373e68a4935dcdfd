"""API of contingents, movements, strength at a date, and the nominal roll."""

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from muster.core.api import MISSION_ON_PARAMETERS, RestrictedModelViewSet, ValidatedModelSerializer, mission_on
from muster.missions.models import Mission
from muster.reports.strength import strength_report
from muster.sources.api import CitationSerializer
from muster.sources.models import Source

from . import services
from .filtersets import (
    ContingentFilterSet,
    DutyStatusFilterSet,
    GenderTargetFilterSet,
    MovementFilterSet,
    PersonFilterSet,
    TourFilterSet,
)
from .models import Contingent, DutyStatus, GenderTarget, Movement, Person, Tour, add_months


class ContingentSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Contingent
        fields = ["id", "mission", "country", "category", "parent_service", "pledged_strength", "predecessor",
                  "notes", "citations", "version", "created", "last_updated"]


class MovementSerializer(ValidatedModelSerializer):
    citations = CitationSerializer(many=True, read_only=True)
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), write_only=True, required=False,
        help_text="When recording a movement: the source that reports it (required on create).",
    )
    quote = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                  help_text="The words of the source that support the movement.")
    unknown = serializers.IntegerField(min_value=0, required=False,
                                       help_text="Sex unknown; defaults to count − men − women.")

    class Meta:
        model = Movement
        fields = ["id", "contingent", "kind", "date", "count", "men", "women", "unknown", "note", "citations",
                  "source", "quote", "version", "created", "last_updated"]

    def validate(self, attrs):
        if self.instance is None:
            if attrs.get("source") is None:
                raise serializers.ValidationError({"source": "Every movement needs the source that reports it."})
            if attrs.get("unknown") is None and attrs.get("count") is not None:
                attrs["unknown"] = max(attrs["count"] - attrs.get("men", 0) - attrs.get("women", 0), 0)
        source, quote = attrs.pop("source", None), attrs.pop("quote", "")
        attrs = super().validate(attrs)
        attrs["source"], attrs["quote"] = source, quote
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        return services.movement_record(user=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("source", None)
        validated_data.pop("quote", None)
        return super().update(instance, validated_data)


class ContingentViewSet(RestrictedModelViewSet):
    queryset = Contingent.objects.select_related("mission").prefetch_related("citations__source")
    serializer_class = ContingentSerializer
    filterset_class = ContingentFilterSet
    ordering_fields = ["country", "category"]


class MovementViewSet(RestrictedModelViewSet):
    queryset = Movement.objects.prefetch_related("citations__source")
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    ordering_fields = ["date", "count"]


class StrengthRowSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166 alpha-3")
    country_name = serializers.CharField()
    category = serializers.CharField()
    total = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    unknown = serializers.IntegerField()
    women_share = serializers.FloatField(allow_null=True, help_text="Women ÷ total: a lower bound while "
                                                                    "some personnel's sex is unknown.")


class ClaimCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    as_of = serializers.DateField()
    subject = serializers.CharField()
    metric = serializers.CharField()
    value = serializers.IntegerField(help_text="What the source reports.")
    computed = serializers.IntegerField(allow_null=True, help_text="What the movements add up to.")
    difference = serializers.IntegerField(allow_null=True, help_text="computed − value")
    status = serializers.CharField()
    source = inline_serializer("ClaimSource", {
        "id": serializers.IntegerField(), "title": serializers.CharField(),
        "publisher": serializers.CharField(), "published_on": serializers.DateField(allow_null=True),
        "address": serializers.CharField(), "grade": serializers.CharField(),
    })


class StrengthSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField()
    total = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    unknown = serializers.IntegerField()
    ceiling = serializers.IntegerField(allow_null=True, help_text="Personnel ceiling of the authorization in force.")
    rows = StrengthRowSerializer(many=True)
    claims = ClaimCheckSerializer(many=True)


class StrengthView(APIView):
    """Strength of a mission on a date, by country and category, with the published claims beside it."""

    permission_model = Movement  # ObjectPermissions: the view grant this endpoint needs

    @extend_schema(
        parameters=MISSION_ON_PARAMETERS,
        responses=StrengthSerializer,
    )
    def get(self, request):
        mission, on = mission_on(request)
        report = strength_report(mission=mission, on=on, user=request.user)
        s = report.strength
        data = {
            "mission": mission.code, "on": on, "total": s.total, "men": s.men, "women": s.women,
            "unknown": s.unknown, "ceiling": report.ceiling,
            "rows": [{"country": r.country, "country_name": r.country_name, "category": r.category,
                      "total": r.total, "men": r.men, "women": r.women, "unknown": r.unknown,
                      "women_share": r.women_share} for r in s.rows],
            "claims": [{"id": c.pk, "as_of": c.as_of, "subject": c.subject, "metric": c.metric, "value": c.value,
                        "computed": c.computed, "difference": c.difference, "status": c.status,
                        "source": {"id": c.source.pk, "title": c.source.title, "publisher": c.source.publisher,
                                   "published_on": c.source.published_on, "address": c.source.address,
                                   "grade": c.source.grade}}
                       for c in report.claims],
        }
        return Response(StrengthSerializer(data).data)


ROUTES = [("contingents", ContingentViewSet), ("movements", MovementViewSet)]
PATHS = [path("strength/", StrengthView.as_view(), name="strength")]


# --- The nominal roll: only for those granted it (force.person, force.tour, force.dutystatus) -------------


class PersonSerializer(ValidatedModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "country", "service_number", "family_name", "given_names", "rank", "grade", "sex",
                  "date_of_birth", "specialty", "languages", "version", "created", "last_updated"]


class TourSerializer(ValidatedModelSerializer):
    planned_end = serializers.DateField(required=False, help_text="Default: arrival plus the mission's tour length.")

    class Meta:
        model = Tour
        fields = ["id", "person", "contingent", "arrival", "planned_end", "departure", "departure_reason", "version",
                  "created", "last_updated"]

    def validate(self, attrs):
        contingent = attrs.get("contingent") or getattr(self.instance, "contingent", None)
        arrival = attrs.get("arrival") or getattr(self.instance, "arrival", None)
        if self.instance is None and not attrs.get("planned_end") and contingent and arrival:
            attrs["planned_end"] = add_months(arrival, contingent.mission.tour_length_months)
        return super().validate(attrs)


class DutyStatusSerializer(ValidatedModelSerializer):
    class Meta:
        model = DutyStatus
        fields = ["id", "tour", "since", "status", "reason", "version", "created", "last_updated"]


class GenderTargetSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all(), required=False,
                                           allow_null=True)

    class Meta:
        model = GenderTarget
        fields = ["id", "mission", "category", "share", "target_year", "source", "version", "created",
                  "last_updated"]


class PersonViewSet(RestrictedModelViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["family_name", "service_number"]


class TourViewSet(RestrictedModelViewSet):
    queryset = Tour.objects.select_related("contingent__mission")
    serializer_class = TourSerializer
    filterset_class = TourFilterSet
    ordering_fields = ["arrival", "planned_end"]


class DutyStatusViewSet(RestrictedModelViewSet):
    queryset = DutyStatus.objects.all()
    serializer_class = DutyStatusSerializer
    filterset_class = DutyStatusFilterSet
    ordering_fields = ["since"]


class GenderTargetViewSet(RestrictedModelViewSet):
    queryset = GenderTarget.objects.select_related("mission")
    serializer_class = GenderTargetSerializer
    filterset_class = GenderTargetFilterSet
    ordering_fields = ["category", "target_year"]


ROUTES += [("people", PersonViewSet), ("tours", TourViewSet), ("duty-statuses", DutyStatusViewSet),
           ("gender-targets", GenderTargetViewSet)]
