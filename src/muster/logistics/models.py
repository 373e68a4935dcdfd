"""Logistics: the vehicle fleet with its basing and status histories, work orders, shipments; at the sites of
`places`.

Effective dates (a status or basing `since`, a work order `opened`/`closed`, a shipment `shipped`/`received`) are when
things happened in the world; `created`/`last_updated` (ChangeLoggedModel) are record time. The invariants a
logistics officer relies on — a work order cannot close before it opens, a vehicle has one status and one basing a
day, a shipment cannot arrive before it leaves — are in `clean()`, so a form, the API and a service refuse the same.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.limits import minor_units_max
from muster.core.models import ChangeLoggedModel
from muster.missions.models import Mission, Organization
from muster.places.models import Site


class Vehicle(ChangeLoggedModel):
    """One vehicle of the fleet: what it is, who owns or donated it, where it is based now (its basings say where it
    was based on any date)."""

    class Type(models.TextChoices):
        ARMOURED = "armoured", _("Armoured personnel carrier")
        MRAP = "mrap", _("Mine-resistant ambush-protected (MRAP)")
        PATROL = "patrol", _("Patrol car")
        PICKUP = "pickup", _("Pickup")
        AMBULANCE = "ambulance", _("Ambulance")
        TRUCK = "truck", _("Truck")
        BUS = "bus", _("Bus")
        OTHER = "other", _("Other")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("mission"))
    registration = models.CharField(max_length=40, verbose_name=_("registration"))
    type = models.CharField(max_length=20, choices=Type.choices, verbose_name=_("type"))
    make_model = models.CharField(_("make and model"), max_length=100, blank=True)
    owner = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="vehicles", verbose_name=_("owner or donor"))
    # Derived, never written by a form or the API: the site of the vehicle's latest basing (VehicleBasing), kept by
    # VehicleBasing.save() and delete(). Where it was based on a past date is in its basings, not here.
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="vehicles",
                             editable=False,
                             help_text=_("Where it is based now: the site of its latest basing."),
                             verbose_name=_("site"))
    acquired = models.DateField(null=True, blank=True, verbose_name=_("acquired"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code", "organization": "owner"}

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["mission", "registration"]
        constraints = [models.UniqueConstraint(fields=["mission", "registration"],
                                               name="vehicle_registration_unique_per_mission")]

    def __str__(self):
        return f"{self.registration} ({self.get_type_display()})"

    def get_absolute_url(self):
        return reverse("logistics:vehicle_detail", args=[self.pk])

    def clean(self):
        # Its basings are at sites of its mission: a vehicle based somewhere cannot change mission (on "mission",
        # the field a form or the API changes; the site is derived).
        if self.pk is not None and self.mission_id:
            elsewhere = (VehicleBasing._base_manager.filter(vehicle_id=self.pk)
                         .exclude(site__mission_id=self.mission_id).select_related("site__mission")
                         .order_by("-since").first())
            if elsewhere is not None:
                raise ValidationError({"mission": _(
                    "This vehicle is based at %(site)s (a site of %(mission)s) from %(day)s: its basings must be at "
                    "sites of its mission. Change or delete its basings first."
                ) % {"site": elsewhere.site.name, "mission": elsewhere.site.mission.code, "day": elsewhere.since}})


class VehicleBasing(ChangeLoggedModel):
    """Where a vehicle is based from a date on (effective date), until its next basing: the history that readiness
    by site at a past date is computed from (logistics.selectors.fleet_readiness).

    The one writer of `Vehicle.site`: save() and delete() leave it the site of the vehicle's latest basing, or None
    when it has none, inside the same transaction — whichever path stores the basing (its pages, the API, the
    vehicle form's first basing, services.vehicle_base, the demo). The vehicle's version moves on and its history
    records the new site, so an edit of the vehicle opened before the move is refused as stale, not overwriting it.
    Bulk writes (QuerySet.update/delete, bulk_create) bypass this: don't use them on basings.
    """

    # No index of its own: vehiclebasing_covering starts with this column.
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="basings", db_index=False,
                                verbose_name=_("vehicle"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="basings", verbose_name=_("site"))
    since = models.DateField(help_text=_("First day based at the site (effective date)."), verbose_name=_("since"))
    note = models.CharField(max_length=300, blank=True, help_text=_("Why it moved, e.g. relief of the FOB."),
                            verbose_name=_("note"))

    scope_paths = {"mission": "vehicle__mission__code", "organization": "vehicle__owner"}
    guards = ("vehicle",)  # one basing a day, and the vehicle's current site: written under a lock on the vehicle

    class Meta:
        verbose_name = _("vehicle basing")
        verbose_name_plural = _("vehicle basings")
        ordering = ["vehicle", "since", "pk"]
        constraints = [models.UniqueConstraint(fields=["vehicle", "since"], name="one_vehicle_basing_per_day")]
        indexes = [
            # Readiness by site at a date reads each vehicle's latest basing on or before it: with the site in the
            # key, both databases answer from the index alone, as for statuses (vehiclestatus_covering).
            models.Index(fields=["vehicle", "since", "site"], name="vehiclebasing_covering"),
        ]

    def __str__(self):
        return f"{self.vehicle.registration} at {self.site.name} from {self.since:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("logistics:vehiclebasing_detail", args=[self.pk])

    def clean(self):
        errors = {}
        # The vehicle form checks the first basing of a vehicle it has not stored yet: the objects, not their keys.
        vehicle, site = (
            getattr(self, name) if getattr(self, f"{name}_id") or self._meta.get_field(name).is_cached(self) else None
            for name in ("vehicle", "site"))
        if vehicle is not None and site is not None and vehicle.mission_id and site.mission_id != vehicle.mission_id:
            errors["site"] = _("%(site)s is a site of %(mission)s; this vehicle is in %(vehicle_mission)s.") % {
                "site": site.name, "mission": site.mission.code, "vehicle_mission": vehicle.mission.code}
        elif site is not None and self.since:
            if site.opened and self.since < site.opened:
                errors["since"] = _("%(site)s opened on %(opened)s; no vehicle can be based there before.") % {
                    "site": site.name, "opened": site.opened}
            elif site.closed and self.since > site.closed:
                errors["since"] = _("%(site)s closed on %(closed)s; no vehicle can be based there after.") % {
                    "site": site.name, "closed": site.closed}
        if errors:
            raise ValidationError(errors)
        if self.vehicle_id and self.since:
            existing = (VehicleBasing._base_manager.filter(vehicle_id=self.vehicle_id, since=self.since)
                        .exclude(pk=self.pk).select_related("site").first())
            if existing is not None:
                raise ValidationError({"since": _(
                    "%(vehicle)s is already based at %(site)s from %(day)s: a vehicle has one basing a day. Change "
                    "that one instead."
                ) % {"vehicle": self.vehicle, "site": existing.site.name, "day": self.since}})

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            # A basing moved to another vehicle leaves the first one's site to follow its remaining basings.
            before = None if self._state.adding or self.pk is None else (
                VehicleBasing._base_manager.filter(pk=self.pk).values_list("vehicle_id", flat=True).first())
            super().save(*args, **kwargs)
            for vehicle_id in sorted({self.vehicle_id, before} - {None}):
                vehicle_site_sync(vehicle_id)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            vehicle_id = self.vehicle_id
            result = super().delete(*args, **kwargs)
            vehicle_site_sync(vehicle_id)
        return result


def vehicle_site_sync(vehicle_id):
    """Set `Vehicle.site` to the site of the vehicle's latest basing (None without one), saving the vehicle — a
    new version, in its history — only when it changes. Called by VehicleBasing.save() and delete() alone."""
    vehicle = Vehicle._base_manager.filter(pk=vehicle_id).first()
    if vehicle is None:  # the vehicle itself is being deleted (its basings go with it)
        return
    latest = (VehicleBasing._base_manager.filter(vehicle_id=vehicle_id).order_by("-since")
              .values_list("site_id", flat=True).first())
    if vehicle.site_id != latest:
        vehicle.site_id = latest
        vehicle.save(update_fields=["site", "version", "last_updated"])


class VehicleStatus(ChangeLoggedModel):
    """A vehicle's status from a date on, until the next: the history readiness is computed from."""

    class Status(models.TextChoices):
        OPERATIONAL = "operational", _("Operational (mission-capable)")
        MAINTENANCE = "maintenance", _("Under maintenance")
        NMC = "nmc", _("Non-mission-capable")
        WRITTEN_OFF = "written_off", _("Written off")

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="statuses", db_index=False,
                                verbose_name=_("vehicle"))
    since = models.DateField(help_text=_("First day of this status (effective date)."), verbose_name=_("since"))
    status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("status"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))

    scope_paths = {"mission": "vehicle__mission__code", "organization": "vehicle__owner"}
    guards = ("vehicle",)  # one status a day: written under a lock on the vehicle

    class Meta:
        verbose_name = _("vehicle status")
        ordering = ["vehicle", "since", "pk"]
        verbose_name_plural = _("vehicle statuses")
        constraints = [models.UniqueConstraint(fields=["vehicle", "since"], name="one_vehicle_status_per_day")]
        indexes = [
            # Readiness at a date reads each vehicle's latest status on or before it: with the status in the key,
            # both databases answer from the index alone (see bench/fleet.py).
            models.Index(fields=["vehicle", "since", "status"], name="vehiclestatus_covering"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} from {self.since:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("logistics:vehiclestatus_detail", args=[self.pk])

    def clean(self):
        if self.vehicle_id and self.since:
            other = VehicleStatus._base_manager.filter(vehicle_id=self.vehicle_id, since=self.since).exclude(pk=self.pk)
            existing = other.first()
            if existing is not None:
                raise ValidationError({"since": _(
                    "%(vehicle)s already has a status on %(day)s (%(status)s): a vehicle has one status a day. "
                    "Change that one instead."
                ) % {"vehicle": self.vehicle, "day": self.since, "status": existing.get_status_display()}})


class WorkOrder(ChangeLoggedModel):
    """Maintenance of one vehicle under a contract: opened on a breakdown, closed when it returns to service."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="work_orders",
                                verbose_name=_("vehicle"))
    contract = models.ForeignKey("funding.Contract", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="work_orders", help_text=_("The maintenance contract it is done under."),
                                 verbose_name=_("contract"))
    fault = models.CharField(max_length=300, verbose_name=_("fault"))
    opened = models.DateField(verbose_name=_("opened"))
    due = models.DateField(null=True, blank=True, help_text=_("When the vehicle should be back; overdue after."),
                           verbose_name=_("due"))
    closed = models.DateField(null=True, blank=True, verbose_name=_("closed"))
    cost = models.PositiveBigIntegerField(null=True, blank=True, validators=[minor_units_max()],
                                          help_text=_("In US cents."), verbose_name=_("cost"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "vehicle__mission__code", "organization": "vehicle__owner"}

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-opened", "pk"]
        indexes = [models.Index(fields=["contract", "opened"], name="workorder_contract_opened")]

    def __str__(self):
        return f"{self.vehicle.registration}: {self.fault} ({self.opened:%d %b %Y})"[:200]

    def get_absolute_url(self):
        return reverse("logistics:workorder_detail", args=[self.pk])

    @property
    def cost_text(self):
        return "" if self.cost is None else f"${self.cost / 100:,.2f}"

    def clean(self):
        errors = {}
        if self.opened and self.closed and self.closed < self.opened:
            errors["closed"] = _("A work order cannot close (%(closed)s) before it opens (%(opened)s).") % {
                "closed": self.closed, "opened": self.opened}
        if self.opened and self.due and self.due < self.opened:
            errors["due"] = _("A work order cannot be due before it opens.")
        if self.contract_id and self.vehicle_id and self.contract.mission_id != self.vehicle.mission_id:
            errors["contract"] = _("This contract is another mission's.")
        if errors:
            raise ValidationError(errors)


class Shipment(ChangeLoggedModel):
    """An equipment delivery from a donor: what, from where, to which site, under which transport contract."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")
        LOST = "lost", _("Lost or diverted")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("mission"))
    donor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("donor"))
    contents = models.CharField(max_length=300, verbose_name=_("contents"))
    origin = models.CharField(max_length=200, help_text=_("Where it leaves from, e.g. Port of Miami."),
                              verbose_name=_("origin"))
    destination = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="shipments_received",
                                    verbose_name=_("destination"))
    transport_contract = models.ForeignKey("funding.Contract", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="shipments", verbose_name=_("transport contract"))
    shipped = models.DateField(null=True, blank=True, help_text=_("Day it left the origin."), verbose_name=_("shipped"))
    received = models.DateField(null=True, blank=True, help_text=_("Day it was received at the destination."),
                                verbose_name=_("received"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED, verbose_name=_("status"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code", "organization": "donor"}

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-shipped", "pk"]

    def __str__(self):
        return f"{self.contents} → {self.destination.name}"[:200]

    def get_absolute_url(self):
        return reverse("logistics:shipment_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.shipped and self.received and self.received < self.shipped:
            errors["received"] = _("A shipment cannot be received (%(received)s) before it leaves (%(shipped)s).") % {
                "received": self.received, "shipped": self.shipped}
        if self.received and not self.shipped:
            errors["shipped"] = _("Give the day it left as well as the day it was received.")
        if self.status == self.Status.RECEIVED and not self.received:
            errors["received"] = _("A received shipment needs the day it was received.")
        if self.status == self.Status.IN_TRANSIT and not self.shipped:
            errors["shipped"] = _("A shipment in transit needs the day it left.")
        if self.destination_id and self.mission_id and self.destination.mission_id != self.mission_id:
            errors["destination"] = _("This site belongs to another mission.")
        if errors:
            raise ValidationError(errors)
