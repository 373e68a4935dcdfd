"""The force: contingents, the movements that change their strength, the nominal roll, and who is where: the
assignments of contingents and the postings of the roll's officers at the sites of `places`."""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, F, IntegerField, Sum, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.limits import personnel_max
from muster.core.models import ChangeLoggedModel
from muster.missions.models import Country, Mission, Organization, PersonnelCategory
from muster.places.models import Site


class Contingent(ChangeLoggedModel):
    """A contributing country's body of personnel of one category in one mission."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="contingents",
                                verbose_name=_("mission"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="contingents",
                                verbose_name=_("contributing country"))
    category = models.CharField(max_length=20, choices=PersonnelCategory.choices, verbose_name=_("category"))
    parent_service = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="contingents",
        help_text=_("The service the personnel come from, e.g. Kenya National Police Service."),
        verbose_name=_("parent service"),
    )
    pledged_strength = models.PositiveIntegerField(null=True, blank=True, validators=[personnel_max()],
                                                   help_text=_("The strength the country has pledged."),
                                                   verbose_name=_("pledged strength"))
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors",
        help_text=_("The contingent of the predecessor mission this one was re-hatted from."),
        verbose_name=_("predecessor"),
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"country": "country", "mission": "mission__code"}

    class Meta:
        verbose_name = _("contingent")
        verbose_name_plural = _("contingents")
        ordering = ["mission", "country__name", "category"]
        constraints = [
            # One contingent of a category per country and mission, whatever its service: with the service in the
            # key, an empty one (NULL) let duplicates in.
            models.UniqueConstraint(fields=["mission", "country", "category"], name="contingent_unique"),
        ]

    def __str__(self):
        return f"{self.country.name} — {self.get_category_display()} ({self.mission.code})"

    def get_absolute_url(self):
        return reverse("force:contingent_detail", args=[self.pk])

    def clean(self):
        if self.predecessor_id and self.predecessor.country_id != self.country_id:
            raise ValidationError({"predecessor": _("A contingent can only be re-hatted from its own country's.")})


class Movement(ChangeLoggedModel):
    """Personnel entering or leaving a contingent on a date (effective time), as a source reported it."""

    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("Arrival")
        ROTATION_IN = "rotation_in", _("Rotation in")
        TRANSFER_IN = "transfer_in", _("Transfer in (re-hatted)")
        DEPARTURE = "departure", _("Departure")
        ROTATION_OUT = "rotation_out", _("Rotation out")
        TRANSFER_OUT = "transfer_out", _("Transfer out (re-hatted)")
        KILLED = "killed", _("Casualty: killed")
        MISSING = "missing", _("Casualty: missing")
        MEDEVAC = "medevac", _("Casualty: medically evacuated")

    INWARD = (Kind.ARRIVAL, Kind.ROTATION_IN, Kind.TRANSFER_IN)
    OUTWARD = (Kind.DEPARTURE, Kind.ROTATION_OUT, Kind.TRANSFER_OUT, Kind.KILLED, Kind.MISSING, Kind.MEDEVAC)

    # No index of its own: movement_strength_covering starts with this column.
    contingent = models.ForeignKey(Contingent, on_delete=models.PROTECT, related_name="movements", db_index=False,
                                   verbose_name=_("contingent"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    date = models.DateField(help_text=_("When it happened (effective date)."), verbose_name=_("date"))
    count = models.PositiveIntegerField(validators=[personnel_max()], verbose_name=_("count"))
    men = models.PositiveIntegerField(default=0, validators=[personnel_max()], verbose_name=_("men"))
    women = models.PositiveIntegerField(default=0, validators=[personnel_max()], verbose_name=_("women"))
    unknown = models.PositiveIntegerField(_("sex unknown"), default=0, validators=[personnel_max()])
    note = models.TextField(blank=True, verbose_name=_("note"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"country": "contingent__country", "mission": "contingent__mission__code"}
    # Strength never below nobody is a rule over all of a contingent's movements: written under a lock on it.
    guards = ("contingent",)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["date", "pk"]
        indexes = [
            # strength_at reads one mission's contingents' movements up to a date: with every summed column in
            # the key, both databases answer from the index alone (PostgreSQL: index-only scan; SQLite:
            # covering index), about 3x faster at 1,000,000 movements (bench/README.md). Key columns, not
            # INCLUDE, because SQLite ignores INCLUDE.
            models.Index(fields=["contingent", "date", "kind", "count", "men", "women", "unknown"],
                         name="movement_strength_covering"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.count:,} on {self.date:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("force:movement_detail", args=[self.pk])

    @property
    def source_list(self):
        """The publishers of the sources cited, for lists (uses prefetched citations)."""
        return "; ".join(citation.source.publisher for citation in self.citations.all())

    @property
    def sign(self):
        return -1 if self.kind in self.OUTWARD else 1

    def clean(self):
        errors = {}
        if None not in (self.count, self.men, self.women, self.unknown):
            parts = self.men + self.women + self.unknown
            if parts != self.count:
                errors["count"] = _(
                    "Men (%(men)s) + women (%(women)s) + sex unknown (%(unknown)s) make %(parts)s, not the "
                    "count of %(count)s."
                ) % {"men": self.men, "women": self.women, "unknown": self.unknown, "parts": parts,
                     "count": self.count}
        if self.count == 0:
            errors["count"] = _("A movement moves at least one person.")
        if self.contingent_id and self.date:
            mission = self.contingent.mission
            if self.date < mission.start:
                errors["date"] = _("%(mission)s started on %(start)s; a movement cannot be dated before it.") % {
                    "mission": mission.code, "start": mission.start}
            elif mission.end and self.date > mission.end:
                errors["date"] = _("%(mission)s ended on %(end)s; a movement cannot be dated after it.") % {
                    "mission": mission.code, "end": mission.end}
        if errors:
            raise ValidationError(errors)
        if self.contingent_id and self.date and self.count and self.kind:
            self._check_strength_never_negative()

    def clean_delete(self):
        self._check_strength_never_negative(removing=True)

    def _check_strength_never_negative(self, *, removing=False):
        """Refuse a movement (or its removal) that leaves the contingent with fewer than nobody on any date."""
        net_by_day = dict(
            Movement.objects.filter(contingent_id=self.contingent_id).exclude(pk=self.pk)
            .values("date").annotate(net=Sum(signed("count"))).values_list("date", "net")
        )
        if not removing:
            net_by_day[self.date] = net_by_day.get(self.date, 0) + self.sign * self.count
        running = 0
        for day in sorted(net_by_day):
            running += net_by_day[day]
            if running < 0:
                if removing:
                    raise ValidationError(_(
                        "Without this movement %(contingent)s would have %(strength)s personnel on %(day)s: "
                        "remove or correct the later departures first."
                    ) % {"contingent": self.contingent, "strength": running, "day": day})
                raise ValidationError({"count": _(
                    "This would leave %(contingent)s with %(strength)s personnel on %(day)s: it cannot have "
                    "fewer than none. Record the arrivals first."
                ) % {"contingent": self.contingent, "strength": running, "day": day}})


def signed(field_name):
    """A movement's field as it changes strength: positive inward, negative outward."""
    return Case(When(kind__in=Movement.OUTWARD, then=-F(field_name)), default=F(field_name),
                output_field=IntegerField())


