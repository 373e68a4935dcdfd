"""Pages of logistics: the map of sites, a site's page, and the lists and forms of the fleet's
records."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from muster.core import views as generic
from muster.core.expressions import LatestOn
from muster.core.store import record_store
from muster.core.tables import Column
from muster.force.models import Contingent, DutyStatus, Posting, Tour
from muster.force.selectors import personnel_by_site, posted_tours
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission
from muster.places.geometry import KIND_COLOURS, display_geometry, map_svg, sites_box
from muster.places.models import AdminArea, Site
from muster.places.selectors import sites_open

from . import filtersets, forms
from .models import Shipment, Vehicle, VehicleBasing, VehicleStatus, WorkOrder


def _mission(request, code):
    missions = Mission.objects.restrict(request.user, "view")
    mission = get_object_or_404(missions, code=code) if code else missions.filter(sites__isnull=False).order_by(
        "-start").first() or missions.order_by("-start").first()
    if mission is None:
        raise Http404
    return mission, missions


def page_day(request, mission):
    """(day, note) of a page about `mission` on the date asked for (`?on=`), an ended mission opening on its last
    day: read by the reports' parameter form (missions.forms.MissionDateForm)."""
    _mission, on, note = MissionDateForm(request.GET, mission=mission, ended=True).page_parameters()
    return on, note


def site_rows(*, user, mission, on):
    """The sites of `mission` the user may see, open on `on`, with their personnel that day, numbered as on the map."""
    sites = sites_open(Site.objects.restrict(user, "view").filter(mission=mission), on=on)
    rows = personnel_by_site(sites=sites, on=on, contingents=Contingent.objects.restrict(user, "view"))
    for number, row in enumerate(rows, start=1):
        row["number"] = number
        row["kind_label"] = Site.Kind(row["kind"]).label
        row["colour"] = KIND_COLOURS.get(row["kind"], "#333")
    return rows


class MapView(LoginRequiredMixin, View):
    """Sites on the map of departments and communes, sized by personnel, coloured by kind, the table beside it."""

    def get(self, request, code=None):
        if not generic.may(request.user, Site, "view"):
            raise PermissionDenied
        mission, missions = _mission(request, code)
        on, date_error = page_day(request, mission)
        rows = site_rows(user=request.user, mission=mission, on=on)
        areas = AdminArea.objects.restrict(request.user, "view").only("pcode", "name_en", "level", "display_geometry",
                                                                      "min_lon", "min_lat", "max_lon", "max_lat")
        communes = [a for a in areas if a.level == AdminArea.Level.ADM2]
        departments = [a for a in areas if a.level == AdminArea.Level.ADM1]
        kinds = sorted({(r["kind"], r["kind_label"], r["colour"]) for r in rows})
        context = {"mission": mission, "missions": missions.filter(sites__isnull=False).distinct().only("code"),
                   "on": on, "date_error": date_error, "rows": rows, "kinds": kinds,
                   "total": sum(r["personnel"] for r in rows), "boundaries_loaded": bool(departments or communes),
                   "svg": map_svg(communes=communes, departments=departments, sites=rows,
                                  title=_("Sites on the map of departments and communes")),
                   "close_up": _close_up(request.user, communes, departments, rows),
                   "may_add": generic.may(request.user, Site, "add"),
                   "may_view_postings": generic.may(request.user, Posting, "view"),
                   "may_add_postings": generic.may(request.user, Posting, "add")}
        return render(request, "logistics/map.html", context)


def _close_up(user, communes, departments, rows):
    """A second, closer map when the sites crowd into a small part of the country (all in the capital), drawn
    from the published outlines of the few areas in view, simplified finely (the national map's outlines are
    too coarse at this scale)."""
    if not rows or not (communes or departments):
        return ""
    box = sites_box(rows)
    areas = departments or communes
    country_span = max(a.max_lon for a in areas) - min(a.min_lon for a in areas)
    if box[2] - box[0] > country_span / 4:
        return ""
    near = list(AdminArea.objects.restrict(user, "view").filter(
        max_lon__gte=box[0], min_lon__lte=box[2], max_lat__gte=box[1], min_lat__lte=box[3]))
    for area in near:
        area.display_geometry = display_geometry(area.geometry, tolerance=0.0005, decimals=4)
    return map_svg(communes=[a for a in near if a.level == AdminArea.Level.ADM2],
                   departments=[a for a in near if a.level == AdminArea.Level.ADM1], sites=rows, box=box, width=480,
                   title=_("Close-up of the sites"))


