"""The reports' API endpoints, one from each declaration that has one (pipeline.ReportApi): the mission and date
read by the one parameter form (missions.api.mission_on), the answer in the declared serializer's shape."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from muster.missions.api import MISSION_ON_PARAMETERS, mission_on

from .claims import ClaimViewSet
from .pipeline import report_options, reports
from .sitrep_api import SitrepViewSet


def report_endpoint(declared):
    """The APIView of `declared`'s endpoint; its description is the OpenAPI operation's. The report's options are
    parameters beside the mission and date; one not among its choices is refused (400) naming it."""
    api = declared.api
    options = [OpenApiParameter(o.name, str, enum=list(o.choices), description=f"{o.help} Default: {o.default}.")
               for o in declared.options]

    @extend_schema(parameters=MISSION_ON_PARAMETERS + options, responses=api.serializer)
    def get(self, request):
        mission, on = mission_on(request)
        chosen, refused = report_options(declared, request.query_params)
        if refused:
            raise serializers.ValidationError({name: [refusal] for name, refusal in refused.items()})
        report = declared.build(mission=mission, on=on, user=request.user, fmt="api", **chosen)
        return Response(api.serializer(api.data(report)).data)

    return type(f"{declared.name.title()}ReportView", (APIView,), {
        "__doc__": api.description, "__module__": __name__, "get": get,
        "permission_model": api.permission_model,  # ObjectPermissions: the view grant this endpoint needs
    })


ROUTES = [("claims", ClaimViewSet),  # claims beside what the records give (claims.py)
          ("sitrep/issued", SitrepViewSet)]  # issued situation reports (sitrep_api.py)
PATHS = [path(report.api.path, report_endpoint(report).as_view(), name=report.api.url_name)
         for report in reports().values() if report.api]