# ---------------------------------------------------------------------------------------------------------
# The nominal roll: people, their tours in missions, and their duty status day by day.
#
# Everything below names or singles out a person, so it has its own object types (force.person, force.tour,
# force.dutystatus) and its own grants (core/roles.py: ROLL): only the personnel officer, the administrator
# and the person's own country's liaison hold them. Everyone else reads the roll only through aggregates
# (force/selectors.py), with small cells suppressed (force/privacy.py).
# ---------------------------------------------------------------------------------------------------------

NATO_GRADE = r"^(OF-(10|[1-9]|D)|OR-[1-9]|WO-[1-5])$"


class Person(ChangeLoggedModel):
    """One officer of a contributing country, known by service number; the same person across tours."""

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="people",
                                verbose_name=_("contributing country"))
    service_number = models.CharField(_("service number"), max_length=40)
    family_name = models.CharField(_("family name"), max_length=100)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    rank = models.CharField(max_length=60, help_text=_("As the service writes it, e.g. Inspector, Sergeant."),
                            verbose_name=_("rank"))
    grade = models.CharField(
        max_length=5, validators=[RegexValidator(
            NATO_GRADE, _("Use a NATO rank code: OF-1 to OF-10, OF-D, OR-1 to OR-9 or WO-1 to WO-5."))],
        help_text=_("NATO rank code (STANAG 2116), comparable across services: OF-3, OR-6, …"),
        verbose_name=_("grade"),
    )
    sex = models.CharField(max_length=6, choices=Sex.choices, verbose_name=_("sex"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    specialty = models.CharField(max_length=100, blank=True, verbose_name=_("specialty"))
    languages = models.CharField(max_length=100, blank=True, help_text=_("ISO 639-1 codes, e.g. en, fr, ht."),
                                 verbose_name=_("languages"))

    scope_paths = {"country": "country"}

    class Meta:
        verbose_name = _("person")
        ordering = ["country", "family_name", "given_names", "service_number"]
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["country", "service_number"], name="person_service_number_per_country"),
        ]

    def __str__(self):
        return f"{self.rank} {self.family_name.upper()}, {self.given_names} ({self.country_id} {self.service_number})"

    def get_absolute_url(self):
        return reverse("force:person_detail", args=[self.pk])


