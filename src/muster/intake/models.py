"""Intake: a statement as it was submitted, and the records it proposes, each waiting for a reviewer.

Nothing here is a record of the world until a reviewer accepts it: a proposal's `fields` are what the reading engine
(intake.reading) found in the statement's words, edited by the reviewer; accepting one writes the record it
describes (a movement, a claim, a transaction, a contingent's pledge, an appointment) with the statement's source
cited on it (intake.services).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.models import ChangeLoggedModel
from muster.missions.models import Country, Mission
from muster.sources.models import Source


class Statement(ChangeLoggedModel):
    """A text submitted for intake: what was said, by whom, when, and who submitted it.

    Scope: the mission's staff see every statement of the mission; a contributing country's liaison sees those
    submitted from their country (`country`, the submitter's country when they submitted it), so what one
    country's liaison pasted is not shown to another's."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="statements", verbose_name=_("mission"))
    text = models.TextField(verbose_name=_("text"))
    publisher = models.CharField(max_length=200, help_text=_("Who published it: a ministry, a newspaper, a UN body."),
                                 verbose_name=_("publisher"))
    published_on = models.DateField(_("published on"),
                                    help_text=_("Relative dates in the text (“yesterday”) are read from it."))
    language = models.CharField(max_length=8, help_text=_("ISO 639-1: en, fr, es, ht."), verbose_name=_("language"))
    language_detected = models.BooleanField(default=False, help_text=_("Detected from the text, not given."),
                                            verbose_name=_("language detected"))
    filename = models.CharField(max_length=200, blank=True, help_text=_("The file it was read from, if any."),
                                verbose_name=_("filename"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text=_("The submitter's country, for a liaison; empty for the mission's staff."),
                                verbose_name=_("country"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="statements",
        help_text=_("The source the accepted records cite: an existing one named on submission, or the one made "
                    "from the statement when its first proposal is accepted."),
        verbose_name=_("source"),
    )

    scope_paths = {"mission": "mission__code", "country": "country"}

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"{self.publisher}, {self.published_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("intake:statement_detail", args=[self.pk])


class Proposal(ChangeLoggedModel):
    """A record a statement proposes, with the exact words it comes from (`text[start:end]`), until reviewed.

    `match` is what the proposal was found to match among the records when it was read (the movement it would cite,
    the strength computed for a claim, the donor's flows), kept so that the review page reads it in one query; it is
    found again when the proposal is accepted, against the records as they are then."""

    class Kind(models.TextChoices):
        MOVEMENT = "movement", _("Movement")
        CLAIM = "claim", _("Claim")
        FUNDING = "funding", _("Funding")
        PARTICIPATION = "participation", _("Participation")
        INCIDENT = "incident", _("Incident")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    # The order people read each kind's fields in (PostgreSQL's jsonb keeps its own order of the keys).
    FIELD_ORDER = {
        Kind.MOVEMENT: ["country", "category", "kind", "count", "men", "women", "date"],
        Kind.CLAIM: ["country", "category", "metric", "value", "as_of"],
        Kind.FUNDING: ["donor", "flow", "type", "amount", "currency", "date", "purposes"],
        Kind.PARTICIPATION: ["country", "person", "role", "category", "count", "since"],
        Kind.INCIDENT: ["title", "date", "event_type", "actor1", "location", "site", "adm2", "classification",
                        "tolls"],
    }

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="proposals",
                                  verbose_name=_("statement"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    fields = models.JSONField(help_text=_("What it would record, as the reading found it or the reviewer edited it."),
                              verbose_name=_("fields"))
    start = models.PositiveIntegerField(help_text=_("Where its words start in the statement's text."),
                                        verbose_name=_("start"))
    end = models.PositiveIntegerField(help_text=_("Where its words end."), verbose_name=_("end"))
    hedged = models.BooleanField(default=False, help_text=_("An approximate figure: “about 400”."),
                                 verbose_name=_("hedged"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text=_("The country it is about (its scope); empty for the whole mission."),
                                verbose_name=_("country"))
    match = models.JSONField(default=dict, blank=True, verbose_name=_("match"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status"))
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("record type"))
    record_id = models.PositiveBigIntegerField(null=True, blank=True,
                                               help_text=_("The record accepting it wrote or cited."),
                                               verbose_name=_("record id"))

    # A liaison's grant names both: the proposals about their country, of the statements submitted from it (a
    # statement they may not see shows them nothing of itself, not even a proposal about their own country).
    scope_paths = {"mission": "statement__mission__code", "country": "country", "submitted_from": "statement__country"}

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["statement", "start", "pk"]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def label(self):
        """The proposal named by its kind and its words' place in the statement: "Claim 162–205"."""
        return f"{self.get_kind_display()} {self.start}–{self.end}"

    def get_absolute_url(self):
        return reverse("intake:proposal_detail", args=[self.pk])

    @property
    def words(self):
        return self.statement.text[self.start:self.end]

    def fields_given(self):
        """[(name, value)] of the fields that have a value, in the order of FIELD_ORDER, then any other by name."""
        order = self.FIELD_ORDER.get(self.kind, [])
        names = sorted(self.fields, key=lambda name: (order.index(name) if name in order else len(order), name))
        return [(name, self.fields[name]) for name in names if self.fields[name] not in (None, "", [])]

    def fields_text(self, *, between="; ", equals=" "):
        """Its fields in a line: "country KEN; kind arrival; count 144…"; an incident's tolls as "5 armed_group
        killed"."""
        def text(value):
            if isinstance(value, dict):
                return " ".join(str(value[k]) for k in ("count", "group", "outcome") if k in value)
            return ", ".join(text(item) for item in value) if isinstance(value, list) else str(value)

        return between.join(f"{name}{equals}{text(value)}" for name, value in self.fields_given())

    @property
    def anchor(self):
        """The id of its words' <mark> on the review page."""
        return f"words-{self.pk}"
