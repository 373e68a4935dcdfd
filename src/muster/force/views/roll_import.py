"""The roll import's pages: upload, preview, commit (a job for a large roll), and the batch of changes it made."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.exports import download
from muster.core.jobs import job_start
from muster.core.models import PendingUpload

from .. import forms, imports, services
from ..models import Person, Posting, Tour


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
