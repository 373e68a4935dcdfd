"""Pages of incidents (a mission's list with its filters, an incident's page, the form that records one with its
tolls and source), of tolls on their own, and of the reference data: actors and event types.

An incident is written only through `operations.services.incident_store` / `incident_delete`, which keep its
casualties (the mission's own personnel: the roll and strength) in step; its tolls are written with it, in the
same transaction.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.store import record_delete, record_store
from muster.core.tables import Column
from muster.core.urls import crud_urls
from muster.missions.models import Mission

from .. import filtersets, forms, services
from ..forms import INCIDENT_AREA_OUTLINES
from ..models import Actor, Casualty, EventType, Incident, Toll


def killed_sum():
    """The incident's killed, every group together (the tolls' counts), as an annotation: no query per row."""
    killed = (Toll.objects.filter(incident=OuterRef("pk"), outcome=Toll.Outcome.KILLED).order_by()
              .values("incident").annotate(total=Sum("count")).values("total"))
    return Coalesce(Subquery(killed, output_field=IntegerField()), Value(0))


class _Computed(Column):
    """A column whose value a function of the row gives (a place, the actors, the sources)."""

    def __init__(self, function, label, sort=None):
        super().__init__(name="", label=label, sort=sort)
        self.function = function

    def value(self, obj):
        return self.function(obj)


def place_of(incident):
    """Commune, department (or the named place, or "outside the boundaries")."""
    parts = [area.local_name for area in (incident.adm2, incident.adm1) if area is not None]
    if parts:
        return ", ".join(parts)
    return incident.location or (_("outside the boundaries") if incident.outside_boundaries else "")


def actors_of(incident):
    """Actor — other actor (the associated ones are on the incident's page)."""
    return " — ".join(str(a) for a in (incident.actor1, incident.actor2) if a is not None)


def sources_of(record):
    return "; ".join(citation.source.publisher for citation in record.citations.all())


class IncidentListView(generic.ObjectListView):
    model = Incident
    filterset_class = filtersets.IncidentFilterSet
    template_name = "operations/incident_list.html"  # the generic list, with ACLED's import and exports beside
    default_sort = ("-date", "-pk")
    columns = [
        Column("date", gettext_lazy("Date"), sort="date", link=True),
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("event_type.sub_event_type_label", gettext_lazy("Type"), sort="event_type__sub_event_type"),
        _Computed(place_of, gettext_lazy("Place"), sort="adm2__name_en"),
        _Computed(actors_of, gettext_lazy("Actors"), sort="actor1__name"),
        Column("killed", gettext_lazy("Killed"), sort="killed"),
        Column("classification", gettext_lazy("Classification"), sort="classification"),
        _Computed(sources_of, gettext_lazy("Sources")),
    ]

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("event_type", "adm1", "adm2", "actor1", "actor2")
                .defer(*INCIDENT_AREA_OUTLINES).prefetch_related("citations__source").annotate(killed=killed_sum()))


def local_time_text(incident):
    """The moment in the mission's time zone, named: "14:30 (America/Port-au-Prince)"; empty where unknown."""
    local = incident.local_time()
    return f"{local:%H:%M} ({incident.mission.time_zone})" if local else ""


class IncidentView(generic.ObjectDetailView):
    model = Incident
    template_name = "operations/incident_detail.html"

    related = ("mission", "event_type", "site", "adm1", "adm2", "actor1", "actor2")

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*INCIDENT_AREA_OUTLINES)

    def get_extra_context(self, request, obj):
        casualties = None
        if generic.may(request.user, Casualty, "view"):
            casualties = (Casualty.objects.restrict(request.user, "view").filter(incident=obj)
                          .select_related("contingent__country", "contingent__mission", "tour__person"))
        return {
            "local_time": local_time_text(obj),
            "tolls": obj.tolls.restrict(request.user, "view"),
            "units": obj.units.restrict(request.user, "view").select_related("mission", "country"),
            "associated1": obj.associated_actors1.all(),
            "associated2": obj.associated_actors2.all(),
            "casualties": casualties,
            "may_add_casualty": generic.may(request.user, Casualty, "add"),
            "may_add_toll": generic.may(request.user, Toll, "add"),
        }


