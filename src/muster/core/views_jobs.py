"""A job's page (`/jobs/<id>/`): how far it is, then its file, the page it leads to, or why it failed.

Only the user who started the job and the administrator may see it (`Job.objects.restrict`); anyone else gets 404,
as for a job that does not exist. With htmx the status part asks again every second and replaces itself; without
JavaScript the page reloads itself (a meta refresh) until the job is over.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from .models import Job

# What the page reads: everything but the result's bytes, which only the download fetches.
PAGE_FIELDS = ["id", "user_id", "title", "status", "step", "done", "total", "message", "result_name", "result_url",
               "created", "started", "finished"]


class JobView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(Job.objects.restrict(request.user, "view").only(*PAGE_FIELDS), pk=pk)
        if job.finished_ok and job.result_url:  # the result is a page: go there, with the job's words
            if job.message:
                messages.success(request, job.message)
            if request.htmx:
                return HttpResponseClientRedirect(job.result_url)
            return redirect(job.result_url)
        template = "core/_job_status.html" if request.htmx else "core/job.html"
        return render(request, template, {"job": job})


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(Job.objects.restrict(request.user, "view"), pk=pk)
        if not job.finished_ok or job.result_content is None:
            raise Http404
        response = HttpResponse(bytes(job.result_content), content_type=job.result_content_type)
        response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
        response["Cache-Control"] = "no-store"  # a backup holds every account's keys: no cache keeps a copy
        return response
