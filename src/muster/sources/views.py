"""Pages of sources and claims (the claims' list and page, beside what the records give: reports/claims.py)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.tables import Column

from . import filtersets, forms
from .models import Claim, Source
from .selectors import citation_record, citations_visible
from .services import citation_attach


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


class ClaimEditView(generic.ObjectEditView):
    model = Claim
    form_class = forms.ClaimForm


class ClaimDeleteView(generic.ObjectDeleteView):
    model = Claim


class CitationAddView(LoginRequiredMixin, View):
    """Attach a source to any record the user may change: `/citations/add/?record=force.contingent:12`."""

    def get_record(self, request):
        label, _sep, pk = request.GET.get("record", "").partition(":")
        record = citation_record(label=label, pk=pk, user=request.user, action="change") if pk.isdigit() else None
        if record is None:
            raise Http404
        return record

    def render_form(self, request, form, record):
        return render(request, "sources/citation_form.html", {"form": form, "record": record})

    def get(self, request):
        record = self.get_record(request)
        return self.render_form(request, forms.CitationForm(user=request.user), record)

    def post(self, request):
        record = self.get_record(request)
        form = forms.CitationForm(request.POST, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                set_message(form.cleaned_data.get("change_message", ""))
                citation_attach(record=record, source=form.cleaned_data["source"], quote=form.cleaned_data["quote"],
                                locator=form.cleaned_data["locator"])
            messages.success(request, gettext("Cited %s.") % form.cleaned_data["source"])
            return redirect(record.get_absolute_url())
        return self.render_form(request, form, record)


class CitationDeleteView(LoginRequiredMixin, View):
    """Remove a citation from a record the user may change."""

    def post(self, request, pk):
        citation = get_object_or_404(citations_visible(user=request.user, action="change"), pk=pk)
        record = citation.record
        with transaction.atomic():
            set_message(request.POST.get("change_message", ""))
            citation.delete()
        messages.success(request, gettext("Removed the citation of %s.") % citation.source)
        return redirect(record.get_absolute_url())
