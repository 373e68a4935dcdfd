"""The transparency site: for anyone, without signing in. A mission without a Publication, a part it does not
publish, a day outside its life: 404, as any record that does not exist."""

import datetime
import json

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View

from muster.force.privacy import SUPPRESSION_NOTE
from muster.missions.models import mission_report_day
from muster.reports.charts import stacked_strength_chart

from .cache import public_cached, public_response, response_shareable
from .opendata import FORMATS, data_package, page_tables
from .selectors import public_day_range, public_page, publication_of, publications_listed

MAX_AGE = 5 * 60  # a visitor's browser, or a proxy, may keep a page five minutes; the server's cache knows better


def _public(response, request):
    """Anonymous responses may be kept by shared caches for MAX_AGE; a signed-in visitor's page (its header names
    them) only by their own browser."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _publication_and_day(code, on):
    publication = publication_of(code=code)
    if publication is None:
        raise Http404
    first, last = public_day_range(mission=publication.mission)
    if on is None:
        return publication, last
    try:
        day = datetime.date.fromisoformat(on)
    except ValueError:
        raise Http404 from None
    if not first <= day <= last:
        raise Http404
    return publication, day


def _shared(request):
    """Context for a page every anonymous visitor is served from the cache: no CSRF token of the first visitor's
    baked into it (base.html puts one in htmx's headers; a public page posts nothing), and so no cookie set."""
    return {"csrf_token": ""} if response_shareable(request) else {}


class PublicIndexView(View):
    def get(self, request):
        return public_response(request, dated=False, build=lambda: _public(render(
            request, "public/index.html", {"publications": list(publications_listed())} | _shared(request)), request))


class PublicMissionView(View):
    """The mission on a day (its permalink), or today (`on` None) with a link to today's permalink."""

    def get(self, request, code, on=None):
        if on is None and request.GET.get("on"):  # the page's date form: to that day's permalink
            publication, day = _publication_and_day(code, request.GET["on"])
            return redirect("public:mission_on", publication.mission.code, day.isoformat())
        return public_response(request, dated=on is not None, build=lambda: self.page(request, code, on))

    def page(self, request, code, on):
        publication, day = _publication_and_day(code, on)
        mission = publication.mission

        def body():
            page = public_page(publication=publication, on=day)
            return render_to_string("public/_mission_body.html", {
                "page": page, "chart": _strength_chart(page), "suppression_note": SUPPRESSION_NOTE,
                "permalink": reverse("public:mission_on", args=[mission.code, day.isoformat()])})

        content = public_cached(mission=mission, on=day, what="page", build=body)
        ended = mission_report_day(mission)[1] if on is None else None  # "The MSS ended on …; showing its last day."
        first, last = public_day_range(mission=mission)
        return _public(render(request, "public/mission.html", {
            "mission": mission, "on": day, "content": content, "ended": ended, "first": first, "last": last}
            | _shared(request)), request)


def _strength_chart(page):
    if page.strength is None or not page.strength.points:
        return ""
    part = page.strength
    series = {}
    for iso3 in part.chart_countries:
        # A hidden figure is drawn as nothing: the table beside the chart says "<5" or "x".
        series[part.names.get(iso3, iso3)] = [v if isinstance(v, int) else None
                                              for v in (part.series[p].get(iso3, 0) for p in part.points)]
    if not series:
        return ""
    return stacked_strength_chart(title=_("%(mission)s personnel by country") % {"mission": page.mission.code},
                                  points=part.points, series=series)


class PublicDataView(View):
    """One of the page's tables as CSV, HXL-tagged CSV or JSON; the data package; a chart as standalone SVG."""

    def get(self, request, code, on, name, fmt):
        return public_response(request, dated=True, build=lambda: self.file(request, code, on, name, fmt))

    def file(self, request, code, on, name, fmt):
        publication, day = _publication_and_day(code, on)
        mission = publication.mission
        # Every file of the day at once: one reading of the records serves the data package and all it describes.
        files = public_cached(mission=mission, on=day, what="files", build=lambda: _files(publication, day))
        content = files.get(f"{name}.{fmt}")
        if content is None:
            raise Http404
        response = HttpResponse(content, content_type="image/svg+xml" if fmt == "svg" else FORMATS[fmt])
        if fmt != "svg":
            filename = f"{mission.code.lower()}-{day.isoformat()}-{name}.{fmt}"
            response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it, as anyone may
        if fmt == "svg":
            # Any site may embed the chart (<img>, <object>, <iframe>): not framed only by Muster's own pages, as
            # its pages are; the chart holds no form and no script to be misused in someone else's frame.
            response.xframe_options_exempt = True
            response._csp_replace = {"frame-ancestors": ["*"]}  # django-csp's per-response override (csp_replace)
        return _public(response, request)


def _files(publication, day):
    """{"strength.csv": bytes, …, "datapackage.json": bytes, "strength.svg": bytes} of the day's published parts."""
    page = public_page(publication=publication, on=day)
    tables = page_tables(page)
    files = {f"{table.name}.{fmt}": table.content(fmt) for table in tables for fmt in FORMATS}
    files["datapackage.json"] = json.dumps(data_package(page, tables), ensure_ascii=False, indent=1).encode()
    svg = _strength_chart(page)
    if svg:
        files["strength.svg"] = _standalone(svg).encode()
    return files


def _standalone(svg):
    """The inline chart as a file of its own: the SVG namespace declared, nothing fetched from elsewhere."""
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg[:500]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg
