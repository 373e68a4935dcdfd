"""Forms of operations: an incident as a J3 officer records it (when, where, what, who, the units, its tolls and its
source, on one page), a toll on its own, actors and event types. The rules are the models' `clean()`; these forms
choose widgets, take the local time in the mission's time zone, and keep the incident and its tolls one write."""

import datetime

from django import forms
from django.forms.models import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE, TIME, RestrictedModelForm
from muster.sources.forms import CitedForm
from muster.sources.models import Source

from .models import Actor, EventType, Incident, Toll

# Choices of departments and communes name them, never draw them: their outlines stay in the database.
AREA_OUTLINES = ("geometry", "display_geometry", "parent__geometry", "parent__display_geometry")
INCIDENT_AREA_OUTLINES = ("adm1__geometry", "adm1__display_geometry", "adm2__geometry", "adm2__display_geometry")


def actor_label(actor):
    """An actor with its ACLED inter code, as a form offers it: "Viv Ansanm (3: Political militia)"."""
    return f"{actor.name} ({actor.inter}: {actor.get_inter_display()})"


def area_label(area):
    """A department or commune by its P-code first, as the field lists them: "HT0111 Port-au-Prince (West)"."""
    return f"{area.pcode} {area.local_name}" + (f" ({area.parent.local_name})" if area.parent_id else "")


def local_moment(*, day, time, zone):
    """The moment `time` on `day` in `zone`, or None for a time the clocks skipped there (the hour lost when
    daylight saving begins). A time that comes twice (the hour repeated when it ends) is its first."""
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    back = moment.astimezone(datetime.UTC).astimezone(zone)
    return moment if back.replace(tzinfo=None) == moment.replace(tzinfo=None) else None


def units_of_other_missions(mission, units):
    """A refusal naming the units given that are not contingents of `mission`, or None (a many-to-many relation,
    which Incident.clean cannot see)."""
    others = [unit for unit in units if unit.mission_id != mission.pk]
    if not others:
        return None
    return _("%(units)s: not a contingent of %(mission)s.") % {
        "units": ", ".join(str(unit) for unit in others), "mission": mission.code}


class TollForm(forms.ModelForm):
    """One group's killed, wounded, missing or abducted, as reported and as counted: a row of the incident's form."""

    class Meta:
        model = Toll
        fields = ["group", "outcome", "count", "as_reported", "estimate"]
        widgets = {"count": forms.NumberInput(attrs={"min": 0, "class": "narrow"}),
                   "as_reported": forms.TextInput(attrs={"size": 12})}


# Three empty rows: an incident's tolls are seldom more (killed and wounded of one or two groups). The rows are
# checked against each other for Toll's one row per group and outcome.
TollFormSet = inlineformset_factory(Incident, Toll, form=TollForm, extra=3, can_delete=True)


