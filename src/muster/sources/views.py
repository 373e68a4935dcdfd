"""Pages of sources and claims."""

from django.utils.translation import gettext_lazy as _

from muster.core import views as generic
from muster.core.tables import Column
from muster.force.selectors import claims_reconciled

from . import filtersets, forms
from .models import Claim, Source


class SourceListView(generic.ObjectListView):
    model = Source
    filterset_class = filtersets.SourceFilterSet
    columns = [
        Column("published_on", _("Published"), sort="published_on"),
        Column("title", _("Title"), sort="title", link=True),
        Column("publisher", _("Publisher"), sort="publisher"),
        Column("kind", _("Kind"), sort="kind"),
        Column("grade", _("Grade")),
        Column("address", _("Address")),
    ]


class SourceView(generic.ObjectDetailView):
    model = Source

    def get_extra_context(self, request, obj):
        claims = Claim.objects.restrict(request.user, "view").filter(source=obj).select_related("mission")
        return {"claims": claims}


class SourceEditView(generic.ObjectEditView):
    model = Source
    form_class = forms.SourceForm


class SourceDeleteView(generic.ObjectDeleteView):
    model = Source


class ClaimListView(generic.ObjectListView):
    model = Claim
    filterset_class = filtersets.ClaimFilterSet
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
        return claims_reconciled(claims=super().get_queryset(request)).select_related(
            "mission", "source").prefetch_related("countries")


class ClaimView(generic.ObjectDetailView):
    model = Claim

    def get_queryset(self, request):
        return claims_reconciled(claims=super().get_queryset(request)).select_related("mission", "source")


class ClaimEditView(generic.ObjectEditView):
    model = Claim
    form_class = forms.ClaimForm


class ClaimDeleteView(generic.ObjectDeleteView):
    model = Claim
