"""Forms of funding: every figure entered with its source, amounts typed in units (13300000.00), kept in cents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from muster.core.forms import RestrictedModelForm
from muster.sources.models import Source

from .models import Budget, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction
from .money import currency_valid, from_minor, to_minor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SOURCE_FIELDS = ("source", "new_source_title", "new_source_publisher", "new_source_kind", "new_source_published_on",
                 "new_source_address", "quote")


class CitedForm(RestrictedModelForm):
    """A record and the source it comes from: an existing source, or a new one described here (on add)."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, label=_("Source"),
        help_text=_("The statement, report or document that gives this figure. Or describe a new source below."),
    )
    new_source_title = forms.CharField(label=_("New source: title"), required=False, max_length=300)
    new_source_publisher = forms.CharField(label=_("New source: publisher"), required=False, max_length=200)
    new_source_kind = forms.ChoiceField(label=_("New source: kind"), choices=Source.Kind.choices,
                                        initial=Source.Kind.UN_DOCUMENT, required=False)
    new_source_published_on = forms.DateField(label=_("New source: published on"), required=False, widget=DATE)
    new_source_address = forms.URLField(label=_("New source: address"), required=False, max_length=500)
    quote = forms.CharField(label=_("Quoted words"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in SOURCE_FIELDS:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            if cleaned.get("source") is None and not cleaned.get("new_source_title"):
                self.add_error("source", _("Every figure needs the source that gives it: choose one or describe a "
                                           "new one."))
            if cleaned.get("new_source_title") and not cleaned.get("new_source_publisher"):
                self.add_error("new_source_publisher", _("Name who published the new source."))
        return cleaned

    def chosen_source(self):
        """The chosen source, or a new unsaved one from the form's fields (None when editing)."""
        data = self.cleaned_data
        if "source" not in self.fields:
            return None
        if data.get("source") is not None:
            return data["source"]
        return Source(kind=data.get("new_source_kind") or Source.Kind.UN_DOCUMENT, title=data["new_source_title"],
                      publisher=data["new_source_publisher"], published_on=data.get("new_source_published_on"),
                      address=data.get("new_source_address") or "")


class MoneyForm(CitedForm):
    """The amount as the user writes it (units, with the currency's decimals), stored in minor units."""

    amount_field = "amount"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_field = self._meta.model._meta.get_field("amount")
        self.fields["amount"] = forms.DecimalField(
            label=model_field.verbose_name.capitalize(), required=not model_field.null, decimal_places=4,
            max_digits=22, help_text=_("In the currency's units, e.g. 13300000 or 8700000.50."),
        )
        self.fields["currency"].widget.attrs.update({"size": 4, "maxlength": 3})
        if self.instance.pk is not None and self.instance.amount is not None:
            self.initial["amount"] = from_minor(self.instance.amount, self.instance.currency)

    def clean(self):
        cleaned = super().clean()
        amount, currency = cleaned.get("amount"), (cleaned.get("currency") or "").upper()
        if currency:
            cleaned["currency"] = currency
        if amount is not None and currency_valid(currency):
            try:
                cleaned["amount"] = to_minor(amount, currency)
            except ValueError as error:
                self.add_error("amount", str(error))
        return cleaned


class FundingFlowForm(CitedForm):
    class Meta:
        model = FundingFlow
        fields = ["mission", "donor", "recipient", "instrument", "category", "purpose", "reference", "agreed_on",
                  "notes"]
        widgets = {"agreed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class TransactionForm(MoneyForm):
    class Meta:
        model = Transaction
        fields = ["flow", "type", "date", "amount", "currency", "description", "reference"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flow"].queryset = self.fields["flow"].queryset.select_related("donor", "recipient")


class ContractForm(MoneyForm):
    class Meta:
        model = Contract
        fields = ["mission", "title", "reference", "category", "vendor", "funder", "beneficiary", "amount", "currency",
                  "start", "end", "status", "flows", "notes"]
        widgets = {"start": DATE, "end": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flows"].queryset = self.fields["flows"].queryset.select_related("donor", "recipient")


class BudgetForm(MoneyForm):
    class Meta:
        model = Budget
        fields = ["mission", "category", "period_start", "period_end", "amount", "currency", "note"]
        widgets = {"period_start": DATE, "period_end": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class ExchangeRateForm(CitedForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "date", "usd_per_unit", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()


class FundTotalForm(MoneyForm):
    class Meta:
        model = FundTotal
        fields = ["mission", "recipient", "measure", "as_of", "amount", "currency", "note"]
        widgets = {"as_of": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class IatiImportForm(forms.Form):
    mission = forms.SlugField(label=_("Mission code"), initial="MSS")
    file = forms.FileField(label=_("IATI activity XML file"))
