"""Pages of the force: the mission dashboard, contingents, movements and the nominal roll."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.exports import download, rows_to_csv, rows_to_xlsx
from muster.core.tables import Column
from muster.missions.models import Mission
from muster.reports.rendering import html_to_pdf
from muster.reports.strength import claims_table, strength_report, strength_table

from . import filtersets, forms, services
from .models import Contingent, DutyStatus, GenderTarget, Movement, Person, Tour
from .privacy import LoggedExportMixin

# Dates a report can be asked for: wide enough for any mission, narrow enough for date arithmetic.
MIN_DATE, MAX_DATE = datetime.date(1945, 1, 1), datetime.date(2199, 12, 31)


def report_date(request):
    """The date asked for (`?on=`), else today; a clear error for a date that is not one."""
    raw = request.GET.get("on")
    if not raw:
        return timezone.localdate(), None
    try:
        on = parse_date(raw)
    except ValueError:  # well formed but impossible, like 2025-02-30
        on = None
    if on is None or not MIN_DATE <= on <= MAX_DATE:
        return timezone.localdate(), _("“%s” is not a date; showing today.") % raw
    return on, None


class MissionDashboardView(LoginRequiredMixin, View):
    """Strength by country, category and sex on a date, the ceiling, the chart and the claims."""

    template_name = "force/dashboard.html"

    def get_mission(self, request, code):
        return get_object_or_404(Mission.objects.restrict(request.user, "view"), code=code)

    def get(self, request, code, fmt=None):
        mission = self.get_mission(request, code)
        on, date_error = report_date(request)
        report = strength_report(mission=mission, on=on, user=request.user)
        filename = f"strength_{mission.code}_{on.isoformat()}"
        if fmt == "pdf":
            pdf = html_to_pdf(template="reports/strength_report.html", context={"report": report}, request=request)
            return download(pdf, filename=f"{filename}.pdf", fmt="pdf")
        if fmt == "csv":
            part = claims_table if request.GET.get("part") == "claims" else strength_table
            headers, rows = part(report)
            return download(rows_to_csv(headers, rows), filename=f"{filename}.csv", fmt="csv")
        if fmt == "xlsx":
            sheets = [(str(_("Strength")), *strength_table(report)), (str(_("Claims")), *claims_table(report)),
                      (str(_("Over time")), *report.series_table())]
            return download(rows_to_xlsx(None, None, sheets=sheets), filename=f"{filename}.xlsx", fmt="xlsx")
        if fmt is not None:
            raise Http404
        context = {
            "report": report,
            "date_error": date_error,
            "missions": Mission.objects.restrict(request.user, "view").only("code", "name"),
            "may_record": request.user.has_perm("force.add_movement"),
        }
        template = "force/_dashboard_body.html" if request.htmx and not request.htmx.boosted else self.template_name
        return render(request, template, context)


class HomeView(LoginRequiredMixin, View):
    """The newest mission's dashboard, or the list of missions if the user may see none."""

    def get(self, request):
        mission = Mission.objects.restrict(request.user, "view").order_by("-start").first()
        if mission is None:
            return render(request, "force/no_mission.html")
        return MissionDashboardView().get(request, mission.code)


