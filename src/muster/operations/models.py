"""Operations: what happened. Incidents (when, where, what, who, with what consequences, on whose word), the mission's
own casualties in them (one act with the roll and strength: operations.services), and the situation reports issued
from the records.

ACLED's vocabulary is the reference: its event and sub-event types, its actor "inter" codes, its time and
geographic precision, so that an incident goes out to ACLED's columns and comes back in without loss
(operations.acled). Muster adds what a mission needs and ACLED does not record: accidents, the units involved, the
figures as they were reported beside the number used, a classification.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from muster.core.limits import personnel_max
from muster.core.models import ChangeLoggedModel
from muster.force.models import Contingent, DutyStatus, Movement, Tour
from muster.missions.models import Country, Mission
from muster.places.models import AdminArea, Site


class EventType(ChangeLoggedModel):
    """An ACLED event type and sub-event type (reference data), or one of Muster's own for what ACLED does not
    record (an accident)."""

    disorder_type = models.CharField(_("disorder type"), max_length=60, blank=True,
                                     help_text=_("ACLED's: Political violence, Demonstrations, Strategic "
                                                 "developments. Empty for a type of Muster's own."))
    event_type = models.CharField(_("event type"), max_length=60)
    sub_event_type = models.CharField(_("sub-event type"), max_length=80)
    acled = models.BooleanField(_("ACLED's"), default=True,
                                help_text=_("One of ACLED's types; the others are Muster's own (accidents)."))

    scope_paths = {}

    class Meta:
        verbose_name_plural = _("event types")
        ordering = ["event_type", "sub_event_type"]
        verbose_name = _("event type")
        constraints = [models.UniqueConstraint(fields=["event_type", "sub_event_type"], name="event_type_unique")]

    def __str__(self):
        return f"{self.event_type_label}: {self.sub_event_type_label}"

    def get_absolute_url(self):
        return reverse("operations:eventtype_detail", args=[self.pk])

    # The stored names stay ACLED's English, which its files and exports use; a reader sees them in their language
    # (ACLED_TERMS puts them in the catalogues).
    @property
    def event_type_label(self):
        return gettext(self.event_type)

    @property
    def sub_event_type_label(self):
        return gettext(self.sub_event_type)

    @property
    def disorder_type_label(self):
        return "; ".join(gettext(part) for part in self.disorder_type.split("; ")) if self.disorder_type else ""


# ACLED's codebook terms (operations/migrations/0002_acled_event_types.py loads them) and Muster's own, marked for
# the catalogues: an administrator's new type shows as written until a translation is added.
ACLED_TERMS = (
    gettext_noop("Political violence"), gettext_noop("Demonstrations"), gettext_noop("Strategic developments"),
    gettext_noop("Battles"), gettext_noop("Armed clash"), gettext_noop("Government regains territory"),
    gettext_noop("Non-state actor overtakes territory"), gettext_noop("Explosions/Remote violence"),
    gettext_noop("Chemical weapon"), gettext_noop("Air/drone strike"), gettext_noop("Suicide bomb"),
    gettext_noop("Shelling/artillery/missile attack"), gettext_noop("Remote explosive/landmine/IED"),
    gettext_noop("Grenade"), gettext_noop("Violence against civilians"), gettext_noop("Sexual violence"),
    gettext_noop("Attack"), gettext_noop("Abduction/forced disappearance"), gettext_noop("Protests"),
    gettext_noop("Peaceful protest"), gettext_noop("Protest with intervention"),
    gettext_noop("Excessive force against protesters"), gettext_noop("Riots"), gettext_noop("Violent demonstration"),
    gettext_noop("Mob violence"), gettext_noop("Agreement"), gettext_noop("Arrests"),
    gettext_noop("Change to group/activity"), gettext_noop("Disrupted weapons use"),
    gettext_noop("Headquarters or base established"), gettext_noop("Looting/property destruction"),
    gettext_noop("Non-violent transfer of territory"), gettext_noop("Other"), gettext_noop("Accidents"),
    gettext_noop("Vehicle accident"), gettext_noop("Other accident"),
)


class Actor(ChangeLoggedModel):
    """A party to incidents, by ACLED's actor name and "inter" code: an armed group (a coalition such as Viv Ansanm,
    or one of its member gangs), the national police, the mission, civilians."""

    class Inter(models.IntegerChoices):
        STATE_FORCES = 1, _("State forces")
        REBEL_GROUP = 2, _("Rebel group")
        POLITICAL_MILITIA = 3, _("Political militia")
        IDENTITY_MILITIA = 4, _("Identity militia")
        RIOTERS = 5, _("Rioters")
        PROTESTERS = 6, _("Protesters")
        CIVILIANS = 7, _("Civilians")
        EXTERNAL_FORCES = 8, _("External/other forces")

    name = models.CharField(max_length=200, unique=True, help_text=_("As ACLED names it, e.g. Viv Ansanm, "
                                                                      "Police Forces of Haiti (2021-)."),
                            verbose_name=_("name"))
    inter = models.PositiveSmallIntegerField(_("ACLED inter code"), choices=Inter.choices)
    coalition = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="members",
                                  help_text=_("The coalition this group belongs to, e.g. a gang of Viv Ansanm."),
                                  verbose_name=_("coalition"))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text=_("For state forces: whose."), verbose_name=_("country"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    scope_paths = {}

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("operations:actor_detail", args=[self.pk])

    def clean(self):
        if self.coalition_id and self.pk and self.coalition_id == self.pk:
            raise ValidationError({"coalition": _("A group cannot be its own coalition.")})


class Classification(models.TextChoices):
    """Who may read an incident: the mission's staff only, the contributing countries too, or anyone."""

    RESTRICTED = "restricted", _("Restricted to mission staff")
    SHAREABLE = "shareable", _("Shareable with contributing countries")
    PUBLIC = "public", _("Public")


