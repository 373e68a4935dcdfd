"""Pages of the fleet: vehicles, their basings and statuses, and their work orders."""


from django.utils.translation import gettext_lazy

from muster.core import views as generic
from muster.core.store import record_store
from muster.core.tables import Column

from .. import filtersets, forms
from ..models import Vehicle, VehicleBasing, VehicleStatus, WorkOrder


class VehicleListView(generic.ObjectListView):
    model = Vehicle
    filterset_class = filtersets.VehicleFilterSet
    default_sort = ("mission__code", "registration")
    columns = [
        Column("registration", gettext_lazy("Registration"), sort="registration", link=True),
        Column("type", gettext_lazy("Type"), sort="type"),
        Column("make_model", gettext_lazy("Make and model"), sort="make_model"),
        Column("owner", gettext_lazy("Owner or donor"), sort="owner__name"),
        Column("site.name", gettext_lazy("Site"), sort="site__name"),
        Column("mission.code", gettext_lazy("Mission"), sort="mission__code"),
        Column("acquired", gettext_lazy("Acquired"), sort="acquired"),
    ]

    related = ("owner", "site", "mission")


class VehicleView(generic.ObjectDetailView):
    model = Vehicle

    related = ("owner", "site", "mission")

    def get_extra_context(self, request, obj):
        return {"statuses": obj.statuses.restrict(request.user, "view").order_by("-since", "-pk"),
                "basings": obj.basings.restrict(request.user, "view").select_related("site").order_by("-since", "-pk"),
                "may_add_basing": generic.may(request.user, VehicleBasing, "add"),
                "work_orders": obj.work_orders.restrict(request.user, "view").select_related("contract")}


class VehicleEditView(generic.ObjectEditView):
    model = Vehicle
    form_class = forms.VehicleForm

    def save(self, form):
        vehicle = super().save(form)
        basing = getattr(form, "basing", None)
        if basing is not None and basing.pk is None:  # its first basing, given with a new vehicle
            basing.vehicle = vehicle
            # Part of the vehicle as added: its scope is the vehicle's (its mission and owner), just checked.
            record_store(user=None, record=basing)  # sets vehicle.site (VehicleBasing.save)
            vehicle.refresh_from_db(fields=["site", "version"])
        return vehicle


class VehicleDeleteView(generic.ObjectDeleteView):
    model = Vehicle


class VehicleBasingListView(generic.ObjectListView):
    model = VehicleBasing
    filterset_class = filtersets.VehicleBasingFilterSet
    default_sort = ("-since", "pk")
    columns = [
        Column("since", gettext_lazy("From"), sort="since", link=True),
        Column("vehicle", gettext_lazy("Vehicle"), sort="vehicle__registration"),
        Column("site.name", gettext_lazy("Site"), sort="site__name"),
        Column("note", gettext_lazy("Note")),
    ]

    related = ("vehicle", "site")


class VehicleBasingView(generic.ObjectDetailView):
    model = VehicleBasing

    related = ("vehicle", "site__mission")


class VehicleBasingEditView(generic.ObjectEditView):
    """Add (a move: "Move to another site" on a vehicle's page, the vehicle prefilled), correct or delete a basing;
    the vehicle's current site follows (VehicleBasing.save)."""

    model = VehicleBasing
    form_class = forms.VehicleBasingForm


class VehicleBasingDeleteView(generic.ObjectDeleteView):
    model = VehicleBasing


class VehicleStatusListView(generic.ObjectListView):
    model = VehicleStatus
    filterset_class = filtersets.VehicleStatusFilterSet
    default_sort = ("-since", "pk")
    columns = [
        Column("since", gettext_lazy("Since"), sort="since", link=True),
        Column("vehicle", gettext_lazy("Vehicle"), sort="vehicle__registration"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("note", gettext_lazy("Note")),
    ]

    related = ("vehicle",)


class VehicleStatusView(generic.ObjectDetailView):
    model = VehicleStatus


class VehicleStatusEditView(generic.ObjectEditView):
    model = VehicleStatus
    form_class = forms.VehicleStatusForm


class VehicleStatusDeleteView(generic.ObjectDeleteView):
    model = VehicleStatus


class WorkOrderListView(generic.ObjectListView):
    model = WorkOrder
    filterset_class = filtersets.WorkOrderFilterSet
    default_sort = ("-opened", "pk")
    columns = [
        Column("opened", gettext_lazy("Opened"), sort="opened", link=True),
        Column("vehicle", gettext_lazy("Vehicle"), sort="vehicle__registration"),
        Column("fault", gettext_lazy("Fault")),
        Column("contract", gettext_lazy("Contract"), sort="contract__title"),
        Column("due", gettext_lazy("Due"), sort="due"),
        Column("closed", gettext_lazy("Closed"), sort="closed"),
        Column("cost_text", gettext_lazy("Cost (USD)"), sort="cost"),
    ]

    related = ("vehicle", "contract")


class WorkOrderView(generic.ObjectDetailView):
    model = WorkOrder

    related = ("vehicle", "contract")


class WorkOrderEditView(generic.ObjectEditView):
    model = WorkOrder
    form_class = forms.WorkOrderForm


class WorkOrderDeleteView(generic.ObjectDeleteView):
    model = WorkOrder
