"""The map of a mission's sites on a date, and the same sites as GeoJSON."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from muster.core import views as generic
from muster.force.models import Contingent, Posting
from muster.force.selectors import personnel_by_site
from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission
from muster.places.geometry import KIND_COLOURS, display_geometry, map_svg, sites_box
from muster.places.models import AREA_NAMES, AdminArea, Site
from muster.places.selectors import sites_open


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
        areas = AdminArea.objects.restrict(request.user, "view").only(
            "pcode", *AREA_NAMES, "level", "display_geometry", "min_lon", "min_lat", "max_lon", "max_lat")
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
