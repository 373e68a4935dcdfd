"""Pages of the mission's own casualties: a list, a casualty's page, the form that records or corrects one and the
page that removes one, each write through operations.services (casualty_record, casualty_delete), which keep the
officer's duty status and the casualty movement in step.

Casualties name officers, so they are granted like the roll (core/roles.py: J1, and a liaison for their own
country) and their exports are logged like the roll's. A casualty may be seen by someone who may not see its
incident (a liaison's officer in an incident restricted to mission staff): the incident is then given by its day
alone, never its title or place.
"""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.filtersets import RestrictedFilterSet
from muster.core.permissions import ALL, permission_filter
from muster.core.tables import Column
from muster.core.urls import crud_urls
from muster.force.models import Contingent
from muster.force.privacy import LoggedExportMixin
from muster.missions.filtersets import mission_filter
from muster.sources.forms import CitedForm

from .. import services
from ..models import Casualty, Incident


def incident_visible(user):
    """An annotation: whether `user` may see the casualty's incident (no query per row; none at all for those who
    see every incident or none)."""
    condition = permission_filter(user, Incident, "view")
    if condition is ALL or condition is None:
        return Value(condition is ALL, output_field=BooleanField())
    return Exists(Incident.objects.restrict(user, "view").filter(pk=OuterRef("incident")))


def incident_text(casualty, visible):
    """The incident as this reader may know it: its line, or only its day."""
    if visible:
        return str(casualty.incident)
    return _("An incident of %(day)s (not shared with you)") % {"day": date_format(casualty.incident.date, "j M Y")}


class CasualtyFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"contingent": {"mission": "mission"}}
    mission = mission_filter("incident__mission")
    contingent = django_filters.ModelChoiceFilter(queryset=Contingent.objects.select_related("mission", "country"))
    outcome = django_filters.MultipleChoiceFilter(choices=Casualty.Outcome.choices)
    date_after = django_filters.DateFilter(field_name="incident__date", lookup_expr="gte", label=gettext_lazy("From"))
    date_before = django_filters.DateFilter(field_name="incident__date", lookup_expr="lte", label=gettext_lazy("To"))
    named = django_filters.BooleanFilter(field_name="tour", lookup_expr="isnull", exclude=True,
                                         label=gettext_lazy("A named officer"))

    class Meta:
        model = Casualty
        fields = ["mission", "contingent", "outcome", "date_after", "date_before", "incident", "named"]


