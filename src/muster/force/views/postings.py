"""Who is where: assignments of contingents to sites, postings of the roll's officers (one or many at once)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.tables import Column
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission
from muster.places.models import Site

from .. import filtersets, forms, services
from ..models import Posting, SiteAssignment, Tour
from ..privacy import LoggedExportMixin


class SiteAssignmentListView(generic.ObjectListView):
    model = SiteAssignment
    filterset_class = filtersets.SiteAssignmentFilterSet
    default_sort = ("site__name", "since")
    columns = [
        Column("site", _("Site"), sort="site__name", link=True),
        Column("contingent", _("Contingent")),
        Column("personnel", _("Personnel"), sort="personnel"),
        Column("since", _("From"), sort="since"),
        Column("until", _("Until"), sort="until"),
    ]

    related = ("site__mission", "contingent__country", "contingent__mission")


class SiteAssignmentView(generic.ObjectDetailView):
    model = SiteAssignment


class SiteAssignmentEditView(generic.ObjectEditView):
    model = SiteAssignment
    form_class = forms.SiteAssignmentForm


class SiteAssignmentDeleteView(generic.ObjectDeleteView):
    model = SiteAssignment


class PostingListView(LoggedExportMixin, generic.ObjectListView):
    model = Posting
    filterset_class = filtersets.PostingFilterSet
    default_sort = ("-since", "pk")
    columns = [
        Column("since", _("From"), sort="since", link=True),
        Column("tour.person", _("Person"), sort="tour__person__family_name"),
        Column("tour.contingent", _("Contingent")),
        Column("site.name", _("Site"), sort="site__name"),
        Column("reason", _("Reason")),
    ]

    related = ("tour__person", "tour__contingent__mission", "tour__contingent__country", "site")


class PostingView(generic.ObjectDetailView):
    model = Posting

    related = ("tour__person", "tour__contingent__mission", "site__mission")


class PostingEditView(generic.ObjectEditView):
    model = Posting
    form_class = forms.PostingForm


class PostingDeleteView(generic.ObjectDeleteView):
    model = Posting


class PostingBulkView(LoginRequiredMixin, View):
    """Select officers on a mission's roll, post them to a site from a date: all of them, or none."""

    template_name = "force/posting_bulk.html"

    def mission(self, request):
        return request.GET.get("mission") or request.POST.get("mission")

    def day(self, request):
        """The date the officers are posted from (the form's, else the mission's today, where it is; without a
        mission, the server's): the officers offered are those not gone by then, and where each is posted is shown
        as of it. Read by the reports' parameter form; a date that is not one is today, and the form says why."""
        form = MissionDateForm({"mission": self.mission(request),
                                "on": request.POST.get("since") or request.GET.get("since") or ""},
                               missions=Mission.objects.restrict(request.user, "view"), mission_required=False)
        _mission, day, _note = form.page_parameters()
        return day

    def tours(self, request):
        day = self.day(request)
        site_name = Posting.objects.filter(tour=OuterRef("pk"), since__lte=day).order_by("-since").values(
            "site__name")[:1]
        tours = (Tour.objects.restrict(request.user, "view").filter(Q(departure__isnull=True) | Q(departure__gt=day))
                 .select_related("person", "contingent__mission").annotate(posted_at=Subquery(site_name))
                 .order_by("contingent__country__name", "person__family_name", "pk"))
        mission = self.mission(request)
        return tours.filter(contingent__mission__code=mission) if mission else tours

    def sites(self, request):
        sites = Site.objects.restrict(request.user, "view").select_related("mission").filter(
            Q(closed__isnull=True) | Q(closed__gte=self.day(request)))
        mission = self.mission(request)
        return sites.filter(mission__code=mission) if mission else sites

    def render_form(self, request, form):
        return render(request, self.template_name, {"form": form, "mission": self.mission(request),
                                                    "day": self.day(request)})

    def get(self, request):
        if not generic.may(request.user, Posting, "add"):
            raise PermissionDenied
        return self.render_form(request, forms.PostingBulkForm(
            tours=self.tours(request), sites=self.sites(request), initial={"since": self.day(request)}))

    def post(self, request):
        if not generic.may(request.user, Posting, "add"):
            raise PermissionDenied
        form = forms.PostingBulkForm(request.POST, tours=self.tours(request), sites=self.sites(request))
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    set_message(data["reason"])
                    changed = services.postings_set(user=request.user, tours=data["tours"], site=data["site"],
                                                    since=data["since"], reason=data["reason"])
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(n)s officers posted to %(site)s from %(since)s.") % {
                    "n": len(changed), "site": data["site"].name, "since": data["since"]})
                return redirect(request.get_full_path())
        return self.render_form(request, form)
