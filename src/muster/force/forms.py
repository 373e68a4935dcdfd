"""Forms of the force: a contingent, a movement recorded with the source that reported it, the roll, and who is
posted where."""

from django import forms
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE, RestrictedModelForm
from muster.core.uploads import UploadField
from muster.missions.models import Mission
from muster.places.models import Site
from muster.sources.forms import CitedForm

from .models import Contingent, DutyStatus, GenderTarget, Movement, Person, Posting, SiteAssignment, Tour


class ContingentForm(RestrictedModelForm):
    class Meta:
        model = Contingent
        fields = ["mission", "country", "category", "parent_service", "pledged_strength", "predecessor", "notes"]


class MovementForm(CitedForm):
    """A movement and its source: an existing one, or a new one described here."""

    missing_source_message = _("Every movement needs the source that reports it: choose one or describe a new one.")

    class Meta:
        model = Movement
        fields = ["contingent", "kind", "date", "count", "men", "women", "unknown", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contingent"].queryset = self.fields["contingent"].queryset.select_related("mission", "country")
        for name in ("men", "women", "unknown"):
            self.fields[name].required = False
        self.fields["unknown"].help_text = _("Leave blank: whoever is not counted as a man or a woman.")

    def clean(self):
        cleaned = self.cleaned_data
        for name in ("men", "women"):
            if cleaned.get(name) is None:
                cleaned[name] = 0
        if cleaned.get("unknown") is None and cleaned.get("count") is not None:
            # Left blank: whoever is not counted as a man or a woman is of unknown sex.
            cleaned["unknown"] = max(cleaned["count"] - cleaned["men"] - cleaned["women"], 0)
        return super().clean()


class PersonForm(RestrictedModelForm):
    class Meta:
        model = Person
        fields = ["country", "service_number", "family_name", "given_names", "rank", "grade", "sex", "date_of_birth",
                  "specialty", "languages"]
        widgets = {"date_of_birth": DATE}


class TourForm(RestrictedModelForm):
    class Meta:
        model = Tour
        fields = ["person", "contingent", "arrival", "planned_end", "departure", "departure_reason"]
        widgets = {name: DATE for name in ("arrival", "planned_end", "departure")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_end"].required = False
        self.fields["contingent"].queryset = self.fields["contingent"].queryset.select_related("mission", "country")


class DutyStatusForm(RestrictedModelForm):
    class Meta:
        model = DutyStatus
        fields = ["tour", "since", "status", "reason"]
        widgets = {"since": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tour"].queryset = self.fields["tour"].queryset.select_related(
            "person", "contingent__mission")


class GenderTargetForm(RestrictedModelForm):
    class Meta:
        model = GenderTarget
        fields = ["mission", "category", "share", "target_year", "source"]


class RollUploadForm(forms.Form):
    """A nominal roll file for one contingent: the preview step."""

    contingent = forms.ModelChoiceField(queryset=Contingent.objects.select_related("mission", "country"),
                                        label=_("Contingent"))
    file = UploadField(label=_("Roll (XLSX or CSV)"),
                       help_text=_("One row per officer; the first row names the columns."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only contingents the user may add people to: a liaison sees their own country's.
        self.fields["contingent"].queryset = self.fields["contingent"].queryset.restrict(user, "view")


class ContributionTableForm(forms.Form):
    """A published contribution table (IPI monthly or UN by gender) and the mission whose figures to take."""

    fmt = forms.ChoiceField(label=_("Table"), choices=[
        ("ipi", _("IPI Peacekeeping Database, monthly by gender (Gender.Full)")),
        ("un", _("UN Peacekeeping, contributions by gender"))])
    mission = forms.ModelChoiceField(queryset=Mission.objects.all(), to_field_name="code", label=_("Mission"),
                                     help_text=_("Its code as the table writes it, e.g. MINUSTAH."))
    file = UploadField(label=_("Table (CSV)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.restrict(user, "view").order_by("code")


class RollCommitForm(forms.Form):
    contingent = forms.ModelChoiceField(queryset=Contingent.objects.all(), widget=forms.HiddenInput)
    token = forms.RegexField(regex=r"^[0-9a-f]{64}\.(xlsx|csv)$", widget=forms.HiddenInput)
    filename = forms.CharField(max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contingent"].queryset = Contingent.objects.restrict(user, "view")


class DutyStatusBulkForm(forms.Form):
    """Select officers, set one status from one date with one reason."""

    tours = forms.ModelMultipleChoiceField(queryset=Tour.objects.none(), widget=forms.CheckboxSelectMultiple,
                                           label=_("Officers"))
    since = forms.DateField(label=_("From"), widget=DATE)
    status = forms.ChoiceField(choices=DutyStatus.Status.choices, label=_("Status"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))

    def __init__(self, *args, tours, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tours"].queryset = tours
        self.fields["tours"].label_from_instance = lambda t: f"{t.person} — {t.contingent.country_id}"


class SiteAssignmentForm(RestrictedModelForm):
    class Meta:
        model = SiteAssignment
        fields = ["site", "contingent", "personnel", "since", "until"]
        widgets = {"since": DATE, "until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = self.fields["site"].queryset.select_related("mission")
        self.fields["contingent"].queryset = self.fields["contingent"].queryset.select_related("mission", "country")


class PostingForm(RestrictedModelForm):
    class Meta:
        model = Posting
        fields = ["tour", "site", "since", "reason", "notes"]
        widgets = {"since": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tour"].queryset = self.fields["tour"].queryset.select_related("person", "contingent__mission")
        self.fields["site"].queryset = self.fields["site"].queryset.select_related("mission")


class PostingBulkForm(forms.Form):
    """Select officers of the roll, post them to one site from one date."""

    tours = forms.ModelMultipleChoiceField(queryset=Tour.objects.none(), widget=forms.CheckboxSelectMultiple,
                                           label=_("Officers"))
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    since = forms.DateField(label=_("From"), widget=DATE)
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))

    def __init__(self, *args, tours, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tours"].queryset = tours
        # Where each officer is now (the `posted_at` annotation of the view), so nobody is posted twice unseen.
        self.fields["tours"].label_from_instance = lambda t: " — ".join(
            str(part) for part in (t.person, t.contingent.country_id, t.posted_at or _("not posted")))
        self.fields["site"].queryset = sites