class CasualtyForm(CitedForm):
    """A casualty and the source that reports it. What it writes on the roll and strength follows from it."""

    missing_source_message = gettext_lazy("Every casualty needs the source that reports it: choose one or describe a "
                                          "new one.")

    class Meta:
        model = Casualty
        fields = ["incident", "contingent", "outcome", "tour", "count", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["contingent"].queryset = fields["contingent"].queryset.select_related("mission", "country")
        fields["tour"].label_from_instance = lambda t: f"{t.person} — {t.contingent.mission.code}"
        fields["outcome"].help_text = _("Killed, missing and evacuated out of theatre leave the contingent's strength "
                                        "(a casualty movement); wounded treated in theatre stay on it.")
        fields["tour"].help_text = _("Where the roll knows the officer: their duty status changes from the "
                                     "incident's day. Leave empty for personnel not yet named.")
        self._choices_narrow()

    def _choices_narrow(self):
        """Offer what a casualty of this incident can name, so the page stays small whatever the size of the
        history: a mission's incidents within a month of this one, and its officers (on the roll that day, before
        anything is sent; any of the mission's once sent, so that one off the roll is refused with the reason, not
        as an unknown choice). A casualty is recorded from its incident's page, which names the incident."""
        fields = self.fields
        incidents = fields["incident"].queryset.select_related("mission").order_by("-date", "-pk")
        incident = self._incident_chosen(incidents)
        tours = fields["tour"].queryset.select_related("person", "contingent__mission")
        if incident is not None:
            window = datetime.timedelta(days=31)
            incidents = incidents.filter(mission=incident.mission_id, date__gte=incident.date - window,
                                         date__lte=incident.date + window)
            tours = tours.filter(contingent__mission=incident.mission_id)
            if not self.is_bound:
                tours = tours.filter(Q(departure__isnull=True) | Q(departure__gt=incident.date),
                                     arrival__lte=incident.date)
        fields["incident"].queryset, fields["tour"].queryset = incidents, tours

    def _incident_chosen(self, incidents):
        """The incident the form is about (sent, asked for by ?incident=, or the casualty's), if the user may see
        it; None otherwise."""
        if self.is_bound:
            chosen = self.data.get(self.add_prefix("incident"))
        else:
            chosen = self.initial.get("incident") or self.instance.incident_id
        try:
            return incidents.filter(pk=int(chosen)).first() if chosen else None
        except (TypeError, ValueError):
            return None


class IncidentColumn(Column):
    """The casualty's incident, linked, for whoever may see it; its day alone for anyone else (`incident_shown`)."""

    def value(self, obj):
        return incident_text(obj, obj.incident_shown)

    def html(self, obj, record):
        if not obj.incident_shown:
            return self.value(obj)
        return format_html('<a href="{}">{}</a>', obj.incident.get_absolute_url(), self.value(obj))


class CasualtyListView(LoggedExportMixin, generic.ObjectListView):
    model = Casualty
    filterset_class = CasualtyFilterSet
    default_sort = ("-incident__date", "-pk")
    columns = [
        Column("incident.date", gettext_lazy("Date"), sort="incident__date"),
        Column("outcome", gettext_lazy("Outcome"), sort="outcome", link=True),
        Column("tour.person", gettext_lazy("Officer"), sort="tour__person__family_name"),
        Column("count", gettext_lazy("Count"), sort="count"),
        Column("contingent", gettext_lazy("Contingent"), sort="contingent__country__name"),
        IncidentColumn("incident", gettext_lazy("Incident"), sort="incident__title"),
    ]

    def get_queryset(self, request):
        return (super().get_queryset(request)
                .select_related("incident", "contingent__mission", "contingent__country", "tour__person")
                .annotate(incident_shown=incident_visible(request.user)))



class CasualtyView(generic.ObjectDetailView):
    model = Casualty
    template_name = "operations/casualty_detail.html"

    related = ("incident__mission", "contingent__mission", "contingent__country", "tour__person", "movement",
               "duty_status")

    def get_extra_context(self, request, obj):
        visible = Incident.objects.restrict(request.user, "view").filter(pk=obj.incident_id).exists()
        return {"incident_visible": visible, "incident_text": incident_text(obj, visible)}


class CasualtyEditView(generic.ObjectEditView):
    """Record or correct a casualty, with what it means for the roll and strength: services.casualty_record."""

    model = Casualty
    form_class = CasualtyForm
    template_name = "operations/casualty_edit.html"

    def save(self, form):
        return services.casualty_record(user=self.request.user, casualty=form.instance, source=form.chosen_source(),
                                        quote=form.cleaned_data.get("quote", ""))


class CasualtyDeleteView(generic.ObjectDeleteView):
    """Remove a casualty and what it wrote (its movement, the officer's duty status): services.casualty_delete."""

    model = Casualty
    template_name = "operations/casualty_delete.html"

    def post(self, request, pk):
        casualty = self.get_object(request, pk)
        try:
            with transaction.atomic():
                set_message(request.POST.get("change_message", ""))
                services.casualty_delete(user=request.user, casualty=casualty)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(casualty.get_absolute_url())
        messages.success(request, _("Deleted %s.") % casualty)
        return redirect("operations:casualty_list")


urlpatterns = crud_urls("operations/casualties", "casualty", list_view=CasualtyListView, detail_view=CasualtyView,
                        edit_view=CasualtyEditView, delete_view=CasualtyDeleteView)
