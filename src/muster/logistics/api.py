"""API of personnel by site (the count at each site on a date; the sites are places/api.py, the assignments and
postings force/api.py),
vehicles, vehicle statuses, work orders and shipments (fleet readiness at a date: reports/api.py). Work-order costs are
integers of US cents. A vehicle's `site` is read-only: it is the site of its latest basing; move it by adding a
basing (/api/vehicle-basings/)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from muster.core.api import RestrictedModelViewSet, ValidatedModelSerializer
from muster.force.models import Contingent
from muster.force.selectors import personnel_by_site
from muster.missions.api import MISSION_ON_PARAMETERS, mission_on
from muster.missions.models import Mission
from muster.places.models import Site
from muster.places.selectors import sites_open
from muster.sources.api import CitationSerializer

from . import filtersets
from .models import Shipment, Vehicle, VehicleBasing, VehicleStatus, WorkOrder

COMMON = ["version", "created", "last_updated"]


class VehicleSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    site = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="Where it is based now: the site of its latest basing (read-only; POST /api/vehicle-basings/ to "
                  "move it).")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Vehicle
        fields = ["id", "mission", "registration", "type", "make_model", "owner", "site", "acquired", "notes",
                  "citations", *COMMON]

    def validate(self, attrs):
        # A read-only field is otherwise ignored in silence: a client that means to move the vehicle is told how.
        # Sending back the site as read (an unchanged PUT) is fine.
        if "site" in self.initial_data:
            current = self.instance.site_id if self.instance is not None else None
            sent = self.initial_data["site"]
            if str(sent if sent is not None else "") != str(current if current is not None else ""):
                raise serializers.ValidationError({"site": [
                    "Read-only: a vehicle's site is the site of its latest basing. Move it by adding a basing "
                    "(POST /api/vehicle-basings/ with vehicle, site and since)."]})
        return super().validate(attrs)


class VehicleBasingSerializer(ValidatedModelSerializer):
    class Meta:
        model = VehicleBasing
        fields = ["id", "vehicle", "site", "since", "note", *COMMON]
        validators = []  # one basing a day is checked by the model's clean(), with a message naming `since`


class VehicleStatusSerializer(ValidatedModelSerializer):
    class Meta:
        model = VehicleStatus
        fields = ["id", "vehicle", "since", "status", "note", *COMMON]
        validators = []  # one status a day is checked by the model's clean(), with a message naming `since`


class WorkOrderSerializer(ValidatedModelSerializer):
    class Meta:
        model = WorkOrder
        fields = ["id", "vehicle", "contract", "fault", "opened", "due", "closed", "cost", *COMMON]


class ShipmentSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())

    class Meta:
        model = Shipment
        fields = ["id", "mission", "donor", "contents", "origin", "destination", "transport_contract", "shipped",
                  "received", "status", *COMMON]


class VehicleViewSet(RestrictedModelViewSet):
    queryset = Vehicle.objects.select_related("mission").prefetch_related("citations__source")
    serializer_class = VehicleSerializer
    filterset_class = filtersets.VehicleFilterSet
    ordering_fields = ["registration", "acquired"]


class VehicleBasingViewSet(RestrictedModelViewSet):
    """Where each vehicle is based from a date; adding, changing or deleting one keeps the vehicle's `site`."""

    queryset = VehicleBasing.objects.all()
    serializer_class = VehicleBasingSerializer
    filterset_class = filtersets.VehicleBasingFilterSet
    ordering_fields = ["since"]


class VehicleStatusViewSet(RestrictedModelViewSet):
    queryset = VehicleStatus.objects.all()
    serializer_class = VehicleStatusSerializer
    filterset_class = filtersets.VehicleStatusFilterSet
    ordering_fields = ["since"]


class WorkOrderViewSet(RestrictedModelViewSet):
    queryset = WorkOrder.objects.all()
    serializer_class = WorkOrderSerializer
    filterset_class = filtersets.WorkOrderFilterSet
    ordering_fields = ["opened", "closed", "cost"]


class ShipmentViewSet(RestrictedModelViewSet):
    queryset = Shipment.objects.select_related("mission")
    serializer_class = ShipmentSerializer
    filterset_class = filtersets.ShipmentFilterSet
    ordering_fields = ["shipped", "received"]


class SitePersonnelSerializer(serializers.Serializer):
    site = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    adm1 = serializers.CharField(source="adm1__pcode", allow_null=True, help_text="Department P-code")
    adm2 = serializers.CharField(source="adm2__pcode", allow_null=True, help_text="Commune P-code")
    posted = serializers.IntegerField(help_text="Officers of the nominal roll posted here, on the roll and in "
                                      "strength on the date (contingents that keep a roll)")
    assigned = serializers.IntegerField(help_text="Personnel of the assignments in force (contingents without a roll)")
    personnel = serializers.IntegerField(help_text="posted + assigned")


class PersonnelBySiteSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField()
    sites = SitePersonnelSerializer(many=True)


class PersonnelBySiteView(APIView):
    """Personnel at each open site on a date, most first: from the roll's postings where a contingent keeps a roll,
    else from its assignments; only the contingents you may see are counted (a liaison: their own country's)."""

    permission_model = Site  # ObjectPermissions: the view grant this endpoint needs

    @extend_schema(
        parameters=MISSION_ON_PARAMETERS,
        responses=PersonnelBySiteSerializer,
    )
    def get(self, request):
        mission, on = mission_on(request)
        sites = sites_open(Site.objects.restrict(request.user, "view").filter(mission=mission), on=on)
        rows = personnel_by_site(sites=sites, on=on, contingents=Contingent.objects.restrict(request.user, "view"))
        return Response(PersonnelBySiteSerializer({"mission": mission.code, "on": on, "sites": rows}).data)


ROUTES = [("vehicles", VehicleViewSet), ("vehicle-basings", VehicleBasingViewSet),
          ("vehicle-statuses", VehicleStatusViewSet), ("work-orders", WorkOrderViewSet),
          ("shipments", ShipmentViewSet)]
PATHS = [path("logistics/personnel-by-site/", PersonnelBySiteView.as_view(), name="personnel_by_site")]
