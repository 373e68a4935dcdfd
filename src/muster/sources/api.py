"""API of sources and citations (nested in the records they support); claims, beside what the records give, are
reports' (reports/claims.py)."""

from django.db import transaction
from rest_framework import mixins, permissions, serializers, viewsets

from muster.core.api import RestrictedModelViewSet, RestrictedRelationsSerializer, ValidatedModelSerializer
from muster.core.api_policy import CHANGE_MESSAGE_HEADER
from muster.core.changelog import set_message

from .filtersets import SourceFilterSet
from .models import Citation, Source
from .selectors import citable_models, citation_record, citations_visible
from .services import citation_attach


class SourceSerializer(ValidatedModelSerializer):
    grade = serializers.CharField(read_only=True, help_text="Reliability letter and credibility digit, e.g. B2.")

    class Meta:
        model = Source
        fields = ["id", "kind", "title", "publisher", "speaker", "published_on", "language", "address", "text",
                  "reliability", "credibility", "grade", "version", "created", "last_updated"]


class CitationSerializer(serializers.ModelSerializer):
    """A source cited by a record, with the quoted words; read as part of the record."""

    source = serializers.PrimaryKeyRelatedField(read_only=True)
    publisher = serializers.CharField(source="source.publisher", read_only=True)
    title = serializers.CharField(source="source.title", read_only=True)
    address = serializers.CharField(source="source.address", read_only=True)

    class Meta:
        model = Citation
        fields = ["source", "publisher", "title", "address", "quote", "locator"]


class SourceViewSet(RestrictedModelViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "publisher"]


class CitationRecordSerializer(RestrictedRelationsSerializer):
    """A citation on its own: which record it supports, which source, and the words quoted."""

    record_type = serializers.ChoiceField(choices=[], help_text='The cited record\'s type: one of the records that '
                                                                'cite sources, e.g. "force.movement".')
    record_id = serializers.IntegerField(source="object_id", min_value=1)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The models that cite sources (a GenericRelation to Citation), from the app registry: the schema's enum.
        self.fields["record_type"].choices = sorted(m._meta.label_lower for m in citable_models())

    class Meta:
        model = Citation
        fields = ["id", "record_type", "record_id", "source", "quote", "locator", "created"]
        read_only_fields = ["created"]

    def validate(self, attrs):
        record = citation_record(label=attrs.pop("record_type"), pk=attrs.pop("object_id"),
                                 user=self.context["request"].user, action="change")
        if record is None:
            raise serializers.ValidationError({"record_id": "No such record that you may change and cite."})
        attrs["record"] = record
        return attrs

    def create(self, validated_data):
        return citation_attach(**validated_data)


class CitationViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Citations, each as visible as the record it supports; attach with POST, remove with DELETE."""

    queryset = Citation.objects.select_related("content_type")
    serializer_class = CitationRecordSerializer
    # Nobody is granted citations as such: each is as visible and changeable as the record it supports.
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["source"]
    ordering_fields = ["created"]

    def get_queryset(self):
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return citations_visible(user=self.request.user, action=action).select_related("content_type")

    def perform_create(self, serializer):
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            serializer.save()

    def perform_destroy(self, instance):
        with transaction.atomic():
            set_message(self.request.headers.get(CHANGE_MESSAGE_HEADER, ""))
            instance.delete()


ROUTES = [("sources", SourceViewSet), ("citations", CitationViewSet)]
