from django import forms
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE, RestrictedModelForm

from .models import Citation, Claim, Source

SOURCE_FIELDS = ("source", "new_source_title", "new_source_publisher", "new_source_kind", "new_source_published_on",
                 "new_source_address", "quote")


class CitedForm(RestrictedModelForm):
    """A record and the source it comes from: an existing source, or a new one described here (on add)."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, label=_("Source"),
        help_text=_("The statement, report or document that gives this figure. Or describe a new source below."),
    )
    new_source_title = forms.CharField(label=_("New source: title"), required=False, max_length=300)
    new_source_publisher = forms.CharField(label=_("New source: publisher"), required=False, max_length=200)
    new_source_kind = forms.ChoiceField(label=_("New source: kind"), choices=Source.Kind.choices, required=False)
    new_source_published_on = forms.DateField(label=_("New source: published on"), required=False,
                                              widget=DATE)
    new_source_address = forms.URLField(label=_("New source: address"), required=False, max_length=500)
    quote = forms.CharField(label=_("Quoted words"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # What a subclass may say differently: the kind a new source usually is, and the refusal without one.
    new_source_kind_default = Source.Kind.PRESS_STATEMENT
    missing_source_message = _("Every figure needs the source that gives it: choose one or describe a new one.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in SOURCE_FIELDS:
                del self.fields[name]
        else:
            self.fields["new_source_kind"].initial = self.new_source_kind_default

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            if cleaned.get("source") is None and not cleaned.get("new_source_title"):
                self.add_error("source", self.missing_source_message)
            if cleaned.get("new_source_title") and not cleaned.get("new_source_publisher"):
                self.add_error("new_source_publisher", _("Name who published the new source."))
        return cleaned

    def chosen_source(self):
        """The chosen source, or a new unsaved one from the form's fields (None when editing)."""
        data = self.cleaned_data
        if "source" not in self.fields:
            return None
        if data.get("source") is not None:
            return data["source"]
        return Source(kind=data.get("new_source_kind") or self.new_source_kind_default, title=data["new_source_title"],
                      publisher=data["new_source_publisher"], published_on=data.get("new_source_published_on"),
                      address=data.get("new_source_address") or "")


class SourceForm(RestrictedModelForm):
    class Meta:
        model = Source
        fields = ["kind", "title", "publisher", "speaker", "published_on", "language", "address", "text",
                  "reliability", "credibility"]
        widgets = {"published_on": DATE}


class ClaimForm(RestrictedModelForm):
    class Meta:
        model = Claim
        fields = ["source", "mission", "countries", "category", "metric", "as_of", "value", "status", "quote", "note"]
        widgets = {"as_of": DATE}


class CitationForm(RestrictedModelForm):
    """Attach a source, with the words it says, to a record."""

    class Meta:
        model = Citation
        fields = ["source", "quote", "locator"]