class Incident(ChangeLoggedModel):
    """Something that happened in a mission's area, on a day of the mission's time zone, as its sources report it."""

    class TimePrecision(models.IntegerChoices):
        DAY = 1, _("The day is known")
        WEEK = 2, _("Within a week")
        MONTH = 3, _("Within a month")

    class GeoPrecision(models.IntegerChoices):
        EXACT = 1, _("The place itself")
        NEAR = 2, _("Near the place, or part of a region")
        PROVINCE = 3, _("Only the region (department) is known")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("mission"))
    acled_id = models.CharField(_("ACLED event id"), max_length=30, blank=True,
                                help_text=_("ACLED's event_id_cnty, e.g. HTI12345, for an event imported from it."))
    title = models.CharField(max_length=200, help_text=_("A line that says what happened."), verbose_name=_("title"))
    # The day in the mission's time zone: how the SITREP cuts its days and how ACLED dates an event.
    date = models.DateField(help_text=_("The day it happened, in the mission's time zone."), verbose_name=_("date"))
    occurred_at = models.DateTimeField(
        _("time"), null=True, blank=True,
        help_text=_("The moment, where it is known (stored in UTC, entered and shown in the mission's time zone)."))
    time_precision = models.PositiveSmallIntegerField(_("time precision"), choices=TimePrecision.choices,
                                                      default=TimePrecision.DAY)
    event_type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="incidents",
                                   verbose_name=_("event type"))
    # Where: a site of the mission, a point, or a named place in a commune; the department and commune are filled
    # from the site or the point (places.geometry) or given by P-code.
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents",
                             verbose_name=_("site"))
    location = models.CharField(max_length=200, blank=True, help_text=_("The named place, e.g. Pont-Sondé."),
                                verbose_name=_("location"))
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)],
                                   verbose_name=_("latitude"))
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)],
                                    verbose_name=_("longitude"))
    geo_precision = models.PositiveSmallIntegerField(_("geographic precision"), choices=GeoPrecision.choices,
                                                     default=GeoPrecision.EXACT)
    outside_boundaries = models.BooleanField(
        _("outside the boundaries"), default=False,
        help_text=_("Tick to keep a point that lies in no loaded commune, unplaced; otherwise it is refused."))
    adm1 = models.ForeignKey(AdminArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("department"), limit_choices_to={"level": AdminArea.Level.ADM1})
    adm2 = models.ForeignKey(AdminArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("commune"), limit_choices_to={"level": AdminArea.Level.ADM2},
                             help_text=_("Give the commune for a named place without a point; a site or a point "
                                         "places itself."))
    actor1 = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="incidents_as_actor1",
                               verbose_name=_("actor"))
    associated_actors1 = models.ManyToManyField(Actor, blank=True, related_name="+",
                                                verbose_name=_("associated actors"))
    actor2 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="incidents_as_actor2", verbose_name=_("other actor"))
    associated_actors2 = models.ManyToManyField(Actor, blank=True, related_name="+",
                                                verbose_name=_("actors associated with the other"))
    civilian_targeting = models.BooleanField(_("civilians targeted"), default=False)
    units = models.ManyToManyField(Contingent, blank=True, related_name="incidents",
                                   verbose_name=_("mission units involved"))
    personnel_involved = models.PositiveIntegerField(
        _("mission personnel involved"), null=True, blank=True, validators=[personnel_max()],
        help_text=_("How many of the mission's personnel took part, where known."))
    narrative = models.TextField(blank=True, verbose_name=_("narrative"))
    classification = models.CharField(max_length=12, choices=Classification.choices,
                                      default=Classification.RESTRICTED, verbose_name=_("classification"))
    sample = models.BooleanField(default=False, help_text=_(
        "An illustration (the demo's invented incidents), never to be presented as a fact."), verbose_name=_("sample"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code", "classification": "classification", "country": "units__country"}

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "acled_id"], condition=~models.Q(acled_id=""),
                                    name="incident_acled_id_unique_per_mission"),
        ]
        indexes = [
            # The commune map and the SITREP read one mission's incidents over a period, by commune: with the
            # department and the classification (a liaison's scope) in it, the map's count reads the index alone,
            # never the rows (half the time on SQLite for a large mission's quarter, bench/incidents.py).
            models.Index(fields=["mission", "date", "adm2", "adm1", "classification"], name="incident_map_covering"),
        ]

    def __str__(self):
        return f"{self.date:%d %b %Y}: {self.title}"

    def get_absolute_url(self):
        return reverse("operations:incident_detail", args=[self.pk])

    @property
    def interaction(self):
        """ACLED's interaction code: the two actors' inter codes, lower first (18); a lone actor's followed by 0
        (80: the mission's armoured vehicle overturned, no other party)."""
        if self.actor1_id is None:
            return None
        if self.actor2_id is None:
            return self.actor1.inter * 10
        low, high = sorted((self.actor1.inter, self.actor2.inter))
        return low * 10 + high

    def local_time(self):
        """The moment in the mission's time zone, or None."""
        return self.occurred_at.astimezone(self.mission.zone) if self.occurred_at else None

    def clean(self):
        errors = {}
        if self.mission_id and self.occurred_at:
            # The day follows from the moment, in the mission's time zone (23:30 on the 23rd there is the 24th UTC).
            self.date = self.occurred_at.astimezone(self.mission.zone).date()
        if self.mission_id and self.date:
            mission = self.mission
            if self.date < mission.start:
                errors["date"] = _("%(mission)s started on %(start)s; an incident of it cannot be dated before.") % {
                    "mission": mission.code, "start": mission.start}
            elif mission.end and self.date > mission.end:
                errors["date"] = _("%(mission)s ended on %(end)s; an incident of it cannot be dated after.") % {
                    "mission": mission.code, "end": mission.end}
        if self.site_id and self.mission_id and self.site.mission_id != self.mission_id:
            errors["site"] = _("%(site)s is a site of %(mission)s.") % {"site": self.site.name,
                                                                          "mission": self.site.mission.code}
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude" if self.latitude is None else "longitude"] = _("Give both latitude and longitude.")
        if self.actor2_id and self.actor2_id == self.actor1_id:
            errors["actor2"] = _("The other actor is the actor itself: leave it empty.")
        if errors:
            raise ValidationError(errors)
        self.place()

    def place(self):
        """Fill the department and commune: from the site, else from the point, else from the commune given."""
        from muster.places.geometry import area_locate

        if self.site_id:
            site = self.site
            self.latitude, self.longitude = site.latitude, site.longitude
            self.adm1_id, self.adm2_id = site.adm1_id, site.adm2_id
            self.location = self.location or site.name
            return
        if self.latitude is not None:
            commune = area_locate(latitude=float(self.latitude), longitude=float(self.longitude))
            if commune is not None:
                self.adm2, self.adm1 = commune, commune.parent
                self.outside_boundaries = False
            elif self.outside_boundaries or not AdminArea.objects.filter(level=AdminArea.Level.ADM2).exists():
                self.adm1 = self.adm2 = None  # kept, unplaced
            else:
                raise ValidationError({"latitude": _(
                    "The point %(lat)s, %(lon)s lies in no loaded commune (at sea, or outside the country). Check "
                    "latitude and longitude, or tick “outside the boundaries” to keep it unplaced."
                ) % {"lat": self.latitude, "lon": self.longitude}})
            return
        if self.adm2_id:
            if self.adm2.level != AdminArea.Level.ADM2:
                raise ValidationError({"adm2": _("%(area)s is not a commune.") % {"area": self.adm2}})
            self.adm1_id = self.adm2.parent_id
            return
        if self.adm1_id:
            if self.adm1.level != AdminArea.Level.ADM1:
                raise ValidationError({"adm1": _("%(area)s is not a department.") % {"area": self.adm1}})
            return
        raise ValidationError({"location": _("Say where: a site, a point (latitude and longitude), or the commune "
                                             "or department of the named place.")})


