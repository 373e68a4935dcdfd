"""The publications' list filters, for the page and the API alike."""

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.filtersets import mission_filter

from .models import Publication


class PublicationFilterSet(RestrictedFilterSet):
    mission = mission_filter()

    class Meta:
        model = Publication
        fields = ["mission", "licence"]
