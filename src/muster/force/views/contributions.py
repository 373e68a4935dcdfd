"""The import of a published contribution table (IPI or UN): its figures become claims, and the mission's history
where it records none of its own (force/contribution_history.py); a large table as a job with its progress."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from muster.core import views as generic
from muster.core.jobs import job_start
from muster.core.models import PendingUpload
from muster.sources.models import Claim, Source

from .. import forms
from ..contribution_history import (
    contribution_table_import,
    contribution_table_job,
    contribution_table_outcome,
    contribution_table_read,
    table_rows,
)
from ..contributions import ContributionFileError
from ..models import Contingent, Movement


class ContributionImportView(LoginRequiredMixin, View):
    """Upload a published contribution table (IPI or UN): its figures for one mission become claims of it, and the
    mission's history where it records no movements of its own."""

    template_name = "force/contributions_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not all(generic.may(request.user, model, "add")
                                                     for model in (Claim, Source, Contingent, Movement)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": forms.ContributionTableForm(user=request.user)})

    def post(self, request):
        form = forms.ContributionTableForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload, mission, fmt = form.cleaned_data["file"], form.cleaned_data["mission"], form.cleaned_data["fmt"]
        content, filename = upload.read(), upload.name[:150]
        try:
            # A bad row, or a table without the mission, is named here, before any job.
            rows = table_rows(contribution_table_read(content=content, fmt=fmt, mission=mission)[0])
            if rows > settings.MUSTER_CONTRIBUTION_IMPORT_JOB_ROWS:  # longer than a page should take (core.jobs)
                token = f"{hashlib.sha256(content).hexdigest()}.csv"
                PendingUpload.keep(user=request.user, token=token, name=filename, content=content)
                job = job_start(user=request.user, work=contribution_table_job,
                                title=_("Import of %(file)s (%(rows)s rows) into %(mission)s")
                                % {"file": filename, "rows": f"{rows:,}", "mission": mission.code},
                                params={"mission": mission.pk, "fmt": fmt, "token": token, "filename": filename})
                return redirect(job)
            result = contribution_table_import(user=request.user, mission=mission, content=content,
                                               filename=filename, fmt=fmt)
        except ContributionFileError as error:
            return render(request, self.template_name, {"form": form, "errors": error.errors})
        except PermissionDenied as error:
            return render(request, self.template_name, {"form": form, "errors": [str(error)]})
        messages.success(request, contribution_table_outcome(mission=mission, filename=upload.name, result=result))
        return redirect(result.source.get_absolute_url())