class Tour(ChangeLoggedModel):
    """A person's service in one contingent: arrival, planned end, and departure once they leave."""

    class Reason(models.TextChoices):
        END_OF_TOUR = "end_of_tour", _("End of tour")
        REPATRIATED = "repatriated", _("Repatriated")
        MEDEVAC = "medevac", _("Medical evacuation")
        KILLED = "killed", _("Killed")
        DISCIPLINARY = "disciplinary", _("Disciplinary")
        TRANSFER = "transfer", _("Transferred")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tours", verbose_name=_("person"))
    contingent = models.ForeignKey(Contingent, on_delete=models.PROTECT, related_name="tours",
                                   verbose_name=_("contingent"))
    arrival = models.DateField(help_text=_("First day in the mission (effective date)."), verbose_name=_("arrival"))
    planned_end = models.DateField(_("planned end"), blank=True,
                                   help_text=_("Left blank: arrival plus the mission's tour length."))
    departure = models.DateField(null=True, blank=True, help_text=_("Day of leaving; not on strength that night."),
                                 verbose_name=_("departure"))
    departure_reason = models.CharField(_("reason for leaving"), max_length=20, choices=Reason.choices, blank=True)

    scope_paths = {"country": "contingent__country", "mission": "contingent__mission__code"}
    guards = ("person",)  # one tour at a time: written under a lock on the person

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["arrival", "pk"]
        indexes = [
            # The roll on a date: one mission's contingents, tours started by then.
            models.Index(fields=["contingent", "arrival", "departure"], name="tour_contingent_dates"),
        ]

    def __str__(self):
        return f"{self.person} — {self.contingent.mission.code} from {self.arrival:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("force:tour_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.contingent_id and self.arrival:
            mission = self.contingent.mission
            if not self.planned_end:
                self.planned_end = add_months(self.arrival, mission.tour_length_months)
            if self.arrival < mission.start:
                errors["arrival"] = _("%(mission)s started on %(start)s; a tour cannot begin before it.") % {
                    "mission": mission.code, "start": mission.start}
        if self.arrival and self.departure and self.departure < self.arrival:
            errors["departure"] = _("Departure (%(departure)s) is before arrival (%(arrival)s).") % {
                "departure": self.departure, "arrival": self.arrival}
        if self.arrival and self.planned_end and self.planned_end < self.arrival:
            errors["planned_end"] = _("The planned end is before arrival.")
        if self.departure_reason and not self.departure:
            errors["departure_reason"] = _("Give the departure date with its reason.")
        if self.person_id and self.contingent_id and self.person.country_id != self.contingent.country_id:
            errors["contingent"] = _("%(person)s serves %(country)s; this contingent is another country's.") % {
                "person": self.person, "country": self.person.country_id}
        if errors:
            raise ValidationError(errors)
        if self.person_id and self.arrival and not getattr(self, "_overlap_checked", False):
            self._check_no_overlap()

    def _check_no_overlap(self):
        """A person serves one tour at a time."""
        later_than_arrival = models.Q(departure__isnull=True) | models.Q(departure__gt=self.arrival)
        overlapping = Tour.objects.filter(person_id=self.person_id).exclude(pk=self.pk).filter(later_than_arrival)
        if self.departure:
            overlapping = overlapping.filter(arrival__lt=self.departure)
        other = overlapping.select_related("contingent__mission").first()
        if other is not None:
            if not self.editor_may_see(other):
                raise ValidationError({"arrival": _("This tour cannot be saved as it stands: it conflicts with a "
                                                    "record you may not see. Ask the personnel officer.")})
            raise ValidationError({"arrival": _("This person is already on a tour from %(arrival)s (%(mission)s).")
                                   % {"arrival": other.arrival, "mission": other.contingent.mission.code}})

    def is_on_roll(self, on):
        return self.arrival <= on and (self.departure is None or self.departure > on)


