"""Seeing a mission's incidents: the map of communes shaded by incidents or killed over a period with the incidents'
points on top and its table beside it, the weekly chart by event type with its table, and the timeline of an actor
or of a commune (or department). Every figure comes from operations.selectors, scoped by the reader."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

import pygal
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from muster.core import views as generic
from muster.core.charts import CHART_WIDTH, MUSTER_STYLE, X_LABEL_ROTATION, svg_of
from muster.core.forms import restrict_choices
from muster.missions.forms import ReportDateField
from muster.missions.models import Mission, mission_report_day
from muster.places.geometry import AREA_FILL, MapPoint, map_svg, quantised_scale, shade_of
from muster.places.models import AREA_NAMES, AdminArea

from ..models import Actor, Classification, EventType, Incident, Toll
from ..selectors import (
    incident_points,
    incident_timeline,
    incidents_by_commune,
    incidents_by_week,
    incidents_seen,
    involving,
    week_start,
)

PERIOD_WEEKS = 13  # a page opens on the last thirteen ISO weeks (a quarter) up to the mission's today
CHART_WEEKS = 53  # the chart draws at most a year of weeks; a longer period shows its last year, saying so
TIMELINE_PAGE = 50  # incidents per page of a timeline: within the page budget with long titles and actors' names
# The map draws the places with the most incidents, up to this many: with the 140 communes' outlines and a table row
# for each, the page keeps within the 150 KB budget (tests/operations/test_incident_map.py weighs the worst case).
MAP_POINTS = 100
MEASURES = [("incidents", gettext_lazy("Incidents")), ("fatalities", gettext_lazy("Killed"))]
COLUMNS = [("department", gettext_lazy("Department")), ("commune", gettext_lazy("Commune")),
           ("pcode", gettext_lazy("P-code")), ("incidents", gettext_lazy("Incidents")),
           ("killed", gettext_lazy("Killed"))]
SORTS = {"department": lambda r: (r["department"], r["commune"]), "commune": lambda r: (r["commune"], r["department"]),
         "pcode": lambda r: r["pcode"], "incidents": lambda r: (r["incidents"], r["pcode"]),
         "killed": lambda r: (r["killed"] or 0, r["pcode"])}


def _date_field(label):
    return ReportDateField(label=label, required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(
        attrs={"type": "date"}), error_messages={"invalid": gettext_lazy("“%(value)s” is not a date in the form "
                                                                         "YYYY-MM-DD.")})


class IncidentPeriodForm(forms.Form):
    """The period (`from`, `to`: the mission's days, both included) of the map and the chart, what the map shades by,
    and the incident list's own filters that cost nothing here: the event type and the classification."""

    measure = forms.ChoiceField(label=gettext_lazy("Shade by"), choices=MEASURES, required=False)
    event_type = forms.ModelChoiceField(label=gettext_lazy("Event type"), queryset=EventType.objects.all(),
                                        required=False)
    classification = forms.MultipleChoiceField(label=gettext_lazy("Classification"), required=False,
                                               choices=Classification.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data, *, user, mission):
        super().__init__(data)
        # "from" is a word of Python's, so these two are named here rather than declared above.
        self.fields = {"from": _date_field(gettext_lazy("From")), "to": _date_field(gettext_lazy("To")),
                       **self.fields}
        restrict_choices(self.fields, user)
        self.mission = mission

    def selection(self, missions):
        """The Selection asked for: the period, or the last PERIOD_WEEKS weeks to the mission's today (its last
        day once it has ended), and the filters that are valid; a note for each refusal, the page showing the
        default instead, as the site map does."""
        self.is_valid()
        data, notes = self.cleaned_data, [f"{self.fields[name].label}: {' '.join(errors)}"
                                          for name, errors in self.errors.items()]
        end, ended = mission_report_day(self.mission)
        if ended and not data.get("to"):
            notes.append(ended)
        end = data.get("to") or end
        start = data.get("from") or week_start(end) - datetime.timedelta(weeks=PERIOD_WEEKS - 1)
        if start > end:
            notes.append(_("The period cannot end (%(end)s) before it starts (%(start)s); showing the %(weeks)s weeks "
                           "to its end.") % {"end": end, "start": start, "weeks": PERIOD_WEEKS})
            start = week_start(end) - datetime.timedelta(weeks=PERIOD_WEEKS - 1)
        return Selection(mission=self.mission, missions=missions, form=self, start=start, end=end, notes=notes,
                         measure=data.get("measure") or "incidents", event_type=data.get("event_type"),
                         classification=data.get("classification") or [])


@dataclass
class Selection:
    """What the map and the chart show: a mission's incidents over a period, of an event type and classifications."""

    mission: Mission
    missions: object  # the missions the reader may see, to switch to those with incidents they may see
    form: IncidentPeriodForm
    start: datetime.date
    end: datetime.date
    notes: list
    measure: str
    event_type: EventType | None
    classification: list

    @classmethod
    def of(cls, request, code):
        """The page's selection, for a reader who may view incidents (403 otherwise) and the mission asked for."""
        if not generic.may(request.user, Incident, "view"):
            raise PermissionDenied
        mission, missions = _mission(request, code)
        return IncidentPeriodForm(request.GET, user=request.user, mission=mission).selection(missions)

    def incidents(self):
        """The mission's incidents of the chosen type and classifications (the selectors add the reader's scope and
        the period)."""
        incidents = Incident.objects.filter(mission=self.mission)
        if self.event_type is not None:
            incidents = incidents.filter(event_type=self.event_type)
        if self.classification:
            incidents = incidents.filter(classification__in=self.classification)
        return incidents

    def _filters(self):
        return ([("event_type", self.event_type.pk)] if self.event_type is not None else []) + [
            ("classification", value) for value in self.classification]

    def list_address(self, *, start=None, end=None, **narrower):
        """The incident list for these figures (operations.filtersets.IncidentFilterSet's parameters): the mission,
        the period (or part of it), the filters and a commune (`adm2` by P-code)."""
        query = [("mission", self.mission.code), ("date_after", (start or self.start).isoformat()),
                 ("date_before", (end or self.end).isoformat()), *self._filters(), *narrower.items()]
        return f"{reverse('operations:incident_list')}?{urlencode(query)}"

    def query(self):
        """This selection's parameters, to carry from the map to the chart and back."""
        return urlencode([("from", self.start.isoformat()), ("to", self.end.isoformat()), *self._filters()])

    def context(self, user):
        return {"mission": self.mission, "form": self.form, "start": self.start, "end": self.end, "notes": self.notes,
                "missions": self.missions.filter(pk__in=incidents_seen(user).values("mission")).only("code")
                .order_by("code"), "filter_query": self.query(), "list_address": self.list_address()}


def _mission(request, code):
    """The mission asked for among those the reader may see (404 otherwise), or, with none asked for, the latest
    that has incidents the reader may see."""
    missions = Mission.objects.restrict(request.user, "view")
    if code:
        return get_object_or_404(missions, code=code), missions
    mission = (missions.filter(pk__in=incidents_seen(request.user).values("mission")).order_by("-start").first()
               or missions.order_by("-start").first())
    if mission is None:
        raise Http404
    return mission, missions


class IncidentMapView(LoginRequiredMixin, View):
    """Communes shaded by the incidents (or the killed) of a period, in classes of a quantised scale with a legend,
    the incidents with coordinates as dots on top, and the table of the figures beside the map."""

    def get(self, request, code=None):
        selection, user = Selection.of(request, code), request.user
        mission, start, end = selection.mission, selection.start, selection.end
        figures = incidents_by_commune(user=user, start=start, end=end, mission=mission,
                                       event_type=selection.event_type, classification=selection.classification)
        points = incident_points(user=user, start=start, end=end, incidents=selection.incidents())
        points.sort(key=lambda p: (-p.incidents, p.latitude, p.longitude))
        drawn = points[:MAP_POINTS]
        tolls_seen = generic.may(user, Toll, "view")
        measure = selection.measure
        if measure == "fatalities" and not tolls_seen:
            selection.notes.append(_("You may not see the killed: the map is shaded by incidents."))
            measure = "incidents"
        areas = {a.pk: a for a in AdminArea.objects.restrict(user, "view").only(
            "pcode", *AREA_NAMES, "level", "parent", "display_geometry", "min_lon", "min_lat", "max_lon", "max_lat")}
        rows = _area_rows(figures, areas, selection)
        value = "killed" if measure == "fatalities" else "incidents"
        scale = quantised_scale([r[value] or 0 for r in rows if r["pcode"]])
        by_pcode = {r["pcode"]: r for r in rows if r["pcode"]}
        fills = {pcode: shade_of(row[value] or 0, scale) for pcode, row in by_pcode.items()}
        communes = [a for a in areas.values() if a.level == AdminArea.Level.ADM2]
        departments = [a for a in areas.values() if a.level == AdminArea.Level.ADM1]
        sort = request.GET.get("sort", "-incidents")
        if sort.lstrip("-") not in SORTS:
            sort = "-incidents"
        rows.sort(key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
        return render(request, "operations/incident_map.html", {
            **selection.context(user), "measure": measure, "rows": rows, "sort": sort, "columns": COLUMNS,
            "total_incidents": sum(r["incidents"] for r in rows),
            "total_killed": sum(r["killed"] or 0 for r in rows) if tolls_seen else None,
            "points": len(points), "points_incidents": sum(p.incidents for p in points),
            "points_drawn": len(drawn), "points_left": len(points) - len(drawn),
            "scale": scale, "area_fill": AREA_FILL, "boundaries_loaded": bool(communes or departments),
            "svg": map_svg(
                communes=communes, departments=departments,
                points=[MapPoint(float(p.longitude), float(p.latitude), p.incidents, _point_label(p)) for p in drawn],
                fills={pcode: fill for pcode, fill in fills.items() if fill},
                notes={pcode: _commune_note(row, tolls_seen) for pcode, row in by_pcode.items()},
                title=_("%(mission)s incidents by commune, %(start)s to %(end)s") % {
                    "mission": mission.code, "start": date_format(start, "j M Y"), "end": date_format(end, "j M Y")},
                decimals=0),
        })


def _point_label(point):
    count = ngettext("%(n)s incident", "%(n)s incidents", point.incidents) % {"n": point.incidents}
    return f"{point.location}: {count}" if point.location else count


def _commune_note(row, tolls_seen):
    note = ngettext("%(n)s incident", "%(n)s incidents", row["incidents"]) % {"n": row["incidents"]}
    if tolls_seen:
        note += ", " + ngettext("%(n)s killed", "%(n)s killed", row["killed"] or 0) % {"n": row["killed"] or 0}
    return note


def _area_rows(figures, areas, selection):
    """A row of the table per commune with incidents (department, commune, P-code, incidents, killed, the list and
    the timeline of them), and one for the incidents placed in a department only, or nowhere."""
    rows = []
    for figure in figures:
        commune = areas.get(figure.adm2_id)
        department = areas.get(figure.adm1_id) or (areas.get(commune.parent_id) if commune else None)
        row = {"department": department.local_name if department else "", "incidents": figure.incidents,
               "killed": figure.killed, "pcode": "", "commune": "", "list": None, "timeline": None}
        if commune is not None:
            row.update(commune=commune.local_name, pcode=commune.pcode, list=selection.list_address(adm2=commune.pcode),
                       timeline=reverse("operations:area_timeline", args=[commune.pcode])
                       + f"?mission={selection.mission.code}")
        elif department is not None:
            row["commune"] = _("(department only)")
        else:
            row["commune"] = _("(not placed in a commune)")
        rows.append(row)
    return rows


class IncidentChartView(LoginRequiredMixin, View):
    """Incidents per ISO week of the period, stacked by event type, with the table of the same figures."""

    def get(self, request, code=None):
        selection = Selection.of(request, code)
        earliest = week_start(selection.end) - datetime.timedelta(weeks=CHART_WEEKS - 1)
        if selection.start < earliest:
            selection.notes.append(_("The chart shows at most %(weeks)s weeks: from %(start)s.") % {
                "weeks": CHART_WEEKS, "start": date_format(earliest, "j M Y")})
            selection.start = earliest
        start, end = selection.start, selection.end
        weekly = incidents_by_week(user=request.user, start=start, end=end, incidents=selection.incidents())
        sunday = datetime.timedelta(days=6)
        weeks = [{"monday": week, "sunday": week + sunday, "total": weekly.week_total(week),
                  "counts": weekly.week_counts(week),
                  "list": selection.list_address(start=max(week, start), end=min(week + sunday, end))}
                 for week in weekly.weeks]
        return render(request, "operations/incident_chart.html", {
            **selection.context(request.user), "weekly": weekly, "weeks": weeks,
            "svg": weekly_chart(weekly, title=_("%(mission)s incidents per week by event type") % {
                "mission": selection.mission.code}) if weekly.total else "", "legend": weekly_legend(weekly),
        })


def weekly_chart(weekly, *, title, width=CHART_WIDTH, height=340):
    """Stacked bars: the incidents of each ISO week, one colour per event type (weekly_legend names them). The x axis
    names each week by its Monday, every fourth one when there are many."""
    chart = pygal.StackedBar(
        width=width, height=height, style=MUSTER_STYLE, title=title, js=[], disable_xml_declaration=True,
        x_label_rotation=X_LABEL_ROTATION, show_legend=False, show_minor_x_labels=False, truncate_label=-1, margin=8,
        spacing=8, explicit_size=False, show_y_guides=True, print_values=False)
    chart.x_labels = [date_format(week, "d M y") for week in weekly.weeks]  # the month in the reader's language
    chart.x_labels_major = chart.x_labels[::4 if len(weekly.weeks) > 14 else 1]
    for event_type in weekly.event_types:
        chart.add(_(event_type), [n or None for n in weekly.series(event_type)])  # no bar where there is none
    return svg_of(chart, lean=True)


def weekly_legend(weekly):
    """(event type, colour) of each series of the weekly chart, in its order: the legend is the page's, beside the
    chart, where ACLED's long type names wrap instead of being cut or running off pygal's legend rows."""
    colours = MUSTER_STYLE.colors
    return [(_(event_type), colours[n % len(colours)]) for n, event_type in enumerate(weekly.event_types)]


class _TimelineView(LoginRequiredMixin, View):
    """A list of incidents in the order they happened, with their tolls, one page at a time."""

    template_name = "operations/incident_timeline.html"

    def subject(self, request, key):
        """(what the timeline is of, a condition on incidents, a note on what it takes in)."""
        raise NotImplementedError

    def get(self, request, key):
        if not generic.may(request.user, Incident, "view"):
            raise PermissionDenied
        subject, condition, note = self.subject(request, key)
        incidents = Incident.objects.filter(condition)
        mission = None
        if request.GET.get("mission"):
            mission = get_object_or_404(Mission.objects.restrict(request.user, "view"), code=request.GET["mission"])
            incidents = incidents.filter(mission=mission)
        timeline = incident_timeline(user=request.user, incidents=incidents)
        page = Paginator(timeline, TIMELINE_PAGE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {
            "subject": subject, "note": note, "mission": mission, "page": page,
            "tolls_seen": generic.may(request.user, Toll, "view"), "outcomes": Toll.Outcome.choices})


class ActorTimelineView(_TimelineView):
    """An actor's incidents: on either side or associated with either; a coalition's take in its member groups'."""

    def subject(self, request, key):
        actor = get_object_or_404(Actor.objects.restrict(request.user, "view"), pk=key)
        members = list(actor.members.restrict(request.user, "view").order_by("name"))
        note = ""
        if members:
            note = _("With its member groups: %(members)s.") % {"members": ", ".join(m.name for m in members)}
        return actor, involving([actor, *members]), note


class AreaTimelineView(_TimelineView):
    """The incidents placed in a commune, or in a department (all its communes and those placed in it only)."""

    def subject(self, request, key):
        area = get_object_or_404(AdminArea.objects.restrict(request.user, "view"), pcode=key)
        if area.level == AdminArea.Level.ADM1:
            return area, Q(adm1=area), _("Every incident placed in the department, in a commune of it or not.")
        return area, Q(adm2=area), ""


urlpatterns = [
    path("operations/map/", IncidentMapView.as_view(), name="incident_map"),
    path("operations/map/<slug:code>/", IncidentMapView.as_view(), name="incident_map_mission"),
    path("operations/chart/", IncidentChartView.as_view(), name="incident_chart"),
    path("operations/chart/<slug:code>/", IncidentChartView.as_view(), name="incident_chart_mission"),
    path("operations/timeline/actor/<int:key>/", ActorTimelineView.as_view(), name="actor_timeline"),
    path("operations/timeline/commune/<slug:key>/", AreaTimelineView.as_view(), name="area_timeline"),
]
