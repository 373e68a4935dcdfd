"""Logistics: places (administrative areas, sites), the vehicle fleet with its basing and status histories, work
orders, shipments.

Effective dates (a status or basing `since`, a work order `opened`/`closed`, a shipment `shipped`/`received`) are when
things happened in the world; `created`/`last_updated` (ChangeLoggedModel) are record time. The invariants a
logistics officer relies on — a work order cannot close before it opens, a vehicle has one status and one basing a
day, a shipment cannot arrive before it leaves — are in `clean()`, so a form, the API and a service refuse the same.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.limits import minor_units_max, personnel_max
from muster.core.models import ChangeLoggedModel
from muster.missions.models import Mission, Organization


class AdminArea(ChangeLoggedModel):
    """A department (ADM1) or commune (ADM2) from an OCHA COD-AB boundaries file, with its P-code and names.

    `geometry` is the boundary as published (GeoJSON), used to place sites; `display_geometry` is a simplified,
    rounded copy drawn on the map, so that 140 communes stay within the page-weight budget.
    """

    class Level(models.IntegerChoices):
        ADM1 = 1, _("Department (ADM1)")
        ADM2 = 2, _("Commune (ADM2)")

    pcode = models.CharField(_("P-code"), max_length=20, unique=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_ht = models.CharField(_("name (Haitian Creole)"), max_length=100, blank=True)
    valid_on = models.DateField(_("valid on"), null=True, blank=True)
    source_name = models.CharField(_("boundaries file"), max_length=200, blank=True)
    # Bounding box: a point is only tested against the areas whose box holds it (one indexed query).
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    geometry = models.JSONField(help_text=_("GeoJSON geometry as published."))
    display_geometry = models.JSONField(help_text=_("Simplified GeoJSON geometry for the map."))

    scope_paths = {}

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("administrative area")
        indexes = [models.Index(fields=["level", "min_lon", "max_lon", "min_lat", "max_lat"], name="adminarea_bbox")]

    def __str__(self):
        return f"{self.name_en} ({self.pcode})"

    def get_absolute_url(self):
        return reverse("logistics:adminarea_detail", args=[self.pk])


class Site(ChangeLoggedModel):
    """A place of the mission: headquarters, forward operating base, airport, port, hospital, warehouse."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters")
        FOB = "fob", _("Forward operating base")
        AIRPORT = "airport", _("Airport")
        PORT = "port", _("Port")
        HOSPITAL = "hospital", _("Hospital")
        WAREHOUSE = "warehouse", _("Warehouse")
        DEPLOYMENT = "deployment", _("Deployment location (UN mission)")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    latitude = models.DecimalField(max_digits=8, decimal_places=5,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(max_digits=8, decimal_places=5,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    outside_boundaries = models.BooleanField(
        _("outside the boundaries"), default=False,
        help_text=_("Tick to keep a point that lies in no loaded commune (at sea, abroad); otherwise it is refused."),
    )
    adm1 = models.ForeignKey(AdminArea, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("department"))
    adm2 = models.ForeignKey(AdminArea, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("commune"))
    opened = models.DateField(null=True, blank=True)
    closed = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code"}

    class Meta:
        ordering = ["mission", "name"]
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="site_name_unique_per_mission")]

    def __str__(self):
        return f"{self.name} ({self.mission.code})"

    def get_absolute_url(self):
        return reverse("logistics:site_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.opened and self.closed and self.closed < self.opened:
            errors["closed"] = _("A site cannot close (%(closed)s) before it opens (%(opened)s).") % {
                "closed": self.closed, "opened": self.opened}
        if errors:
            raise ValidationError(errors)
        if self.latitude is not None and self.longitude is not None:
            self.place()

    def place(self):
        """Fill the department and commune from the coordinates and the loaded boundaries (see geometry.py)."""
        from .geometry import area_locate

        self.adm1 = self.adm2 = None
        commune = area_locate(latitude=float(self.latitude), longitude=float(self.longitude))
        if commune is not None:
            self.adm2, self.adm1 = commune, commune.parent
            self.outside_boundaries = False
        elif not self.outside_boundaries and AdminArea.objects.filter(level=AdminArea.Level.ADM2).exists():
            raise ValidationError({"latitude": _(
                "The point %(lat)s, %(lon)s lies in no loaded commune (at sea, or outside the country). Check "
                "latitude and longitude, or tick “outside the boundaries” to keep it there."
            ) % {"lat": self.latitude, "lon": self.longitude}})


class SiteAssignment(ChangeLoggedModel):
    """Personnel of a contingent posted at a site from a date (until another date): who is where, by contingent."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="assignments")
    contingent = models.ForeignKey("force.Contingent", on_delete=models.PROTECT, related_name="site_assignments")
    personnel = models.PositiveIntegerField(validators=[personnel_max()],
                                            help_text=_("How many of the contingent are posted here."))
    since = models.DateField(help_text=_("First day at the site (effective date)."))
    until = models.DateField(null=True, blank=True, help_text=_("Last day at the site; empty while posted."))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "site__mission__code", "country": "contingent__country"}

    class Meta:
        ordering = ["site", "since", "pk"]
        indexes = [models.Index(fields=["site", "since", "until"], name="assignment_site_dates")]

    def __str__(self):
        return f"{self.personnel:,} of {self.contingent.country_id} at {self.site.name} from {self.since:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("logistics:siteassignment_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.since and self.until and self.until < self.since:
            errors["until"] = _("An assignment cannot end (%(until)s) before it begins (%(since)s).") % {
                "until": self.until, "since": self.since}
        if self.site_id and self.contingent_id and self.site.mission_id != self.contingent.mission_id:
            errors["contingent"] = _("This contingent serves another mission than the site's.")
        # Assignments end with their mission (a re-hat closes them: force.services.contingent_rehat).
        end = self.site.mission.end if self.site_id else None
        if end and self.since and self.since > end:
            errors["since"] = _("The %(mission)s ended on %(end)s: an assignment cannot begin after it.") % {
                "mission": self.site.mission.code, "end": end}
        elif end and self.until and self.until > end:
            errors["until"] = _("The %(mission)s ended on %(end)s: an assignment ends with its mission, on that day "
                                "at the latest.") % {"mission": self.site.mission.code, "end": end}
        if errors:
            raise ValidationError(errors)


class Posting(ChangeLoggedModel):
    """A named officer's tour posted at a site from a date, until their next posting: who is where, by name.

    Where a contingent keeps a nominal roll, its people are counted at the site of their latest posting on or
    before a date (logistics.selectors.personnel_by_site), as their duty status is their latest on or before it.
    It singles out a person, so it is granted like the roll itself (core/roles.py, ROLL), not like the sites.
    """

    # No index of its own: posting_tour_since_site starts with this column.
    tour = models.ForeignKey("force.Tour", on_delete=models.CASCADE, related_name="postings", db_index=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="postings")
    since = models.DateField(help_text=_("First day at the site (effective date)."))
    reason = models.CharField(max_length=300, blank=True, help_text=_("Why posted here, e.g. relief of a team."))
    notes = models.TextField(blank=True)

    scope_paths = {"country": "tour__contingent__country", "mission": "tour__contingent__mission__code"}
    guards = ("tour",)  # one posting a day: written under a lock on the tour

    class Meta:
        ordering = ["since", "pk"]
        constraints = [models.UniqueConstraint(fields=["tour", "since"], name="one_posting_per_tour_and_day")]
        indexes = [
            # The site of each tour on a date is its latest posting by then: with the site in the key, both
            # databases answer from the index alone, as for duty statuses and vehicle statuses.
            models.Index(fields=["tour", "since", "site"], name="posting_tour_since_site"),
        ]

    def __str__(self):
        return f"{self.tour.person} at {self.site.name} from {self.since:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("logistics:posting_detail", args=[self.pk])

    def clean(self):
        errors = {}
        # The roll import checks postings of tours it has not stored yet: the related objects, not their keys.
        tour, site = (getattr(self, name) if getattr(self, f"{name}_id") or self._meta.get_field(name).is_cached(self)
                      else None for name in ("tour", "site"))
        if tour is not None and self.since and tour.arrival:
            if self.since < tour.arrival or (tour.departure and self.since >= tour.departure):
                errors["since"] = _("%(day)s is outside the tour (%(arrival)s to %(departure)s).") % {
                    "day": self.since, "arrival": tour.arrival, "departure": tour.departure or "—"}
        if tour is not None and site is not None and site.mission_id != tour.contingent.mission_id:
            errors["site"] = _("%(site)s is a site of %(mission)s; this tour is in %(tour_mission)s.") % {
                "site": site.name, "mission": site.mission.code, "tour_mission": tour.contingent.mission.code}
        elif site is not None and self.since:
            if site.opened and self.since < site.opened:
                errors["since"] = _("%(site)s opened on %(opened)s; nobody can be posted there before.") % {
                    "site": site.name, "opened": site.opened}
            elif site.closed and self.since > site.closed:
                errors["since"] = _("%(site)s closed on %(closed)s; nobody can be posted there after.") % {
                    "site": site.name, "closed": site.closed}
        if errors:
            raise ValidationError(errors)
        # The roll import checks one posting a day itself, without a query per row.
        if self.tour_id and self.since and not getattr(self, "_same_day_checked", False):
            existing = Posting._base_manager.filter(tour_id=self.tour_id, since=self.since).exclude(pk=self.pk) \
                .select_related("site").first()
            if existing is not None:
                raise ValidationError({"since": _(
                    "This officer is already posted to %(site)s from %(day)s: one posting a day. Change that one "
                    "instead."
                ) % {"site": existing.site.name, "day": self.since}})


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

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="vehicles")
    registration = models.CharField(max_length=40)
    type = models.CharField(max_length=20, choices=Type.choices)
    make_model = models.CharField(_("make and model"), max_length=100, blank=True)
    owner = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="vehicles", verbose_name=_("owner or donor"))
    # Derived, never written by a form or the API: the site of the vehicle's latest basing (VehicleBasing), kept by
    # VehicleBasing.save() and delete(). Where it was based on a past date is in its basings, not here.
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="vehicles",
                             editable=False,
                             help_text=_("Where it is based now: the site of its latest basing."))
    acquired = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code", "organization": "owner"}

    class Meta:
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
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="basings", db_index=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="basings")
    since = models.DateField(help_text=_("First day based at the site (effective date)."))
    note = models.CharField(max_length=300, blank=True, help_text=_("Why it moved, e.g. relief of the FOB."))

    scope_paths = {"mission": "vehicle__mission__code", "organization": "vehicle__owner"}
    guards = ("vehicle",)  # one basing a day, and the vehicle's current site: written under a lock on the vehicle

    class Meta:
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

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="statuses", db_index=False)
    since = models.DateField(help_text=_("First day of this status (effective date)."))
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.CharField(max_length=300, blank=True)

    scope_paths = {"mission": "vehicle__mission__code", "organization": "vehicle__owner"}
    guards = ("vehicle",)  # one status a day: written under a lock on the vehicle

    class Meta:
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

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="work_orders")
    contract = models.ForeignKey("funding.Contract", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="work_orders", help_text=_("The maintenance contract it is done under."))
    fault = models.CharField(max_length=300)
    opened = models.DateField()
    due = models.DateField(null=True, blank=True, help_text=_("When the vehicle should be back; overdue after."))
    closed = models.DateField(null=True, blank=True)
    cost = models.PositiveBigIntegerField(null=True, blank=True, validators=[minor_units_max()],
                                          help_text=_("In US cents."))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "vehicle__mission__code", "organization": "vehicle__owner"}

    class Meta:
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

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="shipments")
    donor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="shipments")
    contents = models.CharField(max_length=300)
    origin = models.CharField(max_length=200, help_text=_("Where it leaves from, e.g. Port of Miami."))
    destination = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="shipments_received")
    transport_contract = models.ForeignKey("funding.Contract", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="shipments")
    shipped = models.DateField(null=True, blank=True, help_text=_("Day it left the origin."))
    received = models.DateField(null=True, blank=True, help_text=_("Day it was received at the destination."))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code", "organization": "donor"}

    class Meta:
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
