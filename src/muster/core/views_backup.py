"""The administrator's backup from the web (`/admin/backup/`): `muster backup` as a job, its file to download.

For the administrator (superuser) only: the file holds every record and every account's keys. `muster backup FILE`
does the same from a shell; docs/deployment.md says how to keep the file.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .backup import backup_job
from .jobs import job_start
from .models import Job


class BackupView(LoginRequiredMixin, View):
    template_name = "core/backup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        recent = Job.objects.restrict(request.user, "view").filter(work=_BACKUP_WORK).only(
            "id", "title", "status", "created", "finished", "result_name")[:10]
        return render(request, self.template_name, {"recent": recent})

    def post(self, request):
        job = job_start(user=request.user, title=_("Backup of the database"), work=backup_job)
        return redirect(job)


_BACKUP_WORK = f"{backup_job.__module__}.{backup_job.__qualname__}"
