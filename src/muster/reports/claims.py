"""Claims beside what the records give: the claims' list and page, and their API endpoint.

A claim (sources) is a figure someone published; what the movements give for the same subject and date is the
force's (`force.selectors.claims_reconciled`). Comparing the two reads both layers, so these views sit here, above
force: muster/urls.py gives the pages the claims' addresses (`sources:claim_list`, `sources:claim_detail`) and
`reports/api.py` routes the endpoint at /api/claims/. A claim's form and its delete read only sources and stay there.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from muster.core import views as generic
from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.core.tables import Column
from muster.force.selectors import claims_reconciled
from muster.missions.models import Mission
from muster.sources.filtersets import ClaimFilterSet
from muster.sources.models import Claim


class ClaimListView(generic.ObjectListView):
    model = Claim
    filterset_class = ClaimFilterSet
    default_sort = ("as_of", "pk")
    columns = [
        Column("as_of", _("As of"), sort="as_of", link=True),
        Column("mission.code", _("Mission"), sort="mission__code"),
        Column("subject", _("Subject")),
        Column("metric", _("Metric"), sort="metric"),
        Column("value", _("Reported"), sort="value"),
        Column("computed", _("From movements")),
        Column("difference", _("Difference")),
        Column("status", _("Status"), sort="status"),
        Column("source.publisher", _("Source")),
    ]

    def get_queryset(self, request):
        return claims_reconciled(claims=super().get_queryset(request), user=request.user).select_related(
            "mission", "source").prefetch_related("countries")


class ClaimView(generic.ObjectDetailView):
    model = Claim

    def get_queryset(self, request):
        return claims_reconciled(claims=super().get_queryset(request), user=request.user).select_related(
            "mission", "source")


class ClaimSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    computed = serializers.IntegerField(read_only=True, allow_null=True,
                                        help_text="What the recorded movements give for the same subject and date.")
    difference = serializers.IntegerField(read_only=True, allow_null=True, help_text="computed − value")

    class Meta:
        model = Claim
        fields = ["id", "source", "mission", "countries", "category", "metric", "as_of", "value", "computed",
                  "difference", "status", "quote", "note", "version", "created", "last_updated"]


class ClaimViewSet(RestrictedModelViewSet):
    queryset = Claim.objects.select_related("mission").prefetch_related("countries")
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    ordering_fields = ["as_of", "value"]

    def get_queryset(self):
        return claims_reconciled(claims=super().get_queryset(), user=self.request.user)