class IncidentForm(CitedForm):
    """An incident and the source that reports it (an existing one, or a new one with its grade), with its tolls
    (`self.tolls`, rows of the same page: changed, added and removed with the incident, in one transaction).

    The time, where known, is entered in the mission's time zone beside the day and stored in UTC
    (Incident.occurred_at); the day then follows from it there (Incident.clean)."""

    time = forms.TimeField(
        label=_("Local time"), required=False, widget=TIME,
        help_text=_("Where known: the time in the mission's time zone (America/Port-au-Prince for the MSS)."))
    new_source_reliability = forms.ChoiceField(label=_("New source: reliability"), choices=Source.Reliability.choices,
                                               initial=Source.Reliability.F, required=False)
    new_source_credibility = forms.ChoiceField(label=_("New source: credibility"), choices=Source.Credibility.choices,
                                               initial=Source.Credibility.CANNOT_JUDGE, required=False)
    locator = forms.CharField(label=_("Where in the source"), required=False, max_length=200,
                              help_text=_("A page, paragraph or time stamp."))

    missing_source_message = _("Every incident needs the source that reports it: choose one or describe a new one.")
    new_source_kind_default = Source.Kind.NEWS_ARTICLE

    class Meta:
        model = Incident
        fields = ["mission", "title", "date", "time", "time_precision", "event_type",
                  "site", "latitude", "longitude", "location", "adm2", "adm1", "geo_precision", "outside_boundaries",
                  "actor1", "associated_actors1", "actor2", "associated_actors2", "civilian_targeting",
                  "units", "personnel_involved", "narrative", "classification", "sample"]
        widgets = {"date": DATE, "narrative": forms.Textarea(attrs={"rows": 5}),
                   **{name: forms.SelectMultiple(attrs={"size": 4})
                      for name in ("associated_actors1", "associated_actors2", "units")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        if "source" not in fields:  # an edit: the incident's sources are cited on its page
            for name in ("new_source_reliability", "new_source_credibility", "locator"):
                del fields[name]
        else:  # after the source's own fields: the grade of a new source, where the quote is
            for name in ("new_source_reliability", "new_source_credibility", "quote", "locator"):
                fields[name] = fields.pop(name)
        fields["mission"].queryset = fields["mission"].queryset.order_by("-start")
        self._event_types_grouped()
        for name in ("actor1", "associated_actors1", "actor2", "associated_actors2"):
            fields[name].label_from_instance = actor_label
        for name in ("adm1", "adm2"):
            fields[name].queryset = fields[name].queryset.select_related("parent").defer(*AREA_OUTLINES).order_by(
                "pcode")
            fields[name].label_from_instance = area_label
        fields["site"].queryset = fields["site"].queryset.select_related("mission")
        fields["units"].queryset = fields["units"].queryset.select_related("mission", "country")
        fields["units"].help_text = _("The mission's contingents that took part.")
        self._offered_for_the_mission()
        if self.instance.pk is not None and self.instance.occurred_at is not None:
            local = self.instance.local_time()
            self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))
            self.initial["date"] = local.date()
        self.tolls = self._tolls_formset(args[0] if args else kwargs.get("data"))

    def _offered_for_the_mission(self):
        """A form opened for a mission (an incident's edit, or ?mission=MSS) offers that mission's sites and units
        only: a field-scale history holds thousands of each. A form sent back is checked against every choice the
        user may see, so that a unit of another mission is refused in the words of the rule (clean)."""
        if self.is_bound:
            return
        mission = self.instance.mission_id if self.instance.pk else self.initial.get("mission")
        mission = getattr(mission, "pk", mission)
        if mission in (None, ""):
            return
        try:
            mission = int(mission)
        except (TypeError, ValueError):
            return
        for name in ("site", "units"):
            self.fields[name].queryset = self.fields[name].queryset.filter(mission_id=mission)

    def _event_types_grouped(self):
        """The sub-event types under their event type (Battles: Armed clash, …), as ACLED's codebook lists them."""
        field = self.fields["event_type"]
        groups = {}
        for kind in field.queryset.order_by("event_type", "sub_event_type"):
            groups.setdefault(kind.event_type_label, []).append((kind.pk, kind.sub_event_type_label))
        field.choices = [("", field.empty_label), *groups.items()]

    def _tolls_formset(self, data):
        # Bound only to a request that sends the rows (a browser always does); one that sends none leaves the tolls
        # as they are.
        sent = data is not None and "tolls-TOTAL_FORMS" in data
        return TollFormSet(data if sent else None, instance=self.instance, prefix="tolls",
                           queryset=Toll.objects.filter(incident=self.instance) if self.instance.pk
                           else Toll.objects.none())

    def clean(self):
        cleaned = super().clean()
        mission, day, time = cleaned.get("mission"), cleaned.get("date"), cleaned.get("time")
        if mission is not None and day is not None:
            if time is None:
                self.instance.occurred_at = None
            else:
                moment = local_moment(day=day, time=time, zone=mission.zone)
                if moment is None:
                    self.add_error("time", _("%(time)s did not happen on %(day)s in %(zone)s: the clocks moved "
                                             "forward an hour. Give the time as the source gives it, after the "
                                             "change.") % {"time": time.strftime("%H:%M"), "day": day,
                                                           "zone": mission.time_zone})
                else:
                    self.instance.occurred_at = moment.astimezone(datetime.UTC)
        if mission is not None and cleaned.get("units"):
            refused = units_of_other_missions(mission, cleaned["units"])
            if refused:
                self.add_error("units", refused)
        if cleaned.get("outside_boundaries") and cleaned.get("latitude") is None:
            self.add_error("outside_boundaries", _("Only a point (latitude and longitude) can lie outside the "
                                                   "boundaries."))
        return cleaned

    def is_valid(self):
        """The incident and, once it is valid (the tolls check themselves against it: mission personnel involved),
        its toll rows."""
        valid = super().is_valid()
        return valid and (not self.tolls.is_bound or self.tolls.is_valid())

    def chosen_source(self):
        source = super().chosen_source()
        if source is not None and source.pk is None:
            source.reliability = self.cleaned_data.get("new_source_reliability") or Source.Reliability.F
            source.credibility = self.cleaned_data.get("new_source_credibility") or Source.Credibility.CANNOT_JUDGE
        return source


class TollEditForm(RestrictedModelForm):
    """A toll on its own page (most are entered as rows of the incident's form)."""

    class Meta:
        model = Toll
        fields = ["incident", "group", "outcome", "count", "as_reported", "estimate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = self.fields["incident"].queryset.select_related("mission")


class ActorForm(RestrictedModelForm):
    class Meta:
        model = Actor
        fields = ["name", "inter", "coalition", "country", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coalition"].label_from_instance = actor_label
        if self.instance.pk is not None:
            self.fields["coalition"].queryset = self.fields["coalition"].queryset.exclude(pk=self.instance.pk)


class EventTypeForm(RestrictedModelForm):
    class Meta:
        model = EventType
        fields = ["disorder_type", "event_type", "sub_event_type", "acled"]

