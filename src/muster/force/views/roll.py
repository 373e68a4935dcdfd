"""Pages of the nominal roll: people, their tours and duty statuses, a status set for many officers at once, and
a contingent's roll as a file (the import's columns)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.exports import download
from muster.core.tables import Column
from muster.missions.models import Mission, mission_today

from .. import filtersets, forms, imports, services
from ..models import Contingent, DutyStatus, Person, Tour
from ..privacy import LoggedExportMixin, personal_data_export_log, roll_visible


class PersonListView(LoggedExportMixin, generic.ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    default_sort = ("country", "family_name", "given_names", "pk")
    columns = [
        Column("service_number", _("Service number"), sort="service_number", link=True),
        Column("family_name", _("Family name"), sort="family_name", link=True),
        Column("given_names", _("Given names")),
        Column("rank", _("Rank"), sort="rank"),
        Column("grade", pgettext_lazy("NATO rank code, OR-1 to OF-10", "Grade"), sort="grade"),
        Column("sex", _("Sex"), sort="sex"),
        Column("country", _("Country"), sort="country__name"),
        Column("specialty", _("Specialty")),
    ]

    related = ("country",)


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

    related = ("person", "contingent__mission", "contingent__country")


class TourView(generic.ObjectDetailView):
    model = Tour

    related = ("person", "contingent__mission", "contingent__country")


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

    related = ("tour__person", "tour__contingent__mission", "tour__contingent__country")


class DutyStatusView(generic.ObjectDetailView):
    model = DutyStatus


class DutyStatusEditView(generic.ObjectEditView):
    model = DutyStatus
    form_class = forms.DutyStatusForm


class DutyStatusDeleteView(generic.ObjectDeleteView):
    model = DutyStatus


class DutyStatusBulkView(LoginRequiredMixin, View):
    """Select officers on a mission's roll, set a status with a date and a reason."""

    def tours(self, request):
        tours = Tour.objects.restrict(request.user, "view").filter(departure__isnull=True).select_related(
            "person", "contingent__mission").order_by("contingent__country__name", "person__family_name", "pk")
        mission = request.GET.get("mission") or request.POST.get("mission")
        return tours.filter(contingent__mission__code=mission) if mission else tours

    def get(self, request):
        if not generic.may(request.user, DutyStatus, "add"):
            raise PermissionDenied
        code = request.GET.get("mission")
        mission = Mission.objects.restrict(request.user, "view").filter(code=code).first() if code else None
        since = mission_today(mission) if mission else timezone.localdate()
        form = forms.DutyStatusBulkForm(tours=self.tours(request), initial={"since": since})
        return render(request, "force/dutystatus_bulk.html", {"form": form, "mission": request.GET.get("mission")})

    def post(self, request):
        if not generic.may(request.user, DutyStatus, "add"):
            raise PermissionDenied
        form = forms.DutyStatusBulkForm(request.POST, tours=self.tours(request))
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    set_message(data["reason"])
                    changed = services.duty_status_set(user=request.user, tours=data["tours"], since=data["since"],
                                                       status=data["status"], reason=data["reason"])
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(n)s officers: %(status)s from %(since)s.") % {
                    "n": len(changed), "status": DutyStatus.Status(data["status"]).label, "since": data["since"]})
                return redirect(request.get_full_path())
        return render(request, "force/dutystatus_bulk.html", {"form": form, "mission": request.POST.get("mission")})


class RollExportView(LoginRequiredMixin, View):
    """A contingent's roll as Muster holds it, in the import's columns: corrected and sent back, it re-imports."""

    def get(self, request, pk, fmt):
        if fmt not in ("xlsx", "csv") or not roll_visible(request.user):
            raise Http404
        contingent = get_object_or_404(Contingent.objects.restrict(request.user, "view")
                                       .select_related("mission", "country"), pk=pk)
        tours = Tour.objects.restrict(request.user, "view").filter(contingent=contingent)
        with transaction.atomic():
            content = imports.roll_export(tours=tours, fmt=fmt)
            personal_data_export_log(user=request.user, what=f"Roll {contingent.mission.code} "
                                     f"{contingent.country_id} {contingent.category}", rows=tours.count(), fmt=fmt)
        filename = f"roll_{contingent.mission.code}_{contingent.country_id}_{contingent.category}.{fmt}"
        return download(content, filename=filename, fmt=fmt)
