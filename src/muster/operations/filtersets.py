"""Filters of incidents, their tolls, actors and event types, shared by the list pages, the API and the exports.

The incident list is a mission's (`?mission=MSS`) over a period (`date_after`, `date_before`), in a department or
commune chosen by P-code (`adm1=HT01`, `adm2=HT0111`), of an event type, with an actor on either side (associated
actors too), with casualties, of a classification, sample or not.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import CHOICES_OFFERED_AT_MOST, RestrictedFilterSet
from muster.missions.filtersets import mission_filter
from muster.places.models import AdminArea

from .forms import AREA_OUTLINES, actor_label, area_label
from .models import Actor, Classification, EventType, Incident, Toll
from .selectors import involving


def area_filter(level, field_name, label):
    """A department or commune chosen by its P-code, labelled with it (HT0111 Port-au-Prince)."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, label=label, to_field_name="pcode",
        queryset=AdminArea.objects.filter(level=level).select_related("parent").defer(*AREA_OUTLINES).order_by("pcode"))


class IncidentFilterSet(RestrictedFilterSet):
    CASUALTIES = [("any", _("Anyone killed, wounded, missing or abducted")), ("killed", _("Anyone killed"))]

    choices_narrowed_by = {"adm2": {"adm1": "parent"}}
    mission = mission_filter()
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    adm1 = area_filter(AdminArea.Level.ADM1, "adm1", _("Department"))
    adm2 = area_filter(AdminArea.Level.ADM2, "adm2", _("Commune"))
    event_type = django_filters.ModelChoiceFilter(queryset=EventType.objects.all(), label=_("Event type"))
    # field_name: the document's type (an actor's id); the filter itself looks on both sides (filter_actor).
    actor = django_filters.ModelChoiceFilter(
        field_name="actor1", queryset=Actor.objects.all(), method="filter_actor", label=_("Actor"),
        help_text=_("On either side, or associated with either."))
    casualties = django_filters.ChoiceFilter(choices=CASUALTIES, method="filter_casualties", label=_("Casualties"))
    classification = django_filters.MultipleChoiceFilter(choices=Classification.choices)
    sample = django_filters.BooleanFilter(label=_("Sample (invented) incidents"))

    class Meta:
        model = Incident
        fields = ["mission", "date_after", "date_before", "adm1", "adm2", "event_type", "actor", "casualties",
                  "classification", "sample"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["actor"].label_from_instance = actor_label
        for name in ("adm1", "adm2"):
            self.form.fields[name].label_from_instance = area_label

    def filter_actor(self, queryset, name, value):
        return queryset.filter(involving([value]))  # the same condition as an actor's timeline

    def filter_casualties(self, queryset, name, value: str):
        # The hint is the schema's: without it drf-spectacular takes the type of Incident.casualties (the mission's
        # own casualties, a relation) and documents 'any' and 'killed' as integers.
        tolls = Toll.objects.filter(incident=OuterRef("pk"), count__gt=0)
        if value == "killed":
            tolls = tolls.filter(outcome=Toll.Outcome.KILLED)
        return queryset.filter(Exists(tolls))

    def narrow_choices(self):
        """The communes of the department chosen (choices_narrowed_by); and the actors, of which a field-scale
        history holds thousands: those of the mission chosen, on either side of its incidents, and none before a
        mission is chosen if there are more than a page can offer."""
        narrowed = super().narrow_choices()
        chosen = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        field = self.form.fields["actor"]
        offered = field.queryset
        if chosen.get("mission") is not None:
            incidents = Incident.objects.filter(mission=chosen["mission"])
            offered = offered.filter(
                Q(pk__in=incidents.values("actor1")) | Q(pk__in=incidents.values("actor2").exclude(actor2=None))
                | Q(pk__in=Incident.associated_actors1.through.objects.filter(incident__in=incidents).values("actor"))
                | Q(pk__in=Incident.associated_actors2.through.objects.filter(incident__in=incidents).values("actor")))
        elif offered.count() > CHOICES_OFFERED_AT_MOST:
            field.empty_label = _("— choose a mission first —")
            offered = offered.none()
        if chosen.get("actor") is not None:
            offered = offered | field.queryset.filter(pk=chosen["actor"].pk)
        field.queryset = offered
        return [*narrowed, self.form["actor"]]


class TollFilterSet(RestrictedFilterSet):
    mission = mission_filter("incident__mission")
    incident = django_filters.NumberFilter(field_name="incident", label=_("Incident"))
    group = django_filters.MultipleChoiceFilter(choices=Toll.Group.choices)
    outcome = django_filters.MultipleChoiceFilter(choices=Toll.Outcome.choices)
    date_after = django_filters.DateFilter(field_name="incident__date", lookup_expr="gte", label=_("From"))
    date_before = django_filters.DateFilter(field_name="incident__date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Toll
        fields = ["mission", "incident", "group", "outcome", "date_after", "date_before"]


class ActorFilterSet(RestrictedFilterSet):
    inter = django_filters.MultipleChoiceFilter(choices=Actor.Inter.choices, label=_("ACLED inter code"))
    coalition = django_filters.ModelChoiceFilter(queryset=Actor.objects.filter(members__isnull=False).distinct())
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Actor
        fields = ["inter", "coalition", "q"]


class EventTypeFilterSet(RestrictedFilterSet):
    event_type = django_filters.ChoiceFilter(choices=lambda: [
        (name, gettext(name)) for name in EventType.objects.order_by("event_type").values_list("event_type", flat=True)
        .distinct()], label=_("Event type"))
    acled = django_filters.BooleanFilter(label=_("ACLED's"))

    class Meta:
        model = EventType
        fields = ["event_type", "acled"]