class IncidentEditView(generic.ObjectEditView):
    """Record or correct an incident with its tolls and its source, through operations.services.incident_store."""

    model = Incident
    form_class = forms.IncidentForm
    template_name = "operations/incident_edit.html"

    def get_initial(self, request):
        """As any form's (?field=value), the mission also by its code (?mission=MSS, as the list takes it)."""
        initial = super().get_initial(request)
        code = initial.get("mission")
        if code and not str(code).isdigit():
            mission = Mission.objects.restrict(request.user, "view").filter(code=code).first()
            initial["mission"] = mission.pk if mission is not None else None
        return initial

    def save(self, form):
        incident = form.instance
        adding = incident._state.adding
        try:
            with transaction.atomic():
                incident = services.incident_store(
                    user=self.request.user, incident=incident, many=generic.form_many(form),
                    source=form.chosen_source(), quote=form.cleaned_data.get("quote", ""),
                    locator=form.cleaned_data.get("locator", ""))
                self.tolls_store(form.tolls, incident)
        except Exception:
            if adding:  # rolled back: the form is shown again as the new incident it still is
                incident.pk, incident._state.adding = None, True
            raise
        return incident

    def tolls_store(self, tolls, incident):
        """The toll rows, as the incident now stands: each through the one store (or removed); a row its model
        refuses is named, by row and field, on the form and in the reason that rolls the whole write back."""
        if not tolls.is_bound:
            return
        for row, toll_form in enumerate(tolls.forms, start=1):
            toll = toll_form.instance
            if toll_form in tolls.deleted_forms:
                if toll.pk is not None:
                    record_delete(record=toll)
                continue
            if toll.pk is None and not toll_form.has_changed():
                continue  # an empty row
            toll.incident = incident
            try:
                record_store(user=self.request.user, record=toll)
            except ValidationError as error:
                named = []
                for field, messages_ in error.message_dict.items():
                    toll_form.add_error(field if field in toll_form.fields else None, messages_)
                    label = toll_form.fields[field].label if field in toll_form.fields else ""
                    named.append(f"{label}: {' '.join(messages_)}" if label else " ".join(messages_))
                raise ValidationError(_("Toll row %(row)s — %(errors)s") % {"row": row, "errors": " ".join(named)},
                                      code="toll") from None


class IncidentDeleteView(generic.ObjectDeleteView):
    """Remove an incident, its casualties first (and what they wrote on the roll and strength): incident_delete."""

    model = Incident

    def post(self, request, pk):
        incident = self.get_object(request, pk)
        try:
            with transaction.atomic():
                set_message(request.POST.get("change_message", ""))
                services.incident_delete(user=request.user, incident=incident)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(incident.get_absolute_url())
        messages.success(request, _("Deleted %s.") % incident)
        return redirect("operations:incident_list")


class TollListView(generic.ObjectListView):
    model = Toll
    filterset_class = filtersets.TollFilterSet
    default_sort = ("-incident__date", "incident", "group", "outcome")
    columns = [
        Column("incident.date", gettext_lazy("Date"), sort="incident__date"),
        Column("incident", gettext_lazy("Incident"), sort="incident__title"),
        Column("group", gettext_lazy("Group"), sort="group", link=True),
        Column("outcome", gettext_lazy("Outcome"), sort="outcome", link=True),
        Column("count", gettext_lazy("Count"), sort="count"),
        Column("as_reported", gettext_lazy("As reported")),
        Column("estimate", gettext_lazy("Estimate")),
    ]

    related = ("incident__mission",)


class TollView(generic.ObjectDetailView):
    model = Toll

    related = ("incident__mission",)


class TollEditView(generic.ObjectEditView):
    model = Toll
    form_class = forms.TollEditForm


class TollDeleteView(generic.ObjectDeleteView):
    model = Toll


class ActorListView(generic.ObjectListView):
    model = Actor
    filterset_class = filtersets.ActorFilterSet
    default_sort = ("name",)
    columns = [
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("inter", gettext_lazy("ACLED inter code"), sort="inter"),
        Column("coalition", gettext_lazy("Coalition"), sort="coalition__name"),
        Column("country", gettext_lazy("Country"), sort="country__name"),
    ]

    related = ("coalition", "country")


class ActorView(generic.ObjectDetailView):
    model = Actor
    template_name = "operations/actor_detail.html"

    related = ("coalition", "country")

    def get_extra_context(self, request, obj):
        incidents = Incident.objects.restrict(request.user, "view")
        return {"members": obj.members.all(),
                "incidents_count": filtersets.IncidentFilterSet({"actor": obj.pk}, queryset=incidents,
                                                                request=request).qs.count()}


class ActorEditView(generic.ObjectEditView):
    model = Actor
    form_class = forms.ActorForm


class ActorDeleteView(generic.ObjectDeleteView):
    model = Actor


class EventTypeListView(generic.ObjectListView):
    model = EventType
    filterset_class = filtersets.EventTypeFilterSet
    default_sort = ("event_type", "sub_event_type")
    columns = [
        # ACLED's names in the reader's language (EventType's labels); sorted by the stored English.
        Column("event_type_label", gettext_lazy("Event type"), sort="event_type"),
        Column("sub_event_type_label", gettext_lazy("Sub-event type"), sort="sub_event_type", link=True),
        Column("disorder_type_label", gettext_lazy("Disorder type"), sort="disorder_type"),
        Column("acled", gettext_lazy("ACLED's")),
    ]


class EventTypeView(generic.ObjectDetailView):
    model = EventType


class EventTypeEditView(generic.ObjectEditView):
    model = EventType
    form_class = forms.EventTypeForm


class EventTypeDeleteView(generic.ObjectDeleteView):
    model = EventType


urlpatterns = [
    *crud_urls("operations/incidents", "incident", list_view=IncidentListView, detail_view=IncidentView,
               edit_view=IncidentEditView, delete_view=IncidentDeleteView),
    *crud_urls("operations/tolls", "toll", list_view=TollListView, detail_view=TollView, edit_view=TollEditView,
               delete_view=TollDeleteView),
    *crud_urls("operations/actors", "actor", list_view=ActorListView, detail_view=ActorView,
               edit_view=ActorEditView, delete_view=ActorDeleteView),
    *crud_urls("operations/event-types", "eventtype", list_view=EventTypeListView, detail_view=EventTypeView,
               edit_view=EventTypeEditView, delete_view=EventTypeDeleteView),
]
