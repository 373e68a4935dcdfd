"""API of incidents, their tolls, actors and event types (the mission's own casualties: api_casualties).

An incident's moment, `occurred_at`, is ISO 8601 with its offset: read in the mission's time zone
(2025-03-18T14:30:00-04:00 in Port-au-Prince), taken in any offset and stored in UTC; its `date` is the day of that
moment in the mission's time zone, derived from it when it is given. Departments and communes are P-codes (`adm1`,
`adm2`). An incident is written only through operations.services.incident_store / incident_delete (which keep its
casualties in step with the roll and strength), and cites its source as a movement does: the id of a source, or a
new one described in place, with its grade. Its tolls are read with it and written at /api/tolls/.

Viewsets as ROUTES [(prefix, viewset)], other endpoints as PATHS.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.api_policy import CHANGE_MESSAGE_HEADER
from muster.core.changelog import set_message
from muster.force.api import NEW_SOURCE_FIELDS, NewSourceSerializer, SourceOrNewField
from muster.missions.models import Mission
from muster.places.models import AdminArea
from muster.sources.api import CitationSerializer
from muster.sources.models import Source

from . import filtersets, services
from .api_casualties import ROUTES as CASUALTY_ROUTES
from .forms import INCIDENT_AREA_OUTLINES, units_of_other_missions
from .models import Actor, EventType, Incident, Toll

COMMON = ["version", "created", "last_updated"]


class GradedNewSourceSerializer(NewSourceSerializer):
    """A new source described where an incident cites it, with its grade (reliability A–F, credibility 1–6)."""

    class Meta(NewSourceSerializer.Meta):
        fields = [*NEW_SOURCE_FIELDS, "reliability", "credibility"]


@extend_schema_field({
    "oneOf": [{"type": "integer", "description": "The id of a source already in Muster."},
              {"type": "object", "description": "A new source, stored with the incident.",
               "properties": {
                   "kind": {"type": "string", "enum": list(Source.Kind.values), "default": "press_statement"},
                   "title": {"type": "string", "minLength": 1, "maxLength": 300},
                   "publisher": {"type": "string", "minLength": 1, "maxLength": 200},
                   "published_on": {"type": "string", "format": "date", "nullable": True},
                   "address": {"anyOf": [{"type": "string", "format": "uri", "maxLength": 500},
                                         {"type": "string", "maxLength": 0}]},
                   "reliability": {"type": "string", "enum": list(Source.Reliability.values), "default": "F"},
                   "credibility": {"type": "string", "enum": list(Source.Credibility.values), "default": "6"}},
               "required": ["title", "publisher"]}],
    "description": "The source that reports the incident (required on create): the id of one already in Muster, or "
                   "a new one described here, with its grade, which is stored with the incident.",
})
class GradedSourceOrNewField(SourceOrNewField):
    """A source's id, or an object describing a new one with its grade (force.api.SourceOrNewField's, graded)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            return super().to_internal_value(data)
        described = GradedNewSourceSerializer(data=data)
        described.is_valid(raise_exception=True)
        source = Source(**described.validated_data)
        try:
            source.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return source


class OffsetDateTimeField(serializers.DateTimeField):
    """A moment in ISO 8601 with its offset (2025-03-18T14:30:00-04:00, or Z): a time without one is refused, as
    it could be any of the mission's, UTC's or the server's."""

    def to_internal_value(self, value):
        if isinstance(value, str):
            parsed = parse_datetime(value.strip())
            if parsed is not None and parsed.tzinfo is None:
                raise serializers.ValidationError(
                    "Give the offset: 2025-03-18T14:30:00-04:00 for 14:30 in Port-au-Prince in summer, or Z for UTC.")
        return super().to_internal_value(value)


class TollInIncidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Toll
        fields = ["id", "group", "outcome", "count", "as_reported", "estimate"]


def area_field(level, help_text):
    return serializers.SlugRelatedField(slug_field="pcode", queryset=AdminArea.objects.filter(level=level),
                                        required=False, allow_null=True, help_text=help_text)


class IncidentSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    date = serializers.DateField(required=False, help_text=(
        "The day in the mission's time zone. Derived from occurred_at when that is given (and refused if it "
        "names another day); required without it."))
    occurred_at = OffsetDateTimeField(required=False, allow_null=True, help_text=(
        "The moment, where known, ISO 8601 with its offset. Read in the mission's time zone; stored in UTC."))
    adm1 = area_field(AdminArea.Level.ADM1, "Department P-code: filled from the site or the point; give it (or the "
                                            "commune) for a named place without one.")
    adm2 = area_field(AdminArea.Level.ADM2, "Commune P-code: filled from the site or the point; give it for a named "
                                            "place without one.")
    interaction = serializers.IntegerField(read_only=True, allow_null=True,
                                           help_text="ACLED's interaction code: the actors' inter codes, lower first; "
                                                     "a lone actor's followed by 0.")
    tolls = TollInIncidentSerializer(many=True, read_only=True, help_text="Written at /api/tolls/.")
    citations = CitationSerializer(many=True, read_only=True)
    source = GradedSourceOrNewField(queryset=Source.objects.all(), write_only=True, required=False)
    quote = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                  help_text="The words of the source that report the incident.")
    locator = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200,
                                    help_text="Where in the source: a page, a paragraph, a time stamp.")

    class Meta:
        model = Incident
        fields = ["id", "mission", "acled_id", "title", "date", "occurred_at", "time_precision", "event_type", "site",
                  "location", "latitude", "longitude", "geo_precision", "outside_boundaries", "adm1", "adm2",
                  "actor1", "associated_actors1", "actor2", "associated_actors2", "interaction",
                  "civilian_targeting", "units", "personnel_involved", "narrative", "classification", "sample",
                  "tolls", "citations", "source", "quote", "locator", *COMMON]
        validators = []  # one ACLED id per mission: the model's check, naming acled_id

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.occurred_at is not None:
            data["occurred_at"] = instance.local_time().isoformat()
        return data

    def validate(self, attrs):
        cited = {name: attrs.pop(name) for name in ("source", "quote", "locator") if name in attrs}
        if self.instance is None and cited.get("source") is None:
            raise serializers.ValidationError({"source": "Every incident needs the source that reports it."})
        mission = attrs.get("mission") or getattr(self.instance, "mission", None)
        moment = attrs.get("occurred_at", getattr(self.instance, "occurred_at", None))
        if mission is not None and moment is not None:
            day = moment.astimezone(mission.zone).date()
            if "date" in attrs and attrs["date"] != day:
                raise serializers.ValidationError({"date": (
                    f"{attrs['date']} is not the day of occurred_at in {mission.time_zone} ({day}): give the day "
                    "there, or leave date out.")})
            attrs["date"] = day
        elif self.instance is None and "date" not in attrs:
            raise serializers.ValidationError({"date": "Give the day (or the moment, occurred_at)."})
        units = attrs.get("units")
        if mission is not None and units:
            others = units_of_other_missions(mission, units)
            if others:
                raise serializers.ValidationError({"units": others})
        attrs = super().validate(attrs)
        return attrs | cited

    def create(self, validated_data):
        validated_data.pop("version", None)
        cited = self._cited(validated_data)
        many = self._many(validated_data)
        return services.incident_store(user=self.context["request"].user, incident=Incident(**validated_data),
                                       many=many, **cited)

    def update(self, instance, validated_data):
        cited = self._cited(validated_data)
        many = self._many(validated_data)
        for name, value in validated_data.items():  # `version` too: the save is refused if it is stale
            setattr(instance, name, value)
        return services.incident_store(user=self.context["request"].user, incident=instance, many=many, **cited)

    @staticmethod
    def _cited(validated_data):
        return {name: validated_data.pop(name) for name in ("source", "quote", "locator") if name in validated_data}


class TollSerializer(ValidatedModelSerializer):
    class Meta:
        model = Toll
        fields = ["id", "incident", "group", "outcome", "count", "as_reported", "estimate", *COMMON]
        validators = []  # one toll per group and outcome: the model's check


class ActorSerializer(ValidatedModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "inter", "coalition", "country", "description", *COMMON]


class EventTypeSerializer(ValidatedModelSerializer):
    class Meta:
        model = EventType
        fields = ["id", "disorder_type", "event_type", "sub_event_type", "acled", *COMMON]
        validators = []  # one row per event and sub-event type: the model's check


class IncidentViewSet(RestrictedModelViewSet):
    """A mission's incidents, filtered as its list page is (period, department, commune, event type, actor on
    either side, casualties, classification, sample). Deleting one removes its casualties first, and what they
    wrote on the roll and strength."""

    queryset = (Incident.objects.select_related("mission", "adm1", "adm2", "actor1", "actor2")
                .defer(*INCIDENT_AREA_OUTLINES)
                .prefetch_related("tolls", "citations__source", "associated_actors1", "associated_actors2", "units"))
    serializer_class = IncidentSerializer
    filterset_class = filtersets.IncidentFilterSet
    ordering_fields = ["date", "occurred_at"]

    def perform_destroy(self, instance):
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            services.incident_delete(user=self.request.user, incident=instance)


class TollViewSet(RestrictedModelViewSet):
    queryset = Toll.objects.all()
    serializer_class = TollSerializer
    filterset_class = filtersets.TollFilterSet
    ordering_fields = ["count"]


class ActorViewSet(RestrictedModelViewSet):
    queryset = Actor.objects.all()
    serializer_class = ActorSerializer
    filterset_class = filtersets.ActorFilterSet
    ordering_fields = ["name", "inter"]


class EventTypeViewSet(RestrictedModelViewSet):
    queryset = EventType.objects.all()
    serializer_class = EventTypeSerializer
    filterset_class = filtersets.EventTypeFilterSet
    ordering_fields = ["event_type", "sub_event_type"]


ROUTES = [("incidents", IncidentViewSet), ("tolls", TollViewSet), ("actors", ActorViewSet),
          ("event-types", EventTypeViewSet), *CASUALTY_ROUTES]
PATHS = []