class Toll(ChangeLoggedModel):
    """People killed, wounded, missing or abducted in an incident, in one group, as reported and as counted."""

    class Group(models.TextChoices):
        CIVILIANS = "civilians", _("Civilians")
        POLICE = "police", _("National police")
        MISSION = "mission", _("Mission personnel")
        ARMED_GROUP = "armed_group", _("Armed-group members")
        UNKNOWN = "unknown", _("Not known")

    class Outcome(models.TextChoices):
        KILLED = "killed", _("Killed")
        WOUNDED = "wounded", _("Wounded")
        MISSING = "missing", _("Missing")
        ABDUCTED = "abducted", _("Abducted")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tolls", verbose_name=_("incident"))
    group = models.CharField(max_length=12, choices=Group.choices, verbose_name=_("group"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, verbose_name=_("outcome"))
    count = models.PositiveIntegerField(validators=[personnel_max()],
                                        help_text=_("The number used in sums: the reported one, or the lower bound "
                                                    "of a range."), verbose_name=_("count"))
    as_reported = models.CharField(_("as reported"), max_length=100, blank=True,
                                   help_text=_("The figure as the source gives it: “8 to 10”, “at least 20”."))
    estimate = models.BooleanField(default=False, help_text=_("The count is an estimate, not a tally."),
                                   verbose_name=_("estimate"))

    scope_paths = {"mission": "incident__mission__code", "classification": "incident__classification",
                   "country": "incident__units__country"}
    guards = ("incident",)

    class Meta:
        verbose_name = _("toll")
        verbose_name_plural = _("tolls")
        ordering = ["incident", "group", "outcome"]
        constraints = [models.UniqueConstraint(fields=["incident", "group", "outcome"], name="one_toll_per_group")]
        indexes = [
            # An incident's killed on the commune map, read from the index alone (bench/incidents.py).
            models.Index(fields=["incident", "outcome", "count"], name="toll_incident_outcome_count"),
        ]

    def __str__(self):
        return f"{self.count:,} {self.get_group_display().lower()} {self.get_outcome_display().lower()}"

    def get_absolute_url(self):
        return reverse("operations:toll_detail", args=[self.pk])

    def clean(self):
        if self.group == self.Group.MISSION and self.incident_id and self.count is not None:
            involved = self.incident.personnel_involved
            if involved is not None and self.count > involved:
                raise ValidationError({"count": _(
                    "%(count)s mission personnel %(outcome)s, but %(involved)s were involved in the incident."
                ) % {"count": self.count, "outcome": self.get_outcome_display().lower(), "involved": involved}})


class Casualty(ChangeLoggedModel):
    """One of the mission's own personnel (or several, unnamed) killed, wounded, missing or evacuated in an incident.

    Recording it is one act (operations.services.casualty_record): the officer's duty status on the roll, where
    the roll knows them, and, where it changes strength, a casualty movement on the contingent, all citing the same
    source; removing it removes them. Wounded treated in theatre stay on strength; an evacuation out of theatre,
    a death or a disappearance takes them off it.
    """

    class Outcome(models.TextChoices):
        KILLED = "killed", _("Killed")
        WOUNDED = "wounded", _("Wounded, treated in theatre")
        MEDEVAC = "medevac", _("Evacuated out of theatre")
        MISSING = "missing", _("Missing")

    # The movement an outcome records (none: strength unchanged) and the duty status it gives the officer.
    MOVEMENT_KIND = {Outcome.KILLED: Movement.Kind.KILLED, Outcome.MEDEVAC: Movement.Kind.MEDEVAC,
                     Outcome.MISSING: Movement.Kind.MISSING}
    DUTY_STATUS = {Outcome.KILLED: DutyStatus.Status.KILLED, Outcome.WOUNDED: DutyStatus.Status.WOUNDED,
                   Outcome.MEDEVAC: DutyStatus.Status.MEDEVAC, Outcome.MISSING: DutyStatus.Status.MISSING}

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="casualties",
                                 verbose_name=_("incident"))
    contingent = models.ForeignKey(Contingent, on_delete=models.PROTECT, related_name="casualties",
                                   verbose_name=_("contingent"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, verbose_name=_("outcome"))
    tour = models.ForeignKey(Tour, null=True, blank=True, on_delete=models.PROTECT, related_name="casualties",
                             verbose_name=_("officer"),
                             help_text=_("The officer's tour on the nominal roll, where the roll knows them."))
    count = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1), personnel_max()],
                                        help_text=_("1 for a named officer; more for several not yet named."),
                                        verbose_name=_("count"))
    # What the act wrote, so that correcting or removing it corrects or removes exactly that.
    movement = models.OneToOneField(Movement, null=True, blank=True, editable=False, on_delete=models.PROTECT,
                                    related_name="casualty", verbose_name=_("movement"))
    duty_status = models.OneToOneField(DutyStatus, null=True, blank=True, editable=False, on_delete=models.PROTECT,
                                       related_name="casualty", verbose_name=_("duty status"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "incident__mission__code", "country": "contingent__country",
                   "classification": "incident__classification"}
    guards = ("contingent",)  # its movement changes strength, never below nobody

    class Meta:
        verbose_name = _("casualty")
        ordering = ["incident", "pk"]
        verbose_name_plural = _("casualties")

    def __str__(self):
        who = str(self.tour.person) if self.tour_id else f"{self.count:,} of {self.contingent.country_id}"
        return f"{who}: {self.get_outcome_display().lower()}"

    def get_absolute_url(self):
        return reverse("operations:casualty_detail", args=[self.pk])

    @property
    def changes_strength(self):
        return self.outcome in self.MOVEMENT_KIND


class Sitrep(ChangeLoggedModel):
    """A situation report as issued: its figures and text frozen, with who issued it and when. A correction is a
    new version of the same mission, day and period; the earlier stays as it was issued."""

    class Period(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="sitreps", verbose_name=_("mission"))
    on = models.DateField(_("day"), help_text=_("The last day the report covers, in the mission's time zone."))
    period = models.CharField(max_length=8, choices=Period.choices, default=Period.DAILY, verbose_name=_("period"))
    version = models.PositiveSmallIntegerField(default=1, verbose_name=_("version"))
    assessment = models.TextField(_("commander's assessment"), blank=True)
    content = models.JSONField(editable=False, help_text=_("The compiled report as issued (reports.sitrep)."),
                               verbose_name=_("content"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False,
                                  related_name="+", verbose_name=_("issued by"))
    issued_by_name = models.CharField(_("issued by"), max_length=150, editable=False)
    correction = models.TextField(blank=True, help_text=_("For a new version: what it corrects."),
                                  verbose_name=_("correction"))

    scope_paths = {"mission": "mission__code"}

    class Meta:
        verbose_name_plural = _("situation reports")
        ordering = ["mission", "-on", "period", "-version"]
        verbose_name = _("situation report")
        constraints = [models.UniqueConstraint(fields=["mission", "on", "period", "version"],
                                               name="one_sitrep_version")]

    def __str__(self):
        return f"SITREP {self.mission.code} {self.get_period_display().lower()} {self.on:%d %b %Y} v{self.version}"

    def get_absolute_url(self):
        return reverse("reports:sitrep_issued", args=[self.pk])
