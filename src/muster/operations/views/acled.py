"""ACLED in and out: the import's pages (upload, preview, commit — a job for a large file — and the batch of changes
it made), and a list of incidents, filtered as the incident list is, out as ACLED's CSV, HXL-tagged CSV or GeoJSON.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.jobs import job_start
from muster.core.models import PendingUpload
from muster.core.uploads import UploadField
from muster.missions.models import Mission

from .. import acled
from ..acled import export
from ..acled.parsing import AcledFileError, acled_rows_read
from ..filtersets import IncidentFilterSet
from ..models import Actor, Classification, Incident, Toll


class AcledUploadForm(forms.Form):
    """An ACLED file for one mission, and the classification its new incidents get: the preview step."""

    mission = forms.ModelChoiceField(queryset=Mission.objects.all(), to_field_name="code", label=_("Mission"))
    classification = forms.ChoiceField(
        choices=Classification.choices, initial=Classification.RESTRICTED, label=_("Classification"),
        help_text=_("Of the incidents the file adds; those already in Muster keep theirs. ACLED's data may not be "
                    "redistributed: share it only as your ACLED licence allows."))
    file = UploadField(label=_("ACLED events (CSV)"),
                       help_text=_("As ACLED's export or API gives it: one event per row, its column names in the "
                                   "first row."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.restrict(user, "view").order_by("code")


class AcledCommitForm(forms.Form):
    mission = forms.ModelChoiceField(queryset=Mission.objects.all(), widget=forms.HiddenInput)
    classification = forms.ChoiceField(choices=Classification.choices, widget=forms.HiddenInput)
    token = forms.RegexField(regex=r"^[0-9a-f]{64}\.csv$", widget=forms.HiddenInput)
    filename = forms.CharField(max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.restrict(user, "view")


class AcledImportView(LoginRequiredMixin, View):
    """Upload ACLED's CSV for a mission, see what it would change (or every error), then store it: all or nothing."""

    template_name = "operations/acled_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (generic.may(request.user, Incident, "add")
                                                  and generic.may(request.user, Toll, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = AcledUploadForm(user=request.user, initial={"mission": request.GET.get("mission")})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        if "token" in request.POST:
            return self.commit(request)
        form = AcledUploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["file"]
        content = upload.read()
        mission, classification = form.cleaned_data["mission"], form.cleaned_data["classification"]
        result, errors = self.run(request, mission, classification, content, upload.name, commit=False)
        token = None
        if not errors:
            token = f"{hashlib.sha256(content).hexdigest()}.csv"
            # Between the preview and the commit the file waits in the database, for this user only, a day at most
            # (core.PendingUpload), so that any app server may take the commit.
            PendingUpload.keep(user=request.user, token=token, name=upload.name[:200], content=content)
        commit_form = AcledCommitForm(user=request.user, initial={
            "mission": mission.pk, "classification": classification, "token": token, "filename": upload.name[:200]})
        return render(request, self.template_name, {
            "form": form, "result": result, "errors": errors, "commit_form": commit_form, "mission": mission,
            "classification": Classification(classification).label, "filename": upload.name})

    def commit(self, request):
        form = AcledCommitForm(request.POST, user=request.user)
        content = (PendingUpload.fetch(user=request.user, token=form.cleaned_data["token"])
                   if form.is_valid() else None)
        if content is None:  # expired, purged, or sent by someone else
            messages.error(request, _("That upload has expired; send the file again."))
            return redirect("operations:acled_import")
        mission, filename = form.cleaned_data["mission"], form.cleaned_data["filename"]
        classification = form.cleaned_data["classification"]
        try:
            rows = len(acled_rows_read(content=content, filename=filename).rows)
        except AcledFileError:
            rows = 0  # refused below, here, with its reasons
        if rows > settings.MUSTER_ACLED_IMPORT_JOB_ROWS:  # longer than a page should take: a job (core.jobs)
            job = job_start(user=request.user, work=acled.acled_import_job,
                            title=_("Import of %(file)s (%(rows)s ACLED events) into %(mission)s")
                            % {"file": filename, "rows": f"{rows:,}", "mission": mission.code},
                            params={"mission": mission.pk, "classification": classification,
                                    "token": form.cleaned_data["token"], "filename": filename})
            return redirect(job)
        result, errors = self.run(request, mission, classification, content, filename, commit=True)
        if errors:  # the incidents changed between preview and commit
            return render(request, self.template_name, {"form": AcledUploadForm(user=request.user),
                                                        "errors": errors, "result": result})
        PendingUpload.objects.filter(user=request.user, token=form.cleaned_data["token"]).delete()
        messages.success(request, acled.acled_import_outcome(mission=mission, result=result))
        return redirect("operations:acled_batch", request_id=result.request_id)

    def run(self, request, mission, classification, content, filename, *, commit):
        try:
            rows = acled_rows_read(content=content, filename=filename)
        except AcledFileError as error:
            return None, error.errors
        try:
            result = acled.acled_import(user=request.user, mission=mission, acled=rows,
                                        classification=classification, commit=commit, filename=filename)
        except PermissionDenied as error:
            return None, [str(error)]
        return result, result.errors


class AcledBatchView(LoginRequiredMixin, View):
    """The change-log entries of one ACLED import that the user may see: its incidents, tolls and actors."""

    MODELS = (Incident, Toll, Actor)

    def get(self, request, request_id):
        from django.contrib.contenttypes.models import ContentType
        from django.core.paginator import Paginator

        from muster.core.models import ObjectChange

        if not generic.may(request.user, Incident, "view"):
            raise PermissionDenied
        changes = ObjectChange.objects.filter(request_id=request_id)
        shown = Q(pk__in=[])
        for model in self.MODELS:
            content_type = ContentType.objects.get_for_model(model)
            logged = changes.filter(object_type=content_type).values(key=Cast("object_id", BigIntegerField()))
            visible = model.objects.restrict(request.user, "view").filter(pk__in=logged)
            # Object ids are text in the change log; a toll the import removed is no longer there to be seen.
            shown |= Q(object_type=content_type,
                       object_id__in=[str(pk) for pk in visible.values_list("pk", flat=True)])
        changes = changes.filter(shown).order_by("pk")
        if not changes.exists():
            raise Http404
        page = Paginator(changes, 100).get_page(request.GET.get("page"))
        return render(request, "operations/acled_batch.html", {"page": page, "first": changes.first(),
                                                               "count": changes.count()})


# name in the address -> (writer, content type)
EXPORTS = {
    "acled.csv": (export.acled_csv, "text/csv; charset=utf-8"),
    "hxl.csv": (export.hxl_csv, "text/csv; charset=utf-8"),
    "incidents.geojson": (export.geojson, "application/geo+json"),
}


class IncidentExportView(LoginRequiredMixin, View):
    """The incidents the user may see, filtered as the incident list is (its query), as ACLED's CSV, HXL-tagged CSV
    or GeoJSON. Restricted incidents reach only those who may read them (Incident.objects.restrict)."""

    def get(self, request, name):
        if name not in EXPORTS:
            raise Http404
        if not generic.may(request.user, Incident, "view"):
            raise PermissionDenied
        incidents = Incident.objects.restrict(request.user, "view")
        # The incident list's filters, read as the list reads them (core.views.ObjectListView).
        filterset = IncidentFilterSet(request.GET or None, queryset=incidents, request=request)
        if filterset.is_bound and filterset.is_valid():
            incidents = filterset.qs
        chosen = filterset.form.cleaned_data.get("mission") if filterset.is_bound and filterset.is_valid() else None
        code = chosen.code if chosen else None
        writer, content_type = EXPORTS[name]
        response = HttpResponse(writer(incidents=incidents, user=request.user), content_type=content_type)
        stem, extension = name.rsplit(".", 1)
        filename = f"incidents_{code or 'all'}_{timezone.localdate():%Y-%m-%d}"
        response["Content-Disposition"] = (f'attachment; filename="{filename}_{stem}.{extension}"'
                                           if stem != "incidents" else f'attachment; filename="{filename}.geojson"')
        return response


urlpatterns = [
    path("incidents/import/acled/", AcledImportView.as_view(), name="acled_import"),
    path("incidents/imports/<uuid:request_id>/", AcledBatchView.as_view(), name="acled_batch"),
    path("incidents/export/<str:name>", IncidentExportView.as_view(), name="incidents_export"),
]
