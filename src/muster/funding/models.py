"""Funding: flows from donors, their transactions, contracts, budgets, exchange rates and published fund totals.

Money is an integer of minor units (cents) with its ISO 4217 code; each amount also carries its value in
US cents, converted at the rate the user recorded (with its date and source) on or before the amount's
date. The balance rules a finance officer relies on (nothing spent that was not received, nothing released
that was not frozen) are checked in `clean()`, so a form, the API and an import refuse the same things.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Sum, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from muster.core.limits import MINOR_UNITS_MAX, minor_units_max
from muster.core.models import ChangeLoggedModel
from muster.missions.models import Mission, Organization

from .money import USD, currency_check, currency_valid, money_text, usd_cents


class Category(models.TextChoices):
    """What money pays for: the categories of budgets, contracts and earmarked funding."""

    BASE_LOGISTICS = "base_logistics", _("Base logistics")
    VEHICLE_MAINTENANCE = "vehicle_maintenance", _("Vehicle maintenance")
    MEDICAL = "medical", _("Medical services")
    TRANSPORT = "transport", _("Transportation")
    EXPERTS = "experts", _("Subject-matter experts")
    FUEL = "fuel", _("Fuel")
    RATIONS = "rations", _("Rations")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class ExchangeRate(ChangeLoggedModel):
    """What one unit of a currency was worth in US dollars on a date, as a source gave it."""

    currency = models.CharField(max_length=3, help_text=_("ISO 4217 code, e.g. CAD."), verbose_name=_("currency"))
    date = models.DateField(help_text=_("The rate applies to amounts dated on or after this day, until the next."),
                            verbose_name=_("date"))
    usd_per_unit = models.DecimalField(_("US dollars per unit"), max_digits=20, decimal_places=10)
    note = models.TextField(blank=True, verbose_name=_("note"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {}

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [models.UniqueConstraint(fields=["currency", "date"], name="exchange_rate_one_per_day")]

    def __str__(self):
        return f"1 {self.currency} = {self.usd_per_unit.normalize():f} USD ({self.date:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("funding:exchangerate_detail", args=[self.pk])

    def clean(self):
        if self.currency:
            currency_check(self.currency)
            if self.currency == USD:
                raise ValidationError({"currency": _("US dollars need no rate: amounts in USD are their own value.")})
        if self.usd_per_unit is not None and self.usd_per_unit <= 0:
            raise ValidationError({"usd_per_unit": _("A rate is more than zero.")})

    @classmethod
    def in_force(cls, *, currency, on):
        """The latest rate for `currency` recorded on or before `on`, or None."""
        return cls._base_manager.filter(currency=currency, date__lte=on).order_by("-date").first()


class Money(models.Model):
    """An amount in minor units with its currency, and its US-dollar value at the recorded rate."""

    amount = models.PositiveBigIntegerField(_("amount"), validators=[minor_units_max()],
                                            help_text=_("In minor units of the currency (cents)."))
    currency = models.CharField(_("currency"), max_length=3, default=USD,
                                help_text=_("ISO 4217 code, e.g. USD, CAD, EUR."))
    usd_value = models.BigIntegerField(_("value in US cents"), null=True, editable=False)
    exchange_rate = models.ForeignKey(ExchangeRate, null=True, blank=True, editable=False, on_delete=models.PROTECT,
                                      related_name="+", help_text=_("The rate the US-dollar value was computed at."),
                                      verbose_name=_("exchange rate"))

    class Meta:
        abstract = True

    # The date whose exchange rate converts the amount.
    rate_date_field = "date"

    @property
    def amount_text(self):
        return money_text(self.amount, self.currency)

    @property
    def usd_text(self):
        return money_text(self.usd_value, USD)

    def convert(self):
        """Fill `usd_value` from the amount and the rate in force; errors name the field to fix."""
        if self.amount is None or not self.currency:
            return
        currency_check(self.currency)
        if self.amount <= 0:
            raise ValidationError({"amount": _("An amount is more than zero; record money going the other way as "
                                               "its own type (an expenditure, a release).")})
        on = getattr(self, self.rate_date_field)
        if self.currency == USD:
            self.exchange_rate, self.usd_value = None, self.amount
            return
        if on is None:
            return
        rate = ExchangeRate.in_force(currency=self.currency, on=on)
        if rate is None:
            raise ValidationError({"currency": _(
                "No exchange rate for %(currency)s on or before %(date)s: record the rate you use, with its "
                "source, first.") % {"currency": self.currency, "date": on}})
        usd_value = usd_cents(self.amount, self.currency, rate.usd_per_unit)
        if usd_value > MINOR_UNITS_MAX:
            raise ValidationError({"amount": _("At %(rate)s US dollars per unit this is worth more than the largest "
                                               "amount recorded (%(max)s US cents).")
                                   % {"rate": rate.usd_per_unit, "max": f"{MINOR_UNITS_MAX:,}"}})
        self.exchange_rate, self.usd_value = rate, usd_value


class FundingFlow(ChangeLoggedModel):
    """Money a donor gives a recipient under one agreement: a trust-fund contribution, bilateral aid, …"""

    class Instrument(models.TextChoices):
        TRUST_FUND = "trust_fund", _("Trust-fund contribution")
        BILATERAL = "bilateral", _("Bilateral")
        IN_KIND = "in_kind", _("In kind")
        DRAWDOWN = "drawdown", _("Drawdown")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="funding_flows",
                                verbose_name=_("mission"))
    donor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="flows_given",
                              verbose_name=_("donor"))
    recipient = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="flows_received",
        help_text=_("A trust fund, the mission, a national police, a contractor."),
        verbose_name=_("recipient"),
    )
    instrument = models.CharField(max_length=20, choices=Instrument.choices, verbose_name=_("instrument"))
    category = models.CharField(max_length=30, choices=Category.choices, blank=True,
                                help_text=_("What it is earmarked for; empty when not earmarked."),
                                verbose_name=_("category"))
    purpose = models.CharField(max_length=300, verbose_name=_("purpose"))
    reference = models.CharField(max_length=100, blank=True,
                                 help_text=_("The donor's project number or IATI identifier, e.g. CA-3-P014129001."),
                                 verbose_name=_("reference"))
    agreed_on = models.DateField(_("agreed on"),
                                 help_text=_("Date of the agreement or first pledge; no transaction may precede it."))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"organization": "donor", "mission": "mission__code"}

    class Meta:
        verbose_name = _("funding flow")
        verbose_name_plural = _("funding flows")
        ordering = ["mission", "donor__name", "agreed_on", "pk"]

    def __str__(self):
        return f"{self.donor} → {self.recipient}: {self.purpose}"[:200]

    def get_absolute_url(self):
        return reverse("funding:fundingflow_detail", args=[self.pk])

    def clean(self):
        if self.donor_id and self.donor_id == self.recipient_id:
            raise ValidationError({"recipient": _("A donor cannot fund itself.")})
        if self.pk and self.agreed_on:
            earliest = self.transactions.order_by("date").values_list("date", flat=True).first()
            if earliest and earliest < self.agreed_on:
                raise ValidationError({"agreed_on": _("This flow has a transaction on %(date)s, before that "
                                                      "date.") % {"date": earliest}})


class Transaction(ChangeLoggedModel, Money):
    """One step of a flow on a date: pledged, committed, disbursed (received), spent, frozen or released."""

    class Type(models.TextChoices):
        PLEDGE = "pledge", _("Pledge")
        COMMITMENT = "commitment", _("Commitment")
        DISBURSEMENT = "disbursement", _("Disbursement (received)")
        EXPENDITURE = "expenditure", _("Expenditure")
        FROZEN = "frozen", _("Frozen")
        RELEASED = "released", _("Released by waiver")

    flow = models.ForeignKey(FundingFlow, on_delete=models.PROTECT, related_name="transactions", verbose_name=_("flow"))
    type = models.CharField(max_length=20, choices=Type.choices, verbose_name=_("type"))
    date = models.DateField(help_text=_("When it happened (effective date)."), verbose_name=_("date"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    reference = models.CharField(max_length=100, blank=True, help_text=_("The donor's transaction reference."),
                                 verbose_name=_("reference"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"organization": "flow__donor", "mission": "flow__mission__code"}
    guards = ("flow",)  # the balances below are rules over all of a flow's transactions: written under its lock

    # Balances that may never go below nothing on any date: (what adds, what takes away).
    BALANCES = (
        ("disbursement", "expenditure"),  # nothing spent that was not received
        ("frozen", "released"),  # nothing released that was not frozen
    )

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["flow", "date"], name="transaction_flow_date")]

    def __str__(self):
        return f"{self.get_type_display()} {money_text(self.amount, self.currency)} on {self.date:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("funding:transaction_detail", args=[self.pk])

    def clean(self):
        if self.currency and not currency_valid(self.currency):
            currency_check(self.currency)
        if self.flow_id and self.date and self.flow.agreed_on and self.date < self.flow.agreed_on:
            raise ValidationError({"date": _("The flow was agreed on %(agreed)s; a transaction cannot precede it.")
                                   % {"agreed": self.flow.agreed_on}})
        self.convert()
        if self.flow_id and self.date and self.type and self.usd_value is not None:
            self._check_balances()

    def clean_delete(self):
        self._check_balances(removing=True)

    def _check_balances(self, *, removing=False):
        """Refuse a transaction (or its removal) that leaves a balance of the flow below nothing on any date
        (in US dollars): removing a receipt can leave more spent than received."""
        for adds, takes in self.BALANCES:
            if self.type not in (adds, takes):
                continue
            net = Case(When(type=adds, then=F("usd_value")), When(type=takes, then=-F("usd_value")), default=0)
            by_day = dict(Transaction._base_manager.filter(flow_id=self.flow_id).exclude(pk=self.pk)
                          .values("date").annotate(net=Sum(net)).values_list("date", "net"))
            if not removing:
                by_day[self.date] = by_day.get(self.date, 0) + (
                    self.usd_value if self.type == adds else -self.usd_value)
            running = 0
            for day in sorted(by_day):
                running += by_day[day] or 0
                if running < 0:
                    label = self.Type(adds).label
                    raise ValidationError({"amount": _(
                        "This leaves %(short)s more %(takes)s than %(adds)s on %(day)s for this flow "
                        "(in US dollars)."
                    ) % {"short": money_text(-running, USD), "takes": self.Type(takes).label.lower(),
                         "adds": str(label).lower(), "day": day}})


class Contract(ChangeLoggedModel, Money):
    """A contract the mission's funding pays for: who supplies what, for whom, for how much, until when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended (stop-work order)")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("mission"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    reference = models.CharField(max_length=100, blank=True, verbose_name=_("reference"))
    category = models.CharField(max_length=30, choices=Category.choices, verbose_name=_("category"))
    vendor = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="contracts_supplied", help_text=_("Empty while it is not published."),
                               verbose_name=_("vendor"))
    funder = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contracts_funded",
                               verbose_name=_("funder"))
    beneficiary = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="contracts_benefiting", verbose_name=_("beneficiary"))
    amount = models.PositiveBigIntegerField(_("value"), null=True, blank=True, validators=[minor_units_max()],
                                            help_text=_("In minor units; empty while it is not published."))
    start = models.DateField(verbose_name=_("start"))
    end = models.DateField(null=True, blank=True, verbose_name=_("end"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status"))
    flows = models.ManyToManyField(FundingFlow, blank=True, related_name="contracts",
                                   verbose_name=_("funding it draws on"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"organization": "funder", "mission": "mission__code"}
    rate_date_field = "start"

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["end", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:contract_detail", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A contract cannot end before it starts (%s).") % self.start})
        self.convert()


class Budget(ChangeLoggedModel, Money):
    """What a mission needs for a period, in one category or in all."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("mission"))
    category = models.CharField(max_length=30, choices=Category.choices, blank=True,
                                help_text=_("Empty for a budget not split by category."), verbose_name=_("category"))
    period_start = models.DateField(verbose_name=_("period start"))
    period_end = models.DateField(verbose_name=_("period end"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code"}
    rate_date_field = "period_start"

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["mission", "period_start", "category"]

    def __str__(self):
        category = self.get_category_display() if self.category else _("all categories")
        return f"{self.mission.code} {category}, {self.period_start:%d %b %Y}–{self.period_end:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("funding:budget_detail", args=[self.pk])

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("A period cannot end before it starts.")})
        self.convert()


class FundTotal(ChangeLoggedModel, Money):
    """A total a source publishes for a fund (“$85 million received”), kept beside what the records add up to."""

    class Measure(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        RECEIVED = "received", _("Received")

    # The transaction types each published measure is compared with.
    TYPES = {Measure.PLEDGED: "pledge", Measure.RECEIVED: "disbursement"}

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="fund_totals",
                                verbose_name=_("mission"))
    recipient = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="fund_totals",
                                  help_text=_("The fund the total is about."), verbose_name=_("recipient"))
    measure = models.CharField(max_length=20, choices=Measure.choices, verbose_name=_("measure"))
    as_of = models.DateField(_("as of"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    citations = GenericRelation("sources.Citation")

    scope_paths = {"mission": "mission__code"}
    rate_date_field = "as_of"

    class Meta:
        verbose_name_plural = _("published fund totals")
        ordering = ["mission", "as_of", "pk"]
        verbose_name = _("published fund total")

    def __str__(self):
        return f"{self.recipient}: {self.get_measure_display().lower()} {self.amount_text} as of {self.as_of:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("funding:fundtotal_detail", args=[self.pk])

    def clean(self):
        self.convert()
