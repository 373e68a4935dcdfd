"""Where every figure comes from: sources, citations of them on records, and the claims they make."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.limits import personnel_max
from muster.core.models import ChangeLoggedModel
from muster.missions.models import Country, Mission, PersonnelCategory


class Source(ChangeLoggedModel):
    """A statement, report or document, graded on the Admiralty scale (reliability A–F, credibility 1–6)."""

    class Kind(models.TextChoices):
        PRESS_STATEMENT = "press_statement", _("Press statement")
        SOCIAL_MEDIA = "social_media", _("Social-media post")
        NEWS_ARTICLE = "news_article", _("News article")
        UN_DOCUMENT = "un_document", _("UN document")
        INTERNAL_REPORT = "internal_report", _("Internal report")
        MANIFEST = "manifest", _("Manifest")
        DATASET = "dataset", _("Data set")

    class Reliability(models.TextChoices):
        A = "A", _("A — completely reliable")
        B = "B", _("B — usually reliable")
        C = "C", _("C — fairly reliable")
        D = "D", _("D — not usually reliable")
        E = "E", _("E — unreliable")
        F = "F", _("F — reliability cannot be judged")

    class Credibility(models.TextChoices):
        CONFIRMED = "1", _("1 — confirmed by other sources")
        PROBABLY_TRUE = "2", _("2 — probably true")
        POSSIBLY_TRUE = "3", _("3 — possibly true")
        DOUBTFUL = "4", _("4 — doubtful")
        IMPROBABLE = "5", _("5 — improbable")
        CANNOT_JUDGE = "6", _("6 — truth cannot be judged")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    publisher = models.CharField(max_length=200, help_text=_("Who published it: a ministry, a newspaper, a UN body."),
                                 verbose_name=_("publisher"))
    speaker = models.CharField(max_length=200, blank=True, help_text=_("Who is quoted, if not the publisher."),
                               verbose_name=_("speaker"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(max_length=8, blank=True, help_text=_("ISO 639-1, e.g. en, fr, es."),
                                verbose_name=_("language"))
    address = models.URLField(max_length=500, blank=True, help_text=_("Where it can be read."),
                              verbose_name=_("address"))
    text = models.TextField(blank=True, help_text=_("The relevant text, kept in case the address disappears."),
                            verbose_name=_("text"))
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.F,
                                   verbose_name=_("reliability"))
    credibility = models.CharField(max_length=1, choices=Credibility.choices, default=Credibility.CANNOT_JUDGE,
                                   verbose_name=_("credibility"))

    scope_paths = {}

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "publisher"]

    def __str__(self):
        when = self.published_on.isoformat() if self.published_on else _("undated")
        return f"{self.publisher}, {when}: {self.title}"

    def get_absolute_url(self):
        return reverse("sources:source_detail", args=[self.pk])

    @property
    def grade(self):
        return f"{self.reliability}{self.credibility}"


class Citation(ChangeLoggedModel):
    """A source attached to a record, with the words it says. Part of the record it cites."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    record = GenericForeignKey("content_type", "object_id")
    quote = models.TextField(blank=True, help_text=_("The words of the source that support the record."),
                             verbose_name=_("quote"))
    locator = models.CharField(max_length=100, blank=True, help_text=_("Page, paragraph or timestamp."),
                               verbose_name=_("locator"))

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return str(self.source)

    @property
    def record_type(self):
        """The cited record's type as "app_label.model", e.g. "force.movement"."""
        return f"{self.content_type.app_label}.{self.content_type.model}"


class Claim(ChangeLoggedModel):
    """A figure a source asserts about the world, kept beside what the records compute for the same date."""

    class Metric(models.TextChoices):
        STRENGTH = "strength", _("Personnel in the mission")
        WOMEN = "women", _("Women in the mission")
        MEN = "men", _("Men in the mission")
        ARRIVED = "arrived", _("Personnel arriving that day")
        PLANNED = "planned", _("Planned strength")

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Not yet reviewed")
        ACCEPTED = "accepted", _("Accepted")
        DISPUTED = "disputed", _("Disputed")
        REJECTED = "rejected", _("Rejected")

    # Metrics the movements can be summed to; PLANNED is a target, compared with nothing.
    COMPUTABLE = (Metric.STRENGTH, Metric.WOMEN, Metric.MEN, Metric.ARRIVED)

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims", verbose_name=_("source"))
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="claims", verbose_name=_("mission"))
    countries = models.ManyToManyField(
        Country, blank=True, related_name="claims",
        help_text=_("The countries the figure covers; none for the whole mission."),
        verbose_name=_("countries"),
    )
    category = models.CharField(max_length=20, choices=PersonnelCategory.choices, blank=True,
                                help_text=_("Empty for all categories."), verbose_name=_("category"))
    metric = models.CharField(max_length=20, choices=Metric.choices, default=Metric.STRENGTH, verbose_name=_("metric"))
    as_of = models.DateField(_("as of"), help_text=_("The date the figure is true of (effective time)."))
    value = models.PositiveIntegerField(validators=[personnel_max()], verbose_name=_("value"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNREVIEWED,
                              verbose_name=_("status"))
    quote = models.TextField(blank=True, verbose_name=_("quote"))
    note = models.TextField(blank=True, help_text=_("Why it is disputed or rejected; what it conflicts with."),
                            verbose_name=_("note"))

    scope_paths = {"mission": "mission__code", "country": "countries"}

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["mission", "as_of", "pk"]
        indexes = [models.Index(fields=["mission", "as_of"])]

    def __str__(self):
        return f"{self.get_metric_display()} {self.value:,} as of {self.as_of:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("sources:claim_detail", args=[self.pk])

    @property
    def subject(self):
        """What the figure is about: its countries (or the whole mission) and category."""
        countries = "+".join(sorted(c.iso3 for c in self.countries.all())) or str(_("whole mission"))
        return f"{countries}, {self.get_category_display()}" if self.category else countries

    def clean(self):
        if self.as_of and self.mission_id and self.metric != self.Metric.PLANNED:
            mission = self.mission
            if self.as_of < mission.start:
                raise ValidationError({"as_of": _("%(mission)s started on %(start)s; a figure about it cannot be "
                                                  "as of an earlier date.") % {"mission": mission.code,
                                                                             "start": mission.start}})
