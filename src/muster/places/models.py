"""Places: the administrative areas of the COD-AB boundaries (departments, communes, with their P-codes) and the
sites of each mission, placed in them. Reference data below the domain: the roll posts officers to sites (force),
the fleet is based at them (logistics).

The tables keep the names they had when these models were part of logistics (`logistics_adminarea`,
`logistics_site`): the move was a change of app, not of data (migration places 0001).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from muster.core.models import ChangeLoggedModel
from muster.missions.models import Mission

# An area's names, in the order place_name takes them: what a query reads to name an area in any language.
AREA_NAMES = ("name_en", "name_fr", "name_ht")


def area_name_of(row, prefix=""):
    """The name, in the reader's language, of the area whose names `row` (a values() dict) holds under `prefix`
    ("adm1__")."""
    return place_name(*(row[f"{prefix}{field}"] or "" for field in AREA_NAMES))


def place_name(name_en, name_fr="", name_ht=""):
    """An area's name in the reader's language, from the names COD-AB publishes: in Haitian Creole its Creole name
    (COD-AB gives the departments'), else the French; in French and Spanish the French (Haiti's official names:
    Ouest, not West); in English the English. A name a file lacks falls back to the next one."""
    language = (get_language() or "en")[:2]
    if language == "ht":
        return name_ht or name_fr or name_en
    if language in ("fr", "es"):
        return name_fr or name_en
    return name_en


class AdminArea(ChangeLoggedModel):
    """A department (ADM1) or commune (ADM2) from an OCHA COD-AB boundaries file, with its P-code and names.

    `geometry` is the boundary as published (GeoJSON), used to place sites; `display_geometry` is a simplified,
    rounded copy drawn on the map, so that 140 communes stay within the page-weight budget.
    """

    class Level(models.IntegerChoices):
        ADM1 = 1, _("Department (ADM1)")
        ADM2 = 2, _("Commune (ADM2)")

    pcode = models.CharField(_("P-code"), max_length=20, unique=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices, verbose_name=_("level"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("parent"))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_ht = models.CharField(_("name (Haitian Creole)"), max_length=100, blank=True)
    valid_on = models.DateField(_("valid on"), null=True, blank=True)
    source_name = models.CharField(_("boundaries file"), max_length=200, blank=True)
    # Bounding box: a point is only tested against the areas whose box holds it (one indexed query).
    min_lon = models.FloatField(verbose_name=_("min lon"))
    min_lat = models.FloatField(verbose_name=_("min lat"))
    max_lon = models.FloatField(verbose_name=_("max lon"))
    max_lat = models.FloatField(verbose_name=_("max lat"))
    geometry = models.JSONField(help_text=_("GeoJSON geometry as published."), verbose_name=_("geometry"))
    display_geometry = models.JSONField(help_text=_("Simplified GeoJSON geometry for the map."),
                                        verbose_name=_("display geometry"))

    scope_paths = {}

    class Meta:
        verbose_name_plural = _("administrative areas")
        db_table = "logistics_adminarea"
        ordering = ["pcode"]
        verbose_name = _("administrative area")
        indexes = [models.Index(fields=["level", "min_lon", "max_lon", "min_lat", "max_lat"], name="adminarea_bbox")]

    def __str__(self):
        return f"{self.local_name} ({self.pcode})"

    @property
    def local_name(self):
        return place_name(self.name_en, self.name_fr, self.name_ht)

    def get_absolute_url(self):
        return reverse("places:adminarea_detail", args=[self.pk])


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

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="sites", verbose_name=_("mission"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    latitude = models.DecimalField(max_digits=8, decimal_places=5,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)],
                                   verbose_name=_("latitude"))
    longitude = models.DecimalField(max_digits=8, decimal_places=5,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)],
                                    verbose_name=_("longitude"))
    outside_boundaries = models.BooleanField(
        _("outside the boundaries"), default=False,
        help_text=_("Tick to keep a point that lies in no loaded commune (at sea, abroad); otherwise it is refused."),
    )
    adm1 = models.ForeignKey(AdminArea, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("department"))
    adm2 = models.ForeignKey(AdminArea, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("commune"))
    opened = models.DateField(null=True, blank=True, verbose_name=_("opened"))
    closed = models.DateField(null=True, blank=True, verbose_name=_("closed"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code"}

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        db_table = "logistics_site"
        ordering = ["mission", "name"]
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="site_name_unique_per_mission")]

    def __str__(self):
        return f"{self.name} ({self.mission.code})"

    def get_absolute_url(self):
        return reverse("places:site_detail", args=[self.pk])

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
