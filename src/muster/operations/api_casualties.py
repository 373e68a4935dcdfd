"""API of the mission's own casualties: /api/casualties/.

A casualty is written only through operations.services (casualty_record, casualty_delete): creating, changing or
deleting one writes, in the same transaction, the named officer's duty status and, for killed, missing or evacuated
out of theatre, the casualty movement on the contingent, each citing the casualty's source; `movement` and
`duty_status` say which records those are. Granted like the nominal roll (names): the personnel officer, and a
liaison for their own country's.
"""

from django.db import transaction
from rest_framework import serializers

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.api_policy import CHANGE_MESSAGE_HEADER
from muster.core.changelog import set_message
from muster.force.api import SourceOrNewField
from muster.sources.api import CitationSerializer
from muster.sources.models import Source

from . import services
from .models import Casualty
from .views.casualties import CasualtyFilterSet


class CasualtySerializer(ValidatedModelSerializer):
    citations = CitationSerializer(many=True, read_only=True)
    source = SourceOrNewField(queryset=Source.objects.all(), write_only=True, required=False)
    quote = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                  help_text="The words of the source that report the casualty.")
    movement = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="The casualty movement it wrote on the contingent (killed, missing, evacuated); null for wounded "
                  "treated in theatre.")
    duty_status = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The duty status it gave the named officer (`tour`); null when "
                                                   "nobody is named.")

    class Meta:
        model = Casualty
        fields = ["id", "incident", "contingent", "outcome", "tour", "count", "note", "movement", "duty_status",
                  "citations", "source", "quote", "version", "created", "last_updated"]

    def validate(self, attrs):
        if self.instance is None and attrs.get("source") is None:
            raise serializers.ValidationError({"source": "Every casualty needs the source that reports it."})
        source, quote = attrs.pop("source", None), attrs.pop("quote", "")
        attrs = super().validate(attrs)
        attrs["source"], attrs["quote"] = source, quote
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        source, quote = validated_data.pop("source"), validated_data.pop("quote")
        return services.casualty_record(user=self.context["request"].user, casualty=Casualty(**validated_data),
                                        source=source, quote=quote)

    def update(self, instance, validated_data):
        source, quote = validated_data.pop("source", None), validated_data.pop("quote", "")
        for name, value in validated_data.items():  # `version` too: the save is refused if it is stale
            setattr(instance, name, value)
        return services.casualty_record(user=self.context["request"].user, casualty=instance, source=source,
                                        quote=quote)


class CasualtyViewSet(RestrictedModelViewSet):
    """The mission's own casualties, filtered as their list page is (mission, contingent, outcome, period,
    incident, named or not). Deleting one removes the movement and the duty status it wrote."""

    queryset = Casualty.objects.prefetch_related("citations__source")
    serializer_class = CasualtySerializer
    filterset_class = CasualtyFilterSet
    ordering_fields = ["count"]

    def perform_destroy(self, instance):
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            services.casualty_delete(user=self.request.user, casualty=instance)


ROUTES = [("casualties", CasualtyViewSet)]
