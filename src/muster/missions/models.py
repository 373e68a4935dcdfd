"""Missions, their authorizations, countries and organizations: the reference data of the system."""

import functools
import zoneinfo

import babel
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from muster.core.limits import PERSONNEL_MAX, personnel_max
from muster.core.models import ChangeLoggedModel
from muster.core.querysets import RestrictedManager


class PersonnelCategory(models.TextChoices):
    """The personnel categories of UN and multinational force generation."""

    FORMED_POLICE = "fpu", _("Formed police unit")
    INDIVIDUAL_POLICE = "ipo", _("Individual police")
    MILITARY = "military", _("Military unit")
    STAFF_OFFICERS = "staff", _("Staff officers")
    CIVILIAN = "civilian", _("Experts and civilians")


@functools.cache
def country_names(language):
    """CLDR's country names in `language` by ISO 3166 alpha-2 code ({} for a language CLDR does not know)."""
    try:
        return dict(babel.Locale.parse(language).territories)
    except (babel.UnknownLocaleError, ValueError):
        return {}


class Country(models.Model):
    """A country by its ISO 3166-1 alpha-3 code; its English name is ISO 3166's (pycountry), the others CLDR's."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, primary_key=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    name = models.CharField(max_length=100, verbose_name=_("name"))

    objects = RestrictedManager()
    scope_paths = {"country": "iso3"}

    class Meta:
        verbose_name = _("country")
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("missions:country_detail", args=[self.pk])

    @property
    def local_name(self):
        """The country's name in the active language: English as stored (ISO 3166's), otherwise CLDR's (Kenia,
        Haïti), which names countries as each language writes them, Haitian Creole included."""
        language = (get_language() or "en")[:2]
        if language == "en":
            return self.name
        return country_names(language).get(self.iso2, self.name)



class Organization(ChangeLoggedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        UN_ENTITY = "un_entity", _("UN entity")
        TRUST_FUND = "trust_fund", _("Trust fund")
        POLICE_SERVICE = "police_service", _("Police service")
        ARMED_FORCES = "armed_forces", _("Armed forces")
        CONTRACTOR = "contractor", _("Contractor")
        NGO = "ngo", _("NGO")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    abbreviation = models.CharField(max_length=30, blank=True, verbose_name=_("abbreviation"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations",
                                verbose_name=_("country"))

    scope_paths = {"country": "country", "organization": "pk"}

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("missions:organization_detail", args=[self.pk])


class Mission(ChangeLoggedModel):
    code = models.SlugField(max_length=20, unique=True, allow_unicode=False,
                            help_text=_("Short code used in addresses and reports, e.g. MSS, GSF."),
                            verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    lead_country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("lead country"))
    start = models.DateField(help_text=_("First day of the mission's mandate."), verbose_name=_("start"))
    end = models.DateField(null=True, blank=True, help_text=_("Last day, once the mandate has ended."),
                           verbose_name=_("end"))
    predecessor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors",
                                    verbose_name=_("predecessor"))
    tour_length_months = models.PositiveSmallIntegerField(default=12, verbose_name=_("tour length months"))
    time_zone = models.CharField(
        max_length=64, default="UTC",
        help_text=_('Where the mission is: its IANA time zone, e.g. "America/Port-au-Prince". Its reports open on '
                    "today's date there."), verbose_name=_("time zone"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "code"}

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["start", "code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def get_absolute_url(self):
        return reverse("missions:mission_detail", args=[self.pk])

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The mission cannot end before it starts (%s).") % self.start})
        if time_zone_of(self.time_zone) is None:
            raise ValidationError({"time_zone": _("“%s” is not a time zone: give an IANA name such as "
                                                  "America/Port-au-Prince or UTC.") % self.time_zone})

    @property
    def zone(self):
        """The mission's time zone (UTC when the stored name is not one)."""
        return time_zone_of(self.time_zone) or zoneinfo.ZoneInfo("UTC")


def time_zone_of(name):
    """The ZoneInfo of an IANA time zone name, or None when it names none."""
    if not name or not isinstance(name, str):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def mission_today(mission):
    """The mission's today: the date now where the mission is (its time zone), not where the server is.

    The server runs in UTC: at 22:00 in Port-au-Prince it is already tomorrow there, and a report defaulting to the
    server's date would show the wrong day. Every report's default date comes from here."""
    return timezone.localdate(timezone=mission.zone)


