"""The publications' pages for administrators: through core's generic views, as any reference data."""

from django.utils.translation import gettext_lazy as _

from muster.core import views as generic
from muster.core.tables import Column

from . import filtersets, forms
from .models import Publication


class PublicationListView(generic.ObjectListView):
    model = Publication
    filterset_class = filtersets.PublicationFilterSet
    columns = [
        Column("mission.code", _("Mission"), sort="mission__code", link=True),
        Column("strength", _("Strength")),
        Column("funding", _("Funding")),
        Column("incidents", _("Incidents")),
        Column("timeline", _("Timeline")),
        Column("licence", _("Licence"), sort="licence"),
    ]

    related = ("mission",)


class PublicationView(generic.ObjectDetailView):
    model = Publication


class PublicationEditView(generic.ObjectEditView):
    model = Publication
    form_class = forms.PublicationForm


class PublicationDeleteView(generic.ObjectDeleteView):
    model = Publication
