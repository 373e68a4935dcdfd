"""The reports' pages and files, one view for all of them (each report's declaration says what differs), and the
home page: the newest mission's dashboard."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from muster.core import views as generic
from muster.core.exports import download
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission

from .declarations import STRENGTH
from .pipeline import report_options
from .rendering import report_file, report_pdf_job_start


class ReportView(LoginRequiredMixin, View):
    """A report's page (`fmt` None) or one of its files, for the mission of the address (or the report's default
    mission) and the date asked for (`?on=`, else the mission's today). Where a worker is configured the PDF is a
    job: the link leads to the job's page, which offers the file when it is made (rendering.py says why)."""

    report = None  # a pipeline.Report, given by as_view(report=…)

    def get(self, request, code=None, fmt=None):
        declared = self.report
        if not declared.may_view(request.user):
            raise PermissionDenied
        missions = Mission.objects.restrict(request.user, "view")
        if code is None:
            mission = declared.default_mission(missions)
            if mission is None:
                raise Http404
            code = mission.code
        form = MissionDateForm({"mission": code, "on": request.GET.get("on", "")}, missions=missions,
                               ended=declared.ended_opens_last_day)
        if form.has_error("mission"):
            raise Http404
        mission, on, date_error = form.page_parameters()
        # An option not among its choices falls back on its default, with a note, as a date that is not one does.
        options, refused = report_options(declared, request.GET)
        if refused:
            date_error = " ".join(filter(None, [date_error, *refused.values()]))
        if fmt is not None and fmt not in declared.formats:
            raise Http404
        if fmt == "pdf" and settings.MUSTER_WORKER:  # a PDF takes seconds: the worker makes it (rendering.py)
            job = report_pdf_job_start(declared, mission=mission, on=on, user=request.user,
                                       query=request.GET.urlencode(), base_url=request.build_absolute_uri("/"),
                                       options=options)
            return redirect(job)
        report = declared.build(mission=mission, on=on, user=request.user, fmt=fmt or "html", **options)
        if fmt is not None:
            file = report_file(declared, report, fmt=fmt, user=request.user, part=request.GET.get("part"),
                               request=request, query=request.GET.urlencode())
            return download(file.content, filename=file.filename, fmt=fmt)
        context = declared.shared_context(report) | {"date_error": date_error}
        if declared.page_context:
            context |= declared.page_context(request, report, missions)
        htmx = declared.fragment_template and request.htmx and not request.htmx.boosted
        return render(request, declared.fragment_template if htmx else declared.template, context)


class HomeView(LoginRequiredMixin, View):
    """The newest mission's dashboard; without one, the first steps for who may add a mission, else whom to ask."""

    def get(self, request):
        mission = Mission.objects.restrict(request.user, "view").order_by("-start").first()
        if mission is None:
            # An empty database (a new installation) is the administrator's to start; anyone else is only waiting
            # for a role, and learns nothing about missions they may not see.
            first_mission = generic.may(request.user, Mission, "add") and not Mission.objects.exists()
            return render(request, "force/no_mission.html", {"first_mission": first_mission})
        return ReportView(report=STRENGTH).get(request, mission.code)