class DutyStatus(ChangeLoggedModel):
    """Where a person on a tour is from a date on, until the next status: present, on leave, killed, …"""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        HOSPITALIZED = "hospitalized", _("Hospitalized")
        WOUNDED = "wounded", _("Wounded")
        MEDEVAC = "medevac", _("Medically evacuated")
        KILLED = "killed", _("Killed")
        MISSING = "missing", _("Missing")
        REPATRIATED = "repatriated", _("Repatriated")

    # Still part of the mission's strength (as movements count it), though maybe absent from duty.
    IN_STRENGTH = (Status.PRESENT, Status.LEAVE, Status.HOSPITALIZED, Status.WOUNDED)
    # Out of the mission's strength, yet kept on the roll with this status (killed, missing, …).
    OUT_OF_STRENGTH = (Status.MEDEVAC, Status.KILLED, Status.MISSING, Status.REPATRIATED)

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("tour"))
    since = models.DateField(help_text=_("First day of this status (effective date)."), verbose_name=_("since"))
    status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("status"))
    reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason"))

    scope_paths = {"country": "tour__contingent__country", "mission": "tour__contingent__mission__code"}
    guards = ("tour",)

    class Meta:
        verbose_name = _("duty status")
        ordering = ["since", "pk"]
        verbose_name_plural = _("duty statuses")
        constraints = [models.UniqueConstraint(fields=["tour", "since"], name="one_duty_status_per_tour_and_day")]
        indexes = [models.Index(fields=["tour", "since"], name="dutystatus_tour_since")]

    def __str__(self):
        return f"{self.get_status_display()} from {self.since:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("force:dutystatus_detail", args=[self.pk])

    def clean(self):
        if self.tour_id and self.since:
            tour = self.tour
            if self.since < tour.arrival or (tour.departure and self.since >= tour.departure):
                raise ValidationError({"since": _("%(day)s is outside the tour (%(arrival)s to %(departure)s).") % {
                    "day": self.since, "arrival": tour.arrival, "departure": tour.departure or "—"}})


