"""The reports' API endpoints, one from each declaration that has one (pipeline.ReportApi): the mission and date
read by the one parameter form (missions.api.mission_on), the answer in the declared serializer's shape."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from muster.missions.api import MISSION_ON_PARAMETERS, mission_on

from .claims import ClaimViewSet
from .pipeline import REPORTS


def report_endpoint(declared):
    """The APIView of `declared`'s endpoint; its description is the OpenAPI operation's."""
    api = declared.api

    @extend_schema(parameters=MISSION_ON_PARAMETERS, responses=api.serializer)
    def get(self, request):
        mission, on = mission_on(request)
        report = declared.build(mission=mission, on=on, user=request.user, fmt="api")
        return Response(api.serializer(api.data(report)).data)

    return type(f"{declared.name.title()}ReportView", (APIView,), {
        "__doc__": api.description, "__module__": __name__, "get": get,
        "permission_model": api.permission_model,  # ObjectPermissions: the view grant this endpoint needs
    })


ROUTES = [("claims", ClaimViewSet)]  # claims beside what the records give (claims.py)
PATHS = [path(report.api.path, report_endpoint(report).as_view(), name=report.api.url_name)
         for report in REPORTS.values() if report.api]
