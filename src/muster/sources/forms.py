from django import forms

from muster.core.forms import RestrictedModelForm

from .models import Citation, Claim, Source


class SourceForm(RestrictedModelForm):
    class Meta:
        model = Source
        fields = ["kind", "title", "publisher", "speaker", "published_on", "language", "address", "text",
                  "reliability", "credibility"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}


class ClaimForm(RestrictedModelForm):
    class Meta:
        model = Claim
        fields = ["source", "mission", "countries", "category", "metric", "as_of", "value", "status", "quote", "note"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}


class CitationForm(RestrictedModelForm):
    """Attach a source, with the words it says, to a record."""

    class Meta:
        model = Citation
        fields = ["source", "quote", "locator"]
