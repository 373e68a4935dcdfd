"""API of administrative areas, sites, personnel by site (assignments by contingent, postings of named officers,
and the count at each site on a date),
vehicles, vehicle statuses, work orders and shipments, with fleet readiness at a date. Work-order costs are
integers of US cents. A vehicle's `site` is read-only: it is the site of its latest basing; move it by adding a
basing (/api/vehicle-basings/). Postings name people: they are granted like the nominal roll (core/roles.py)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from muster.core.api import MISSION_ON_PARAMETERS, RestrictedModelViewSet, ValidatedModelSerializer, mission_on
from muster.core.api_policy import ObjectPermissions
from muster.force.models import Contingent
from muster.missions.models import Mission
from muster.sources.api import CitationSerializer

from . import filtersets, selectors
from .models import (
    AdminArea,
    Posting,
    Shipment,
    Site,
    SiteAssignment,
    Vehicle,
    VehicleBasing,
    VehicleStatus,
    WorkOrder,
)

COMMON = ["version", "created", "last_updated"]


class AdminAreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True)

    class Meta:
        model = AdminArea
        fields = ["id", "pcode", "level", "parent", "name_en", "name_fr", "name_ht", "valid_on", "source_name",
                  "min_lon", "min_lat", "max_lon", "max_lat", "display_geometry"]


class AdminAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments and communes loaded from COD-AB files (reference data: loaded by `muster import-boundaries`)."""

    queryset = AdminArea.objects.select_related("parent").defer("geometry", "parent__geometry",
                                                                "parent__display_geometry")
    serializer_class = AdminAreaSerializer
    filterset_class = filtersets.AdminAreaFilterSet
    permission_classes = [ObjectPermissions]
    lookup_field = "pk"

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")


class SiteSerializer(ValidatedModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", queryset=Mission.objects.all())
    adm1 = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True,
                                        help_text="Department P-code")
    adm2 = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True,
                                        help_text="Commune P-code")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = ["id", "mission", "name", "kind", "latitude", "longitude", "outside_boundaries", "adm1", "adm2",
                  "opened", "closed", "notes", "citations", *COMMON]

    # The department and commune follow from the coordinates: Site.clean() places the site, in the store's validation.


class SiteAssignmentSerializer(ValidatedModelSerializer):
    class Meta:
        model = SiteAssignment
        fields = ["id", "site", "contingent", "personnel", "since", "until", *COMMON]


class PostingSerializer(ValidatedModelSerializer):
    class Meta:
        model = Posting
        fields = ["id", "tour", "site", "since", "reason", "notes", *COMMON]
        validators = []  # one posting a day is checked by the model's clean(), with a message naming `since`


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


class SiteViewSet(RestrictedModelViewSet):
    queryset = Site.objects.select_related("mission", "adm1", "adm2").defer(
        "adm1__geometry", "adm1__display_geometry", "adm2__geometry", "adm2__display_geometry"
    ).prefetch_related("citations__source")
    serializer_class = SiteSerializer
    filterset_class = filtersets.SiteFilterSet
    ordering_fields = ["name", "opened"]


class SiteAssignmentViewSet(RestrictedModelViewSet):
    queryset = SiteAssignment.objects.all()
    serializer_class = SiteAssignmentSerializer
    filterset_class = filtersets.SiteAssignmentFilterSet
    ordering_fields = ["since"]


class PostingViewSet(RestrictedModelViewSet):
    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filterset_class = filtersets.PostingFilterSet
    ordering_fields = ["since"]


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


class ReadinessRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="Type code or site id (the site of each vehicle's latest "
                                "basing on the date); null for the whole fleet, or for vehicles not based yet")
    label = serializers.CharField()
    fleet = serializers.IntegerField()
    ready = serializers.IntegerField(help_text="Mission-capable (operational)")
    share = serializers.FloatField(allow_null=True, help_text="ready / fleet; null for an empty fleet")


class ReadinessSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField()
    fleet = ReadinessRowSerializer()
    by_type = ReadinessRowSerializer(many=True)
    by_site = ReadinessRowSerializer(many=True)


def _row(r):
    return {"key": None if r.key is None else str(r.key), "label": r.label, "fleet": r.fleet, "ready": r.ready,
            "share": r.share}


class ReadinessView(APIView):
    """Fleet readiness at a date: the whole fleet, by type and by site (the vehicles you may see)."""

    permission_model = Vehicle  # ObjectPermissions: the view grant this endpoint needs

    @extend_schema(
        parameters=MISSION_ON_PARAMETERS,
        responses=ReadinessSerializer,
    )
    def get(self, request):
        mission, on = mission_on(request)
        vehicles = Vehicle.objects.restrict(request.user, "view").filter(mission=mission)
        data = {"mission": mission.code, "on": on,
                "fleet": _row(selectors.fleet_readiness(vehicles=vehicles, on=on)[0]),
                "by_type": [_row(r) for r in selectors.fleet_readiness(vehicles=vehicles, on=on, by="type")],
                "by_site": [_row(r) for r in selectors.fleet_readiness(vehicles=vehicles, on=on, by="site")]}
        return Response(ReadinessSerializer(data).data)


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
        sites = selectors.sites_open(Site.objects.restrict(request.user, "view").filter(mission=mission), on=on)
        rows = selectors.personnel_by_site(sites=sites, on=on,
                                           contingents=Contingent.objects.restrict(request.user, "view"))
        return Response(PersonnelBySiteSerializer({"mission": mission.code, "on": on, "sites": rows}).data)


ROUTES = [("admin-areas", AdminAreaViewSet), ("sites", SiteViewSet), ("site-assignments", SiteAssignmentViewSet),
          ("postings", PostingViewSet),
          ("vehicles", VehicleViewSet), ("vehicle-basings", VehicleBasingViewSet),
          ("vehicle-statuses", VehicleStatusViewSet), ("work-orders", WorkOrderViewSet),
          ("shipments", ShipmentViewSet)]
PATHS = [path("logistics/readiness/", ReadinessView.as_view(), name="fleet_readiness"),
         path("logistics/personnel-by-site/", PersonnelBySiteView.as_view(), name="personnel_by_site")]
