"""Forms of funding: every figure entered with its source, amounts typed in units (13300000.00), kept in cents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from muster.core.forms import DATE
from muster.core.uploads import UploadField
from muster.sources.forms import CitedForm
from muster.sources.models import Source

from .models import Budget, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction
from .money import currency_valid, from_minor, to_minor


class FundingCitedForm(CitedForm):
    """Funding figures mostly come from UN and government documents."""

    new_source_kind_default = Source.Kind.UN_DOCUMENT


class MoneyForm(FundingCitedForm):
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


class FundingFlowForm(FundingCitedForm):
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


class ExchangeRateForm(FundingCitedForm):
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
    file = UploadField(label=_("IATI activity XML file"))
