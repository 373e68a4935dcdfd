"""Pages of the force: contingents, movements and the nominal roll (the dashboard and PERSTAT: reports/)."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.exports import download
from muster.core.jobs import job_start
from muster.core.models import PendingUpload
from muster.core.tables import Column
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission, mission_today
from muster.places.models import Site
from muster.sources.models import Claim, Source

from . import filtersets, forms, imports, services
from .contributions import ContributionFileError
from .models import Contingent, DutyStatus, GenderTarget, Movement, Person, Posting, SiteAssignment, Tour
from .privacy import LoggedExportMixin, personal_data_export_log, roll_visible


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

    related = ("mission", "country", "parent_service")


class ContingentView(generic.ObjectDetailView):
    model = Contingent

    related = ("mission", "country", "parent_service", "predecessor")

    def get_extra_context(self, request, obj):
        movements = obj.movements.prefetch_related("citations__source").order_by("date", "pk")
        running, rows = 0, []
        for movement in movements:
            running += movement.sign * movement.count
            rows.append((movement, running))
        context = {"movement_rows": rows, "roll_visible": roll_visible(request.user)}
        if context["roll_visible"]:
            context["roll_tours"] = Tour.objects.restrict(request.user, "view").filter(contingent=obj).count()
            context["may_import_roll"] = generic.may(request.user, Person, "add") and generic.may(
                request.user, Tour, "add")
        return context


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

    related = ("contingent__mission", "contingent__country")


class MovementEditView(generic.ObjectEditView):
    model = Movement
    form_class = forms.MovementForm

    def save(self, form):
        if form.instance.pk is not None:
            return super().save(form)
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

    related = ("mission", "source")


class GenderTargetView(generic.ObjectDetailView):
    model = GenderTarget


class GenderTargetEditView(generic.ObjectEditView):
    model = GenderTarget
    form_class = forms.GenderTargetForm


class GenderTargetDeleteView(generic.ObjectDeleteView):
    model = GenderTarget


class RollImportView(LoginRequiredMixin, View):
    """Upload a roll, see what it would change (or every error), then commit it: all or nothing."""

    template_name = "force/roll_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (generic.may(request.user, Person, "add")
                                                  and generic.may(request.user, Tour, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        fmt = request.GET.get("template")
        if fmt in ("xlsx", "csv"):
            return download(imports.roll_template(fmt=fmt), filename=f"nominal_roll_template.{fmt}", fmt=fmt)
        form = forms.RollUploadForm(user=request.user, initial={"contingent": request.GET.get("contingent")})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        import hashlib

        if "token" in request.POST:
            return self.commit(request)
        form = forms.RollUploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["file"]
        content = upload.read()
        contingent = form.cleaned_data["contingent"]
        result, errors = self.run(request, contingent, content, upload.name, commit=False)
        token = None
        if not errors:
            extension = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
            token = f"{hashlib.sha256(content).hexdigest()}.{extension}"
            # Between the preview and the commit the file waits in the database, so that any app server may take
            # the commit (core.PendingUpload: a day at most, for this user only).
            PendingUpload.keep(user=request.user, token=token, name=upload.name[:200], content=content)
        commit_form = forms.RollCommitForm(user=request.user, initial={
            "contingent": contingent.pk, "token": token, "filename": upload.name[:200]})
        return render(request, self.template_name, {"form": form, "result": result, "errors": errors,
                                                    "commit_form": commit_form, "contingent": contingent,
                                                    "filename": upload.name})

    def commit(self, request):
        form = forms.RollCommitForm(request.POST, user=request.user)
        content = (PendingUpload.fetch(user=request.user, token=form.cleaned_data["token"])
                   if form.is_valid() else None)
        if content is None:  # expired, purged, or sent by someone else
            messages.error(request, _("That upload has expired; send the file again."))
            return redirect("force:roll_import")
        contingent, filename = form.cleaned_data["contingent"], form.cleaned_data["filename"]
        try:
            rows = len(imports.roll_rows_read(content=content, filename=filename).rows)
        except imports.RollFileError:
            rows = 0  # refused below, here, with its reasons
        if rows > settings.MUSTER_ROLL_IMPORT_JOB_ROWS:  # longer than a page should take: a job (core.jobs)
            job = job_start(user=request.user, work=services.roll_import_job,
                            title=_("Import of %(file)s (%(rows)s rows) into %(contingent)s")
                            % {"file": filename, "rows": f"{rows:,}", "contingent": contingent},
                            params={"contingent": contingent.pk, "token": form.cleaned_data["token"],
                                    "filename": filename})
            return redirect(job)
        result, errors = self.run(request, contingent, content, filename, commit=True)
        if errors:  # the roll changed between preview and commit
            return render(request, self.template_name, {"form": forms.RollUploadForm(user=request.user),
                                                        "errors": errors, "result": result})
        PendingUpload.objects.filter(user=request.user, token=form.cleaned_data["token"]).delete()
        messages.success(request, services.roll_import_outcome(contingent=contingent, result=result))
        return redirect(f"{reverse('force:roll_batch', args=[result.request_id])}")

    def run(self, request, contingent, content, filename, *, commit):
        try:
            roll = imports.roll_rows_read(content=content, filename=filename)
        except imports.RollFileError as error:
            return None, error.errors
        try:
            result = services.roll_import(user=request.user, contingent=contingent, roll=roll, commit=commit,
                                          filename=filename)
        except PermissionDenied as error:
            return None, [str(error)]
        return result, result.errors


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


class ContributionImportView(LoginRequiredMixin, View):
    """Upload a published contribution table (IPI or UN): its figures for one mission become claims of it."""

    template_name = "force/contributions_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (generic.may(request.user, Claim, "add")
                                                  and generic.may(request.user, Source, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": forms.ContributionTableForm(user=request.user)})

    def post(self, request):
        form = forms.ContributionTableForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload, mission = form.cleaned_data["file"], form.cleaned_data["mission"]
        try:
            result = services.contribution_table_import(user=request.user, mission=mission, content=upload.read(),
                                                        filename=upload.name[:150], fmt=form.cleaned_data["fmt"])
        except ContributionFileError as error:
            return render(request, self.template_name, {"form": form, "errors": error.errors})
        except PermissionDenied as error:
            return render(request, self.template_name, {"form": form, "errors": [str(error)]})
        messages.success(request, _("%(created)s claims added from %(rows)s figures of %(file)s for %(mission)s "
                                    "(%(other)s figures of other missions left alone).") % {
            "created": result.created, "rows": result.rows, "file": upload.name, "mission": mission.code,
            "other": result.other_missions})
        return redirect(result.source.get_absolute_url())


class RollBatchView(LoginRequiredMixin, View):
    """The change-log entries of one roll import, reviewable as one batch."""

    def get(self, request, request_id):
        from django.contrib.contenttypes.models import ContentType
        from django.core.paginator import Paginator

        from muster.core.models import ObjectChange

        if not generic.may(request.user, Person, "view"):
            raise PermissionDenied
        visible_people = Person.objects.restrict(request.user, "view").values("pk")
        visible_tours = Tour.objects.restrict(request.user, "view").values("pk")
        visible_postings = Posting.objects.restrict(request.user, "view").values("pk")
        person_type, tour_type = ContentType.objects.get_for_model(Person), ContentType.objects.get_for_model(Tour)
        posting_type = ContentType.objects.get_for_model(Posting)
        changes = ObjectChange.objects.filter(request_id=request_id,
                                              object_type__in=[person_type, tour_type, posting_type])
        # Only the records the user may still see; object ids are text in the change log.
        def ids_of(content_type):
            return changes.filter(object_type=content_type).values(key=Cast("object_id", BigIntegerField()))

        people = {str(pk) for pk in visible_people.filter(pk__in=ids_of(person_type)).values_list("pk", flat=True)}
        tours = {str(pk) for pk in visible_tours.filter(pk__in=ids_of(tour_type)).values_list("pk", flat=True)}
        postings = {str(pk) for pk in visible_postings.filter(pk__in=ids_of(posting_type)).values_list("pk",
                                                                                                      flat=True)}
        changes = changes.filter(Q(object_type=person_type, object_id__in=people)
                                 | Q(object_type=tour_type, object_id__in=tours)
                                 | Q(object_type=posting_type, object_id__in=postings)).order_by("pk")
        if not changes.exists():
            raise Http404
        page = Paginator(changes, 100).get_page(request.GET.get("page"))
        return render(request, "force/roll_batch.html", {"page": page, "first": changes.first(),
                                                         "count": changes.count()})


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


# --- Who is where: assignments of contingents to sites, postings of the roll's officers -------------------


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