class SitesGeoJSONView(LoginRequiredMixin, View):
    """The sites of a mission the user may see, as a GeoJSON FeatureCollection (RFC 7946: longitude first)."""

    def get(self, request, code):
        if not generic.may(request.user, Site, "view"):
            raise PermissionDenied
        mission, _missions = _mission(request, code)
        on, _error = page_day(request, mission)
        features = [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]},
            "properties": {"id": r["pk"], "name": r["name"], "kind": r["kind"], "personnel": r["personnel"],
                           "adm1_pcode": r["adm1__pcode"], "adm1_name": r["adm1__name_en"],
                           "adm2_pcode": r["adm2__pcode"], "adm2_name": r["adm2__name_en"],
                           "opened": r["opened"] and r["opened"].isoformat(),
                           "closed": r["closed"] and r["closed"].isoformat(), "personnel_on": on.isoformat()},
        } for r in site_rows(user=request.user, mission=mission, on=on)]
        content = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)
        response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sites_{mission.code}_{on.isoformat()}.geojson"'
        return response


# --- Lists, details and forms of each record ----------------------------------------------------------------


class SiteView(generic.ObjectDetailView):
    """A site's page: who is there on a date (the roll's postings, the assignments) and the vehicles based there.
    It reads the roll and the fleet, so it is here, above places; muster/urls.py gives it places' address."""

    model = Site
    template_name = "logistics/site_detail.html"

    related = ("mission", "adm1", "adm2")

    # Names of the officers posted here, at most; the rest are on the postings list, filtered to this site.
    NAMES_SHOWN = 100

    def get_extra_context(self, request, obj):
        on, date_error = page_day(request, obj.mission)
        counts = personnel_by_site(sites=Site.objects.filter(pk=obj.pk), on=on,
                                   contingents=Contingent.objects.restrict(request.user, "view"))[0]
        context = {"assignments": obj.assignments.restrict(request.user, "view").select_related("contingent__country"),
                   "vehicles": obj.vehicles.restrict(request.user, "view"), "on": on, "date_error": date_error,
                   "counts": counts, "may_view_postings": generic.may(request.user, Posting, "view")}
        if context["may_view_postings"]:
            # Names only from the tours this user may see (a liaison: their own country's), by the same rule as
            # the counts; everyone else reads the counts above.
            posted = posted_tours(Tour.objects.restrict(request.user, "view"), site=obj.pk, mission=obj.mission_id,
                                  on=on).distinct()
            context["posted"] = list(posted.select_related("person", "contingent__country")
                                     .annotate(posted_since=LatestOn(Posting, key="tour", value="since", on=on))
                                     .order_by("person__family_name", "person__given_names", "pk")[:self.NAMES_SHOWN])
            for tour in context["posted"]:
                tour.duty_label = DutyStatus.Status(tour.duty).label
            context["posted_count"] = (len(context["posted"]) if len(context["posted"]) < self.NAMES_SHOWN
                                       else posted.count())
        return context


class VehicleListView(generic.ObjectListView):
    model = Vehicle
    filterset_class = filtersets.VehicleFilterSet
    default_sort = ("mission__code", "registration")
    columns = [
        Column("registration", gettext_lazy("Registration"), sort="registration", link=True),
        Column("type", gettext_lazy("Type"), sort="type"),
        Column("make_model", gettext_lazy("Make and model"), sort="make_model"),
        Column("owner", gettext_lazy("Owner or donor"), sort="owner__name"),
        Column("site.name", gettext_lazy("Site"), sort="site__name"),
        Column("mission.code", gettext_lazy("Mission"), sort="mission__code"),
        Column("acquired", gettext_lazy("Acquired"), sort="acquired"),
    ]

    related = ("owner", "site", "mission")


class VehicleView(generic.ObjectDetailView):
    model = Vehicle

    related = ("owner", "site", "mission")

    def get_extra_context(self, request, obj):
        return {"statuses": obj.statuses.restrict(request.user, "view").order_by("-since", "-pk"),
                "basings": obj.basings.restrict(request.user, "view").select_related("site").order_by("-since", "-pk"),
                "may_add_basing": generic.may(request.user, VehicleBasing, "add"),
                "work_orders": obj.work_orders.restrict(request.user, "view").select_related("contract")}


