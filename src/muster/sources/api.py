"""API of sources, citations (nested in the records they support) and claims."""

from rest_framework import serializers

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.missions.models import Mission

from .filtersets import ClaimFilterSet, SourceFilterSet
from .models import Citation, Claim, Source


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


class ClaimSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    computed = serializers.IntegerField(read_only=True, allow_null=True,
                                        help_text="What the recorded movements give for the same subject and date.")
    difference = serializers.IntegerField(read_only=True, allow_null=True, help_text="computed − value")

    class Meta:
        model = Claim
        fields = ["id", "source", "mission", "countries", "category", "metric", "as_of", "value", "computed",
                  "difference", "status", "quote", "note", "version", "created", "last_updated"]


class SourceViewSet(RestrictedModelViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "publisher"]


class ClaimViewSet(RestrictedModelViewSet):
    queryset = Claim.objects.select_related("mission").prefetch_related("countries")
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    ordering_fields = ["as_of", "value"]

    def get_queryset(self):
        from muster.force.selectors import claims_reconciled

        return claims_reconciled(claims=super().get_queryset())


ROUTES = [("sources", SourceViewSet), ("claims", ClaimViewSet)]
