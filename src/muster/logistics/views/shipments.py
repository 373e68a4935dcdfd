"""Pages of shipments: what a donor sends, from where to where, when."""


from django.utils.translation import gettext_lazy

from muster.core import views as generic
from muster.core.tables import Column

from .. import filtersets, forms
from ..models import Shipment


class ShipmentListView(generic.ObjectListView):
    model = Shipment
    filterset_class = filtersets.ShipmentFilterSet
    default_sort = ("-shipped", "pk")
    columns = [
        Column("contents", gettext_lazy("Contents"), sort="contents", link=True),
        Column("donor", gettext_lazy("Donor"), sort="donor__name"),
        Column("origin", gettext_lazy("Origin")),
        Column("destination.name", gettext_lazy("Destination"), sort="destination__name"),
        Column("shipped", gettext_lazy("Left on"), sort="shipped"),
        Column("received", gettext_lazy("Received on"), sort="received"),
        Column("status", gettext_lazy("Status"), sort="status"),
    ]

    related = ("donor", "destination")


class ShipmentView(generic.ObjectDetailView):
    model = Shipment

    related = ("donor", "destination", "transport_contract")


class ShipmentEditView(generic.ObjectEditView):
    model = Shipment
    form_class = forms.ShipmentForm


class ShipmentDeleteView(generic.ObjectDeleteView):
    model = Shipment
