import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE, RestrictedModelForm

from .models import Appointment, Authorization, Mission, Organization, mission_report_day, mission_today


class MissionForm(RestrictedModelForm):
    class Meta:
        model = Mission
        fields = ["code", "name", "lead_country", "start", "end", "predecessor", "tour_length_months", "time_zone",
                  "description"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].required = False  # left empty: UTC, the model's default

    def clean_time_zone(self):
        return self.cleaned_data.get("time_zone") or "UTC"


class AuthorizationForm(RestrictedModelForm):
    class Meta:
        model = Authorization
        fields = ["mission", "instrument", "adopted", "expires", "personnel_ceiling", "ceiling_by_category", "summary"]
        widgets = {"adopted": DATE, "expires": DATE}


class AppointmentForm(RestrictedModelForm):
    class Meta:
        model = Appointment
        fields = ["mission", "person", "role", "country", "since", "until"]
        widgets = {"since": DATE, "until": DATE}


class OrganizationForm(RestrictedModelForm):
    class Meta:
        model = Organization
        fields = ["name", "abbreviation", "kind", "country"]


# Dates a report can be asked for: wide enough for any mission, narrow enough for date arithmetic.
REPORT_DATES = (datetime.date(1945, 1, 1), datetime.date(2199, 12, 31))


class ReportDateField(forms.DateField):
    """A date as YYYY-MM-DD whose refusal quotes what was typed: Django's DateField refuses without the value, which
    left "“%(value)s” is not a date" unfilled in the API's answer and the command's line."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as refusal:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from refusal


class MissionDateForm(forms.Form):
    """A mission and a date: the parameters of every report (its page, its API endpoint, its `muster` command) and
    the date of the bulk forms. One parser, so that "6 Feb" or 2025-02-30 is refused alike wherever it is typed.

    `missions` is what the asker may see (`Mission.objects.restrict(user, "view")`; every mission for the system): a
    code outside it is refused as one that does not exist. An empty `on` is the mission's today, in its time zone
    (missions.models.mission_today); with `ended`, a mission that has ended opens on its last day, with a note
    (mission_report_day). Each door says a refusal its own way: a page falls back on the default date with a note
    (`page_parameters`), the API answers 400 naming `on`, a command exits with one line.
    """

    # The code, looked up among `missions` by clean_mission (not a choice field: nobody picks from every mission).
    mission = forms.CharField()
    on = ReportDateField(required=False, input_formats=["%Y-%m-%d"],
                         error_messages={"invalid": _("“%(value)s” is not a date in the form YYYY-MM-DD.")})

    def __init__(self, data, *, missions=None, mission=None, ended=False, mission_required=True):
        """`mission`: a page about one mission already found (a site's page) reads only the date, for it."""
        super().__init__(data)
        self.chosen = mission
        if mission is not None:
            del self.fields["mission"]
        else:
            self.missions = missions
            self.fields["mission"].required = mission_required
        self.ended = ended
        self.note = None

    def clean_mission(self):
        code = self.cleaned_data["mission"]
        if not code:  # none asked for, where none is needed
            return None
        mission = self.missions.filter(code=code).first()
        if mission is None:
            raise ValidationError(_("No mission with code “%(value)s”."), code="invalid_choice", params={"value": code})
        return mission

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on is not None and not REPORT_DATES[0] <= on <= REPORT_DATES[1]:
            raise ValidationError(self.fields["on"].error_messages["invalid"], code="invalid",
                                  params={"value": self.data.get("on")})
        return on

    def clean(self):
        data = super().clean()
        if self.chosen is not None:
            data["mission"] = self.chosen
        if data.get("on") is None and "on" not in self._errors:
            data["on"], self.note = self.default_day(data.get("mission"))
        return data

    def default_day(self, mission):
        """(the day a report opens on when none is asked for, a note when it is not the mission's today)."""
        if mission is None:  # no mission chosen (a bulk form for every mission): the server's today
            return timezone.localdate(), None
        return mission_report_day(mission) if self.ended else (mission_today(mission), None)

    def page_parameters(self):
        """(mission, day, note) for a page, which always shows something: a date that is not one falls back on the
        default, with a note saying so. A page answers 404 for a mission that is not one before it asks."""
        self.is_valid()
        mission = self.cleaned_data.get("mission")
        if "on" not in self.errors:
            return mission, self.cleaned_data["on"], self.note
        default, note = self.default_day(mission)
        raw = self.data.get("on")
        if note:
            return mission, default, f"{_('“%s” is not a date.') % raw} {note}"
        return mission, default, _("“%s” is not a date; showing today.") % raw
