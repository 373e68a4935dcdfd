"""API of publications: what each mission publishes on the public site, kept by administrators."""

from rest_framework import serializers

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.missions.models import Mission

from .filtersets import PublicationFilterSet
from .models import Publication


class PublicationSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = Publication
        fields = ["id", "mission", "strength", "funding", "incidents", "timeline", "licence", "version", "created",
                  "last_updated"]


class PublicationViewSet(RestrictedModelViewSet):
    queryset = Publication.objects.select_related("mission")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilterSet
    ordering_fields = ["mission__code"]


ROUTES = [("publications", PublicationViewSet)]
