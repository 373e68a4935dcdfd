"""Forms of sites; the invariants are the model's `clean()` (it places the site in its department and commune)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE, RestrictedModelForm

from .models import Site


class SiteForm(RestrictedModelForm):
    class Meta:
        model = Site
        fields = ["mission", "name", "kind", "latitude", "longitude", "outside_boundaries", "opened", "closed",
                  "notes"]
        widgets = {"opened": DATE, "closed": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"latitude": _("Decimal degrees, north positive: 18.5392 for Port-au-Prince."),
                      "longitude": _("Decimal degrees, east positive: -72.3350 for Port-au-Prince.")}
