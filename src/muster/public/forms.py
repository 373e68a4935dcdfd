"""What an administrator lets a mission publish."""

from muster.core.forms import RestrictedModelForm

from .models import Publication


class PublicationForm(RestrictedModelForm):
    class Meta:
        model = Publication
        fields = ["mission", "strength", "funding", "incidents", "timeline", "licence"]