class SiteAssignment(ChangeLoggedModel):
    """Personnel of a contingent posted at a site from a date (until another date): who is where, by contingent."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("site"))
    contingent = models.ForeignKey(Contingent, on_delete=models.PROTECT, related_name="site_assignments",
                                   verbose_name=_("contingent"))
    personnel = models.PositiveIntegerField(validators=[personnel_max()],
                                            help_text=_("How many of the contingent are posted here."),
                                            verbose_name=_("personnel"))
    since = models.DateField(help_text=_("First day at the site (effective date)."), verbose_name=_("since"))
    until = models.DateField(null=True, blank=True, help_text=_("Last day at the site; empty while posted."),
                             verbose_name=_("until"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "site__mission__code", "country": "contingent__country"}

    class Meta:
        verbose_name = _("site assignment")
        verbose_name_plural = _("site assignments")
        db_table = "logistics_siteassignment"  # the table it had in logistics (migration force 0006)
        ordering = ["site", "since", "pk"]
        indexes = [models.Index(fields=["site", "since", "until"], name="assignment_site_dates")]

    def __str__(self):
        return f"{self.personnel:,} of {self.contingent.country_id} at {self.site.name} from {self.since:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("force:siteassignment_detail", args=[self.pk])

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
    before a date (force.selectors.personnel_by_site), as their duty status is their latest on or before it.
    It singles out a person, so it is granted like the roll itself (core/roles.py, ROLL), not like the sites.
    """

    # No index of its own: posting_tour_since_site starts with this column.
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="postings", db_index=False,
                             verbose_name=_("tour"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="postings", verbose_name=_("site"))
    since = models.DateField(help_text=_("First day at the site (effective date)."), verbose_name=_("since"))
    reason = models.CharField(max_length=300, blank=True, help_text=_("Why posted here, e.g. relief of a team."),
                              verbose_name=_("reason"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    scope_paths = {"country": "tour__contingent__country", "mission": "tour__contingent__mission__code"}
    guards = ("tour",)  # one posting a day: written under a lock on the tour

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        db_table = "logistics_posting"  # the table it had in logistics (migration force 0006)
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
        return reverse("force:posting_detail", args=[self.pk])

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


class GenderTarget(ChangeLoggedModel):
    """A target share of women in one personnel category, for one mission or (mission empty) for all."""

    mission = models.ForeignKey(Mission, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                help_text=_("Empty: the default for every mission without its own."),
                                verbose_name=_("mission"))
    category = models.CharField(max_length=20, choices=PersonnelCategory.choices, verbose_name=_("category"))
    share = models.DecimalField(max_digits=4, decimal_places=3, help_text=_("e.g. 0.150 for 15%."),
                                verbose_name=_("share"))
    target_year = models.PositiveSmallIntegerField(help_text=_("The year by which the share is to be reached."),
                                                   verbose_name=_("target year"))
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="+", verbose_name=_("source"))

    scope_paths = {}

    class Meta:
        verbose_name = _("gender target")
        verbose_name_plural = _("gender targets")
        ordering = ["mission", "category", "-target_year"]
        constraints = [models.UniqueConstraint(fields=["mission", "category", "target_year"],
                                               name="one_gender_target_per_category_and_year")]

    def __str__(self):
        scope = self.mission.code if self.mission_id else _("all missions")
        return f"{self.get_category_display()}: {Decimal(self.share):.0%} women by {self.target_year} ({scope})"

    def get_absolute_url(self):
        return reverse("force:gendertarget_detail", args=[self.pk])

    def clean(self):
        if self.share is not None and not 0 <= self.share <= 1:
            raise ValidationError({"share": _("A share lies between 0 and 1.")})


class PersonalDataExport(models.Model):
    """Who exported names, service numbers or birth dates, when, and what (never the data itself)."""

    time = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("time"))
    user = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("user"))
    user_name = models.CharField(max_length=150, verbose_name=_("user name"))  # frozen: survives the user's deletion
    what = models.CharField(max_length=100, verbose_name=_("what"))
    query = models.CharField(max_length=500, blank=True, verbose_name=_("query"))
    rows = models.PositiveIntegerField(verbose_name=_("rows"))
    fmt = models.CharField(_("format"), max_length=10)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-time"]

    def __str__(self):
        return f"{self.user_name} exported {self.rows} {self.what} as {self.fmt} at {self.time:%Y-%m-%d %H:%M}"


def add_months(day, months):
    """`day` plus whole months, clipped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
