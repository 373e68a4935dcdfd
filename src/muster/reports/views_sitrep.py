"""The SITREP's pages beside the live report (which is the pipeline's: reports:sitrep and its files): issuing it with
the commander's assessment, the issued versions' list, an issued version's page (with what it changed against the
version before) and its files. Each shows what the reader's grants let them see (reports.sitrep)."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.exports import download
from muster.core.tables import Column
from muster.missions.forms import DATE
from muster.missions.models import Mission, mission_today
from muster.operations.models import Sitrep

from . import sitrep
from .pipeline import reports
from .rendering import report_file
from .sitrep_filters import SitrepFilterSet

FORMATS = ("pdf", "docx", "xlsx", "csv")  # the files the SITREP's pages offer


class SitrepIssueForm(forms.Form):
    on = forms.DateField(label=_("Last day of the report"), widget=DATE)
    period = forms.ChoiceField(choices=Sitrep.Period.choices)
    assessment = forms.CharField(label=_("Commander's assessment"), required=False, widget=forms.Textarea(
        attrs={"rows": 6}), help_text=_("Every reader of the SITREP reads it, liaisons and donors too: write nothing "
                                       "they may not know."))
    correction = forms.CharField(label=_("What this version corrects"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Needed once a version of this report was issued."))


def sitrep_page_context(request, report, missions):
    """What the live SITREP's page shows beside the report: the versions issued for its day and period, the form
    to issue it (for an author), the other missions."""
    issued = list(Sitrep.objects.restrict(request.user, "view").filter(mission=report.mission, on=report.on,
                                                                        period=report.period).order_by("-version"))
    may_issue = generic.may(request.user, Sitrep, "add")
    form = None
    if may_issue:
        form = SitrepIssueForm(initial={"on": report.on, "period": report.period,
                                        "assessment": issued[0].assessment if issued else ""})
    return {"missions": missions.only("code", "name"), "issued_versions": issued, "issue_form": form,
            "may_issue": may_issue, "formats": FORMATS}


class SitrepIssueView(LoginRequiredMixin, View):
    """Issue the SITREP of a mission for a day and period: its content compiled now, frozen, with the assessment."""

    def post(self, request, code):
        if not generic.may(request.user, Sitrep, "add"):
            raise PermissionDenied
        mission = get_object_or_404(Mission.objects.restrict(request.user, "view"), code=code)
        form = SitrepIssueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = sitrep.sitrep_issue(user=request.user, mission=mission, on=data["on"],
                                             period=data["period"], assessment=data["assessment"],
                                             correction=data["correction"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                return redirect(issued)
        declared = reports()["sitrep"]
        on = form.cleaned_data.get("on") or mission_today(mission)
        period = form.cleaned_data.get("period") or Sitrep.Period.DAILY
        report = declared.build(mission=mission, on=on, user=request.user, fmt="html", period=period)
        missions = Mission.objects.restrict(request.user, "view")
        context = declared.shared_context(report) | sitrep_page_context(request, report, missions)
        context["issue_form"] = form
        return render(request, declared.template, context, status=400)


class MissionTimeColumn(Column):
    """A moment in the record's mission's time zone, without it: Excel's cells hold no time zone."""

    def value(self, obj):
        moment = super().value(obj)
        return moment.astimezone(obj.mission.zone).replace(tzinfo=None) if moment else None


class SitrepListView(generic.ObjectListView):
    """The issued SITREPs, every version, newest first; ?mission=MSS for one mission's."""

    model = Sitrep
    filterset_class = SitrepFilterSet
    related = ("mission",)
    default_sort = ("-on", "mission__code", "period", "-version")
    columns = [
        Column("on", _("Day"), sort="on", link=True),
        Column("mission.code", _("Mission"), sort="mission__code"),
        Column("period", _("Period"), sort="period"),
        Column("version", _("Version"), sort="version"),
        Column("issued_by_name", _("Issued by")),
        MissionTimeColumn("issued_at", _("Issued at (mission's time)"), sort="issued_at"),
        Column("correction", _("Correction")),
    ]


class SitrepIssuedView(generic.ObjectDetailView):
    """An issued version as the reader may see it, and what it changed against the version before."""

    model = Sitrep
    related = ("mission",)
    template_name = "reports/sitrep_issued.html"

    def get_extra_context(self, request, obj):
        report = sitrep.issued_report(obj, request.user)
        previous = sitrep.sitrep_previous(obj)
        changes = None
        if previous is not None:
            changes = sitrep.sitrep_diff(sitrep.issued_report(previous, request.user).content, report.content)
        versions = (Sitrep.objects.restrict(request.user, "view").filter(mission=obj.mission_id, on=obj.on,
                                                                           period=obj.period).order_by("-version"))
        return {"report": report, "previous": previous, "changes": changes, "versions": versions,
                "live_url": report_page(obj), "formats": FORMATS}


def report_page(issued):
    """The live report of an issued one's mission, day and period: what the records give now."""
    return f"{reverse('reports:sitrep', args=[issued.mission.code])}?on={issued.on.isoformat()}&period={issued.period}"


class SitrepIssuedFileView(LoginRequiredMixin, View):
    """An issued version's PDF, DOCX, XLSX or CSV, as the reader may see it."""

    def get(self, request, pk, fmt):
        declared = reports()["sitrep"]
        if fmt not in declared.formats:
            raise Http404
        issued = get_object_or_404(Sitrep.objects.restrict(request.user, "view").select_related("mission"), pk=pk)
        report = sitrep.issued_report(issued, request.user)
        file = report_file(declared, report, fmt=fmt, user=request.user, part=request.GET.get("part"),
                           request=request, query=f"issued={issued.pk}")
        stem, _dot, extension = file.filename.rpartition(".")
        return download(file.content, filename=f"{stem}_v{issued.version}.{extension}", fmt=fmt)


# Before the pipeline's sitrep/<code>/ (reports/urls.py): "issued" is these pages', not a mission's code.
urlpatterns = [
    path("sitrep/issued/", SitrepListView.as_view(), name="sitrep_list"),
    path("sitrep/issued/<int:pk>/", SitrepIssuedView.as_view(), name="sitrep_issued"),
    path("sitrep/issued/<int:pk>/sitrep.<str:fmt>", SitrepIssuedFileView.as_view(), name="sitrep_issued_export"),
    path("sitrep/<slug:code>/issue/", SitrepIssueView.as_view(), name="sitrep_issue"),
]