class ContingentListView(generic.ObjectListView):
    model = Contingent
    filterset_class = filtersets.ContingentFilterSet
    default_sort = ("mission__start", "country__name", "category")
    columns = [
        Column("country", _("Country"), sort="country__name", link=True),
        Column("category", _("Category"), sort="category"),
        Column("mission.code", _("Mission"), sort="mission__code"),
        Column("parent_service", _("Parent service")),
        Column("pledged_strength", _("Pledged"), sort="pledged_strength"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mission", "country", "parent_service")


class ContingentView(generic.ObjectDetailView):
    model = Contingent

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mission", "country", "parent_service", "predecessor")

    def get_extra_context(self, request, obj):
        movements = obj.movements.prefetch_related("citations__source").order_by("date", "pk")
        running, rows = 0, []
        for movement in movements:
            running += movement.sign * movement.count
            rows.append((movement, running))
        return {"movement_rows": rows}


class ContingentEditView(generic.ObjectEditView):
    model = Contingent
    form_class = forms.ContingentForm


class ContingentDeleteView(generic.ObjectDeleteView):
    model = Contingent


class MovementListView(generic.ObjectListView):
    model = Movement
    filterset_class = filtersets.MovementFilterSet
    default_sort = ("date", "pk")
    columns = [
        Column("date", _("Date"), sort="date", link=True),
        Column("contingent", _("Contingent"), sort="contingent__country__name"),
        Column("kind", _("Kind"), sort="kind"),
        Column("count", _("Count"), sort="count"),
        Column("men", _("Men")),
        Column("women", _("Women")),
        Column("unknown", _("Sex unknown")),
        Column("source_list", _("Sources")),
    ]

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("contingent__mission", "contingent__country")
                .prefetch_related("citations__source"))


class MovementView(generic.ObjectDetailView):
    model = Movement

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contingent__mission", "contingent__country")


class MovementEditView(generic.ObjectEditView):
    model = Movement
    form_class = forms.MovementForm

    def save(self, form):
        if form.instance.pk is not None:
            return form.save()
        data = form.cleaned_data
        return services.movement_record(
            user=self.request.user, contingent=data["contingent"], kind=data["kind"], date=data["date"],
            count=data["count"], men=data["men"], women=data["women"], unknown=data["unknown"],
            note=data.get("note", ""), source=form.chosen_source(), quote=data.get("quote", ""),
        )


class MovementDeleteView(generic.ObjectDeleteView):
    model = Movement


# --- The nominal roll ------------------------------------------------------------------------------------


class PersonListView(LoggedExportMixin, generic.ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    default_sort = ("country", "family_name", "given_names", "pk")
    columns = [
        Column("service_number", _("Service number"), sort="service_number", link=True),
        Column("family_name", _("Family name"), sort="family_name", link=True),
        Column("given_names", _("Given names")),
        Column("rank", _("Rank"), sort="rank"),
        Column("grade", _("Grade"), sort="grade"),
        Column("sex", _("Sex"), sort="sex"),
        Column("country", _("Country"), sort="country__name"),
        Column("specialty", _("Specialty")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


class PersonView(generic.ObjectDetailView):
    model = Person

    def get_extra_context(self, request, obj):
        tours = (Tour.objects.restrict(request.user, "view").filter(person=obj)
                 .select_related("contingent__mission", "contingent__country").prefetch_related("statuses"))
        return {"tours": tours, "may_add_status": generic.may(request.user, DutyStatus, "add")}


class PersonEditView(generic.ObjectEditView):
    model = Person
    form_class = forms.PersonForm


class PersonDeleteView(generic.ObjectDeleteView):
    model = Person


class TourListView(LoggedExportMixin, generic.ObjectListView):
    model = Tour
    filterset_class = filtersets.TourFilterSet
    default_sort = ("arrival", "pk")
    columns = [
        Column("person", _("Person"), sort="person__family_name"),
        Column("contingent", _("Contingent"), sort="contingent__country__name"),
        Column("arrival", _("Arrival"), sort="arrival", link=True),
        Column("planned_end", _("Planned end"), sort="planned_end"),
        Column("departure", _("Departure"), sort="departure"),
        Column("departure_reason", _("Reason for leaving")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "contingent__mission", "contingent__country")


class TourView(generic.ObjectDetailView):
    model = Tour

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "contingent__mission", "contingent__country")


class TourEditView(generic.ObjectEditView):
    model = Tour
    form_class = forms.TourForm


class TourDeleteView(generic.ObjectDeleteView):
    model = Tour


class DutyStatusListView(LoggedExportMixin, generic.ObjectListView):
    model = DutyStatus
    filterset_class = filtersets.DutyStatusFilterSet
    default_sort = ("-since", "pk")
    columns = [
        Column("since", _("Since"), sort="since", link=True),
        Column("status", _("Status"), sort="status"),
        Column("tour.person", _("Person"), sort="tour__person__family_name"),
        Column("tour.contingent", _("Contingent")),
        Column("reason", _("Reason")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tour__person", "tour__contingent__mission",
                                                            "tour__contingent__country")


class DutyStatusView(generic.ObjectDetailView):
    model = DutyStatus


class DutyStatusEditView(generic.ObjectEditView):
    model = DutyStatus
    form_class = forms.DutyStatusForm


class DutyStatusDeleteView(generic.ObjectDeleteView):
    model = DutyStatus


class GenderTargetListView(generic.ObjectListView):
    model = GenderTarget
    filterset_class = filtersets.GenderTargetFilterSet
    default_sort = ("category", "-target_year", "pk")
    columns = [
        Column("category", _("Category"), sort="category", link=True),
        Column("share", _("Women's share")),
        Column("target_year", _("By"), sort="target_year"),
        Column("mission", _("Mission")),
        Column("source", _("Source")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mission", "source")


class GenderTargetView(generic.ObjectDetailView):
    model = GenderTarget


class GenderTargetEditView(generic.ObjectEditView):
    model = GenderTarget
    form_class = forms.GenderTargetForm


class GenderTargetDeleteView(generic.ObjectDeleteView):
    model = GenderTarget
