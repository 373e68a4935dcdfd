"""API of contingents, movements (one at a time or in bulk) and the nominal roll (strength: reports/api.py)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.api_errors import BulkValidationError
from muster.core.api_policy import CHANGE_MESSAGE_HEADER
from muster.core.api_types import StrictTypesMixin
from muster.core.changelog import set_message
from muster.core.limits import PERSONNEL_MAX
from muster.missions.models import Mission
from muster.sources.api import CitationSerializer
from muster.sources.models import Source

from . import services
from .filtersets import (
    ContingentFilterSet,
    DutyStatusFilterSet,
    GenderTargetFilterSet,
    MovementFilterSet,
    PersonFilterSet,
    PostingFilterSet,
    SiteAssignmentFilterSet,
    TourFilterSet,
)
from .models import (
    Contingent,
    DutyStatus,
    GenderTarget,
    Movement,
    Person,
    Posting,
    SiteAssignment,
    Tour,
    add_months,
)


class ContingentSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Contingent
        fields = ["id", "mission", "country", "category", "parent_service", "pledged_strength", "predecessor",
                  "notes", "citations", "version", "created", "last_updated"]


NEW_SOURCE_FIELDS = ["kind", "title", "publisher", "published_on", "address"]


class NewSourceSerializer(StrictTypesMixin, serializers.ModelSerializer):
    """A source not yet in Muster, described where it is cited (as the page's form allows)."""

    kind = serializers.ChoiceField(choices=Source.Kind.choices, default=Source.Kind.PRESS_STATEMENT)

    class Meta:
        model = Source
        fields = NEW_SOURCE_FIELDS


@extend_schema_field({
    "oneOf": [{"type": "integer", "description": "The id of a source already in Muster."},
              {"type": "object", "description": "A new source, stored with the movement.",
               "properties": {
                   "kind": {"type": "string", "enum": list(Source.Kind.values), "default": "press_statement"},
                   "title": {"type": "string", "minLength": 1, "maxLength": 300},
                   "publisher": {"type": "string", "minLength": 1, "maxLength": 200},
                   "published_on": {"type": "string", "format": "date", "nullable": True},
                   "address": {"anyOf": [{"type": "string", "format": "uri", "maxLength": 500},
                                         {"type": "string", "maxLength": 0}]}},
               "required": ["title", "publisher"]}],
    "description": "The source that reports the movement (required on create): the id of one already in Muster, or "
                   "a new one described here, which is stored with the movement.",
})
class SourceOrNewField(serializers.PrimaryKeyRelatedField):
    """A source's id, or an object describing a new one (kind, title, publisher, published_on, address): the new
    source is validated here, with its errors named `source.title` and so on, and stored with the record."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            return super().to_internal_value(data)
        described = NewSourceSerializer(data=data)
        described.is_valid(raise_exception=True)
        source = Source(**described.validated_data)
        try:
            source.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return source


class MovementSerializer(ValidatedModelSerializer):
    citations = CitationSerializer(many=True, read_only=True)
    source = SourceOrNewField(queryset=Source.objects.all(), write_only=True, required=False)
    quote = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                  help_text="The words of the source that support the movement.")
    unknown = serializers.IntegerField(min_value=0, max_value=PERSONNEL_MAX, required=False,
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


BULK_MAX = 1000


class MovementViewSet(RestrictedModelViewSet):
    queryset = Movement.objects.prefetch_related("citations__source")
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    ordering_fields = ["date", "count"]

    @extend_schema(
        request={"application/json": {"type": "array", "minItems": 1, "maxItems": BULK_MAX,
                                      "items": {"$ref": "#/components/schemas/MovementRequest"}}},
        responses={201: MovementSerializer(many=True)},
        description=f"Record up to {BULK_MAX:,} movements at once, all or nothing, in the order sent: each as "
                    "`POST /api/movements/` records one (scope, the strength rule, its source), so a movement may "
                    "rely on an earlier one of the same request. A refusal names each item's `index` (from 0) "
                    "and `attr`, and stores none.",
    )
    @action(detail=False, methods=["post"], url_path="bulk", pagination_class=None, filter_backends=[])
    def bulk(self, request):
        items = request.data
        if not isinstance(items, list) or not 1 <= len(items) <= BULK_MAX:
            raise serializers.ValidationError({"non_field_errors": [
                f"Send a list of 1 to {BULK_MAX:,} movements."]}, code="invalid")
        errors, saved = [], []
        with transaction.atomic():
            set_message(request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            for item in items:
                serializer = self.get_serializer(data=item)
                if not serializer.is_valid():
                    errors.append(serializer.errors)
                    continue
                try:
                    # Saved as it comes, so that a later movement is validated after the earlier ones.
                    with transaction.atomic():
                        saved.append(serializer.save())
                    errors.append({})
                except DjangoValidationError as error:
                    errors.append(serializers.as_serializer_error(error))
            if any(errors):
                raise BulkValidationError(errors)  # rolls back every movement of the request
        return Response(self.get_serializer(saved, many=True).data, status=status.HTTP_201_CREATED)


ROUTES = [("contingents", ContingentViewSet), ("movements", MovementViewSet)]


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


# --- Who is where: assignments of contingents to sites; postings of the roll's officers, granted like the roll ---


class SiteAssignmentSerializer(ValidatedModelSerializer):
    class Meta:
        model = SiteAssignment
        fields = ["id", "site", "contingent", "personnel", "since", "until", "version", "created",
                  "last_updated"]


class PostingSerializer(ValidatedModelSerializer):
    class Meta:
        model = Posting
        fields = ["id", "tour", "site", "since", "reason", "notes", "version", "created",
                  "last_updated"]
        validators = []  # one posting a day is checked by the model's clean(), with a message naming `since`


class SiteAssignmentViewSet(RestrictedModelViewSet):
    queryset = SiteAssignment.objects.all()
    serializer_class = SiteAssignmentSerializer
    filterset_class = SiteAssignmentFilterSet
    ordering_fields = ["since"]


class PostingViewSet(RestrictedModelViewSet):
    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet
    ordering_fields = ["since"]


ROUTES += [("site-assignments", SiteAssignmentViewSet), ("postings", PostingViewSet)]
