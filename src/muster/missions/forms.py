from django import forms

from muster.core.forms import RestrictedModelForm

from .models import Authorization, Mission, Organization

DATE = forms.DateInput(attrs={"type": "date"})


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


class OrganizationForm(RestrictedModelForm):
    class Meta:
        model = Organization
        fields = ["name", "abbreviation", "kind", "country"]
