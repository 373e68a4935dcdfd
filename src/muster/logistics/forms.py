"""Forms of logistics records; the invariants are the models' `clean()`, so these only choose widgets."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE, RestrictedModelForm
from muster.funding.models import Category
from muster.places.models import Site

from .models import Shipment, Vehicle, VehicleBasing, VehicleStatus, WorkOrder


class VehicleForm(RestrictedModelForm):
    """A vehicle; where it is based is its basings' (Vehicle.site is derived). Adding one may give its first
    basing ("Based at", "since"): `self.basing`, checked here and stored by the view with the vehicle, in one
    transaction (logistics.views.fleet.VehicleEditView); later moves are basings of their own."""

    based_at = forms.ModelChoiceField(queryset=Site.objects.none(), required=False, label=_("Based at"),
                                      help_text=_("Where it is based first; later moves are recorded on its page."))
    based_since = forms.DateField(required=False, label=_("Based there since"), widget=DATE,
                                  help_text=_("Empty: the day it was acquired."))

    class Meta:
        model = Vehicle
        fields = ["mission", "registration", "type", "make_model", "owner", "acquired", "notes"]
        widgets = {"acquired": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["based_at"], self.fields["based_since"]
        else:
            self.fields["based_at"].queryset = Site.objects.restrict(self.user, "view").select_related("mission")

    def _post_clean(self):
        super()._post_clean()
        site = self.cleaned_data.get("based_at")
        if site is None or "based_at" not in self.fields:
            return
        since = self.cleaned_data.get("based_since") or self.cleaned_data.get("acquired")
        if since is None:
            self.add_error("based_since", _("Give the day it was first based there (or the day it was acquired)."))
            return
        self.basing = VehicleBasing(vehicle=self.instance, site=site, since=since)
        try:
            self.basing.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error({"site": "based_at", "since": "based_since"}.get(field, None), messages)


class VehicleBasingForm(RestrictedModelForm):
    class Meta:
        model = VehicleBasing
        fields = ["vehicle", "site", "since", "note"]
        widgets = {"since": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = self.fields["vehicle"].queryset.select_related("mission")
        self.fields["site"].queryset = self.fields["site"].queryset.select_related("mission")


class VehicleStatusForm(RestrictedModelForm):
    class Meta:
        model = VehicleStatus
        fields = ["vehicle", "since", "status", "note"]
        widgets = {"since": DATE}


class WorkOrderForm(RestrictedModelForm):
    class Meta:
        model = WorkOrder
        fields = ["vehicle", "contract", "fault", "opened", "due", "closed", "cost"]
        widgets = {"opened": DATE, "due": DATE, "closed": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Work orders are done under maintenance contracts; others are not offered.
        self.fields["contract"].queryset = self.fields["contract"].queryset.filter(
            category=Category.VEHICLE_MAINTENANCE)


class ShipmentForm(RestrictedModelForm):
    class Meta:
        model = Shipment
        fields = ["mission", "donor", "contents", "origin", "destination", "transport_contract", "shipped",
                  "received", "status"]
        widgets = {"shipped": DATE, "received": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = self.fields["destination"].queryset.select_related("mission")
        self.fields["transport_contract"].queryset = self.fields["transport_contract"].queryset.filter(
            category__in=[Category.TRANSPORT, Category.BASE_LOGISTICS, Category.EQUIPMENT])