class VehicleEditView(generic.ObjectEditView):
    model = Vehicle
    form_class = forms.VehicleForm

    def save(self, form):
        vehicle = super().save(form)
        basing = getattr(form, "basing", None)
        if basing is not None and basing.pk is None:  # its first basing, given with a new vehicle
            basing.vehicle = vehicle
            # Part of the vehicle as added: its scope is the vehicle's (its mission and owner), just checked.
            record_store(user=None, record=basing)  # sets vehicle.site (VehicleBasing.save)
            vehicle.refresh_from_db(fields=["site", "version"])
        return vehicle


class VehicleDeleteView(generic.ObjectDeleteView):
    model = Vehicle


class VehicleBasingListView(generic.ObjectListView):
    model = VehicleBasing
    filterset_class = filtersets.VehicleBasingFilterSet
    default_sort = ("-since", "pk")
    columns = [
        Column("since", gettext_lazy("From"), sort="since", link=True),
        Column("vehicle", gettext_lazy("Vehicle"), sort="vehicle__registration"),
        Column("site.name", gettext_lazy("Site"), sort="site__name"),
        Column("note", gettext_lazy("Note")),
    ]

    related = ("vehicle", "site")


class VehicleBasingView(generic.ObjectDetailView):
    model = VehicleBasing

    related = ("vehicle", "site__mission")


class VehicleBasingEditView(generic.ObjectEditView):
    """Add (a move: "Move to another site" on a vehicle's page, the vehicle prefilled), correct or delete a basing;
    the vehicle's current site follows (VehicleBasing.save)."""

    model = VehicleBasing
    form_class = forms.VehicleBasingForm


class VehicleBasingDeleteView(generic.ObjectDeleteView):
    model = VehicleBasing


class VehicleStatusListView(generic.ObjectListView):
    model = VehicleStatus
    filterset_class = filtersets.VehicleStatusFilterSet
    default_sort = ("-since", "pk")
    columns = [
        Column("since", gettext_lazy("Since"), sort="since", link=True),
        Column("vehicle", gettext_lazy("Vehicle"), sort="vehicle__registration"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("note", gettext_lazy("Note")),
    ]

    related = ("vehicle",)


class VehicleStatusView(generic.ObjectDetailView):
    model = VehicleStatus


class VehicleStatusEditView(generic.ObjectEditView):
    model = VehicleStatus
    form_class = forms.VehicleStatusForm


class VehicleStatusDeleteView(generic.ObjectDeleteView):
    model = VehicleStatus


class WorkOrderListView(generic.ObjectListView):
    model = WorkOrder
    filterset_class = filtersets.WorkOrderFilterSet
    default_sort = ("-opened", "pk")
    columns = [
        Column("opened", gettext_lazy("Opened"), sort="opened", link=True),
        Column("vehicle", gettext_lazy("Vehicle"), sort="vehicle__registration"),
        Column("fault", gettext_lazy("Fault")),
        Column("contract", gettext_lazy("Contract"), sort="contract__title"),
        Column("due", gettext_lazy("Due"), sort="due"),
        Column("closed", gettext_lazy("Closed"), sort="closed"),
        Column("cost_text", gettext_lazy("Cost (USD)"), sort="cost"),
    ]

    related = ("vehicle", "contract")


class WorkOrderView(generic.ObjectDetailView):
    model = WorkOrder

    related = ("vehicle", "contract")


class WorkOrderEditView(generic.ObjectEditView):
    model = WorkOrder
    form_class = forms.WorkOrderForm


class WorkOrderDeleteView(generic.ObjectDeleteView):
    model = WorkOrder


class ShipmentListView(generic.ObjectListView):
    model = Shipment
    filterset_class = filtersets.ShipmentFilterSet
    default_sort = ("-shipped", "pk")
    columns = [
        Column("contents", gettext_lazy("Contents"), sort="contents", link=True),
        Column("donor", gettext_lazy("Donor"), sort="donor__name"),
        Column("origin", gettext_lazy("Origin")),
        Column("destination.name", gettext_lazy("Destination"), sort="destination__name"),
        Column("shipped", gettext_lazy("Left on"), sort="shipped"),
        Column("received", gettext_lazy("Received on"), sort="received"),
        Column("status", gettext_lazy("Status"), sort="status"),
    ]

    related = ("donor", "destination")


class ShipmentView(generic.ObjectDetailView):
    model = Shipment

    related = ("donor", "destination", "transport_contract")


class ShipmentEditView(generic.ObjectEditView):
    model = Shipment
    form_class = forms.ShipmentForm


class ShipmentDeleteView(generic.ObjectDeleteView):
    model = Shipment
