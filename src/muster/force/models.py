"""The force at aggregate level: contingents and the movements that change their strength."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Sum, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.models import ChangeLoggedModel
from muster.missions.models import Country, Mission, Organization, PersonnelCategory


class Contingent(ChangeLoggedModel):
    """A contributing country's body of personnel of one category in one mission."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="contingents")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="contingents",
                                verbose_name=_("contributing country"))
    category = models.CharField(max_length=20, choices=PersonnelCategory.choices)
    parent_service = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="contingents",
        help_text=_("The service the personnel come from, e.g. Kenya National Police Service."),
    )
    pledged_strength = models.PositiveIntegerField(null=True, blank=True,
                                                   help_text=_("The strength the country has pledged."))
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors",
        help_text=_("The contingent of the predecessor mission this one was re-hatted from."),
    )
    notes = models.TextField(blank=True)
    citations = GenericRelation("sources.Citation")

    scope_paths = {"country": "country", "mission": "mission__code"}

    class Meta:
        ordering = ["mission", "country__name", "category"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "country", "category", "parent_service"],
                                    name="contingent_unique_per_service"),
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

    contingent = models.ForeignKey(Contingent, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(help_text=_("When it happened (effective date)."))
    count = models.PositiveIntegerField()
    men = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)
    unknown = models.PositiveIntegerField(_("sex unknown"), default=0)
    note = models.TextField(blank=True)
    citations = GenericRelation("sources.Citation")

    scope_paths = {"country": "contingent__country", "mission": "contingent__mission__code"}

    class Meta:
        ordering = ["date", "pk"]
        indexes = [
            # strength_at: one mission's contingents, movements up to a date.
            models.Index(fields=["contingent", "date"], name="movement_contingent_date"),
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

    def _check_strength_never_negative(self):
        """Refuse a movement that leaves the contingent with fewer than nobody on any later date."""
        net_by_day = dict(
            Movement.objects.filter(contingent_id=self.contingent_id).exclude(pk=self.pk)
            .values("date").annotate(net=Sum(signed("count"))).values_list("date", "net")
        )
        net_by_day[self.date] = net_by_day.get(self.date, 0) + self.sign * self.count
        running = 0
        for day in sorted(net_by_day):
            running += net_by_day[day]
            if running < 0:
                raise ValidationError({"count": _(
                    "This would leave %(contingent)s with %(strength)s personnel on %(day)s: it cannot have "
                    "fewer than none. Record the arrivals first."
                ) % {"contingent": self.contingent, "strength": running, "day": day}})


def signed(field_name):
    """A movement's field as it changes strength: positive inward, negative outward."""
    return Case(When(kind__in=Movement.OUTWARD, then=-F(field_name)), default=F(field_name),
                output_field=IntegerField())