def mission_report_day(mission):
    """The day a report of `mission` opens on when no date is asked for, and a note when it is not today: the
    mission's today, or its last day once it has ended ("The MSS ended on 2 Oct 2025; showing its last day.")."""
    today = mission_today(mission)
    if mission.end and today > mission.end:
        return mission.end, _("The %(mission)s ended on %(end)s; showing its last day.") % {
            "mission": mission.code, "end": dateformat.format(mission.end, "j M Y")}
    return today, None


class Authorization(ChangeLoggedModel):
    """The instrument that authorizes a mission, and the personnel ceiling it sets, if any."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="authorizations",
                                verbose_name=_("mission"))
    instrument = models.CharField(max_length=200, help_text=_('e.g. "UNSC resolution 2793 (2025)"'),
                                  verbose_name=_("instrument"))
    adopted = models.DateField(verbose_name=_("adopted"))
    expires = models.DateField(null=True, blank=True, verbose_name=_("expires"))
    personnel_ceiling = models.PositiveIntegerField(
        null=True, blank=True, validators=[personnel_max()],
        help_text=_("Total authorized personnel; empty where the instrument sets none."),
        verbose_name=_("personnel ceiling"),
    )
    ceiling_by_category = models.JSONField(
        default=dict, blank=True,
        help_text=_('Parts of the ceiling by category, e.g. {"uniformed": 5500, "civilian": 50}.'),
        verbose_name=_("ceiling by category"),
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code"}

    class Meta:
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")
        ordering = ["mission", "adopted"]

    def __str__(self):
        return self.instrument

    def get_absolute_url(self):
        return reverse("missions:authorization_detail", args=[self.pk])

    def clean(self):
        if self.expires and self.expires < self.adopted:
            raise ValidationError({"expires": _("An authorization cannot expire before it is adopted.")})
        parts = self.ceiling_by_category or {}
        if not isinstance(parts, dict) or not all(type(v) is int and 0 <= v <= PERSONNEL_MAX for v in parts.values()):
            raise ValidationError({"ceiling_by_category": _("Give each category a whole number of personnel, from 0 "
                                                            "to %(max)s.") % {"max": f"{PERSONNEL_MAX:,}"}})
        if parts and self.personnel_ceiling is not None and sum(parts.values()) > self.personnel_ceiling:
            raise ValidationError(
                {"ceiling_by_category": _("The parts (%(parts)s) exceed the total ceiling (%(total)s).")
                 % {"parts": sum(parts.values()), "total": self.personnel_ceiling}}
            )


class Appointment(ChangeLoggedModel):
    """A person named to a post of a mission, as a source gives it: its force commander, a contributing country's
    contingent commander or minister (intake's participation proposals). `since` is the first day known (the day a
    statement said so, when it gives none); `until` once someone else holds the post.

    Scope: the mission's; a contributing country's liaison reads those of their country and those of no country
    (the mission's own posts), never another country's."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="appointments",
                                verbose_name=_("mission"))
    person = models.CharField(_("person"), max_length=200, help_text=_("The name as the source gives it."))
    role = models.CharField(max_length=200, help_text=_("e.g. force commander, minister of defence."),
                            verbose_name=_("role"))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments",
                                help_text=_("The country whose post it is; empty for the mission's own."),
                                verbose_name=_("country"))
    since = models.DateField(help_text=_("The first day known in the post."), verbose_name=_("since"))
    until = models.DateField(null=True, blank=True, help_text=_("The last day, once someone else holds the post."),
                             verbose_name=_("until"))
    citations = GenericRelation("sources.Citation")

    # "no_country" names the column, not the relation: read on the relation, a form's country choices would be asked
    # for countries that are "isnull" (core.permissions.related_filter), an error; a record given a country under
    # that grant is refused after its save instead (enforce_scope).
    scope_paths = {"mission": "mission__code", "country": "country", "no_country": "country_id__isnull"}

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["mission", "-since", "person"]

    def __str__(self):
        return f"{self.person}, {self.role}"

    def get_absolute_url(self):
        return reverse("missions:appointment_detail", args=[self.pk])

    def clean(self):
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("An appointment cannot end before it starts (%s).") % self.since})
