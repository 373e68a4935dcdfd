"""Pages of funding: flows, transactions, contracts, budgets, rates, published totals, IATI and HXL (the dashboard:
reports/)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from muster.core import views as generic
from muster.core.changelog import set_message
from muster.core.exports import download
from muster.core.tables import Column
from muster.missions.models import Mission

from . import filtersets, forms
from .exports import hxl_contracts, hxl_transactions, iati_export
from .imports import ImportFailed, iati_import
from .models import Budget, Contract, ExchangeRate, FundingFlow, FundTotal, Transaction
from .services import funding_record


class IatiExportView(LoginRequiredMixin, View):
    """The mission's flows the user may see, as IATI 2.03 activity XML."""

    def get(self, request, code):
        mission = get_object_or_404(Mission.objects.restrict(request.user, "view"), code=code)
        if not generic.may(request.user, FundingFlow, "view"):
            raise PermissionDenied
        content = iati_export(mission=mission, flows=FundingFlow.objects.restrict(request.user, "view"))
        response = download(content, filename=f"iati_{mission.code}.xml", fmt="csv")
        response["Content-Type"] = "application/xml; charset=utf-8"
        return response


class HxlExportView(LoginRequiredMixin, View):
    """Transactions or contracts the user may see, as HXL-tagged CSV."""

    # Each export behaves like the list it exports: refused (403) to whoever may not open that list at all.
    EXPORTS = {"transactions": Transaction, "contracts": Contract}

    def get(self, request, code, what):
        model = self.EXPORTS.get(what)
        if model is None:
            raise Http404
        if not generic.may(request.user, model, "view"):
            raise PermissionDenied
        mission = get_object_or_404(Mission.objects.restrict(request.user, "view"), code=code)
        if model is Transaction:
            content = hxl_transactions(transactions=Transaction.objects.restrict(request.user, "view")
                                       .filter(flow__mission=mission))
        else:
            content = hxl_contracts(contracts=Contract.objects.restrict(request.user, "view").filter(mission=mission))
        return download(content, filename=f"{what}_{mission.code}_hxl.csv", fmt="csv")


class IatiImportView(LoginRequiredMixin, View):
    """Upload a donor's IATI file: all of it is stored, or nothing and every bad line is named."""

    template_name = "funding/iati_import.html"

    def check(self, request):
        if not (generic.may(request.user, FundingFlow, "add") and generic.may(request.user, Transaction, "add")):
            raise PermissionDenied

    def get(self, request):
        self.check(request)
        return render(request, self.template_name, {"form": forms.IatiImportForm()})

    def post(self, request):
        self.check(request)
        form = forms.IatiImportForm(request.POST, request.FILES)
        problems = []
        if form.is_valid():
            mission = Mission.objects.restrict(request.user, "view").filter(code=form.cleaned_data["mission"]).first()
            if mission is None:
                form.add_error("mission", _("No mission with this code that you may see."))
            else:
                upload = form.cleaned_data["file"]
                set_message(_("IATI import of %s") % upload.name)
                try:
                    counts = iati_import(content=upload.read(), mission=mission, user=request.user,
                                         filename=upload.name)
                except ImportFailed as error:
                    problems = error.messages
                except PermissionDenied as error:
                    problems = [str(error)]
                else:
                    messages.success(request, _("Imported %(flows)s new flows and %(transactions)s transactions.")
                                     % counts)
                    return redirect("reports:funding", code=mission.code)
        return render(request, self.template_name, {"form": form, "problems": problems})


class ExpiryColumn(Column):
    """An end date, flagged when it falls within the next 90 days: the contracts to renew or replace."""

    def html(self, obj, record):
        text = super().html(obj, record)
        end = self.value(obj)
        if end is None or getattr(record, "status", None) not in ("active", "suspended"):
            return text
        days = (end - timezone.localdate()).days
        if 0 <= days <= EXPIRY_DAYS:
            return format_html('<span class="flag" title="{}">{} ⚠</span>',
                               _("Ends in %(days)s days") % {"days": days}, text)
        return text


EXPIRY_DAYS = 90


def _money_columns():
    return [Column("amount_text", gettext_lazy("Amount"), sort="amount"),
            Column("usd_text", gettext_lazy("US dollars"), sort="usd_value")]


class FundingFlowListView(generic.ObjectListView):
    model = FundingFlow
    filterset_class = filtersets.FundingFlowFilterSet
    default_sort = ("mission__start", "donor__name", "agreed_on")
    columns = [
        Column("donor", gettext_lazy("Donor"), sort="donor__name", link=True),
        Column("recipient", gettext_lazy("Recipient"), sort="recipient__name"),
        Column("instrument", gettext_lazy("Instrument"), sort="instrument"),
        Column("purpose", gettext_lazy("Purpose")),
        Column("mission.code", gettext_lazy("Mission"), sort="mission__code"),
        Column("agreed_on", gettext_lazy("Agreed on"), sort="agreed_on"),
    ]

    related = ("donor", "recipient", "mission")


class FundingFlowView(generic.ObjectDetailView):
    model = FundingFlow

    related = ("donor", "recipient", "mission")

    def get_extra_context(self, request, obj):
        transactions = (obj.transactions.restrict(request.user, "view").prefetch_related("citations__source")
                        .order_by("date", "pk"))
        return {"transactions": transactions,
                "contracts": obj.contracts.restrict(request.user, "view").select_related("vendor")}


class CitedEditView(generic.ObjectEditView):
    """Save through `funding_record`, citing the source the form names (on add)."""

    def save(self, form):
        return funding_record(user=self.request.user, record=form.instance, source=form.chosen_source(),
                              quote=form.cleaned_data.get("quote", ""), many=generic.form_many(form))


class FundingFlowEditView(CitedEditView):
    model = FundingFlow
    form_class = forms.FundingFlowForm


class FundingFlowDeleteView(generic.ObjectDeleteView):
    model = FundingFlow


class TransactionListView(generic.ObjectListView):
    model = Transaction
    filterset_class = filtersets.TransactionFilterSet
    default_sort = ("date", "pk")
    columns = [
        Column("date", gettext_lazy("Date"), sort="date", link=True),
        Column("type", gettext_lazy("Type"), sort="type"),
        Column("flow.donor", gettext_lazy("Donor"), sort="flow__donor__name"),
        Column("flow.recipient", gettext_lazy("Recipient"), sort="flow__recipient__name"),
        *_money_columns(),
    ]

    related = ("flow__donor", "flow__recipient")


class TransactionView(generic.ObjectDetailView):
    model = Transaction

    related = ("flow__donor", "flow__recipient", "exchange_rate")


class TransactionEditView(CitedEditView):
    model = Transaction
    form_class = forms.TransactionForm


class TransactionDeleteView(generic.ObjectDeleteView):
    model = Transaction


class ContractListView(generic.ObjectListView):
    model = Contract
    filterset_class = filtersets.ContractFilterSet
    default_sort = ("end", "title")
    columns = [
        Column("title", gettext_lazy("Contract"), sort="title", link=True),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("vendor", gettext_lazy("Vendor"), sort="vendor__name"),
        Column("funder", gettext_lazy("Funder"), sort="funder__name"),
        Column("beneficiary", gettext_lazy("Beneficiary")),
        *_money_columns(),
        Column("start", gettext_lazy("Start"), sort="start"),
        ExpiryColumn("end", gettext_lazy("End"), sort="end"),
        Column("status", gettext_lazy("Status"), sort="status"),
    ]

    related = ("vendor", "funder", "beneficiary")


class ContractView(generic.ObjectDetailView):
    model = Contract

    related = ("vendor", "funder", "beneficiary", "mission")


class ContractEditView(CitedEditView):
    model = Contract
    form_class = forms.ContractForm


class ContractDeleteView(generic.ObjectDeleteView):
    model = Contract


class BudgetListView(generic.ObjectListView):
    model = Budget
    filterset_class = filtersets.BudgetFilterSet
    default_sort = ("mission__start", "period_start", "category")
    columns = [
        Column("mission.code", gettext_lazy("Mission"), sort="mission__code", link=True),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("period_start", gettext_lazy("From"), sort="period_start"),
        Column("period_end", gettext_lazy("To"), sort="period_end"),
        *_money_columns(),
    ]

    related = ("mission",)


class BudgetView(generic.ObjectDetailView):
    model = Budget


class BudgetEditView(CitedEditView):
    model = Budget
    form_class = forms.BudgetForm


class BudgetDeleteView(generic.ObjectDeleteView):
    model = Budget


class ExchangeRateListView(generic.ObjectListView):
    model = ExchangeRate
    filterset_class = filtersets.ExchangeRateFilterSet
    default_sort = ("currency", "-date")
    columns = [
        Column("currency", gettext_lazy("Currency"), sort="currency", link=True),
        Column("date", gettext_lazy("From"), sort="date"),
        Column("usd_per_unit", gettext_lazy("US dollars per unit")),
    ]


class ExchangeRateView(generic.ObjectDetailView):
    model = ExchangeRate


class ExchangeRateEditView(CitedEditView):
    model = ExchangeRate
    form_class = forms.ExchangeRateForm


class ExchangeRateDeleteView(generic.ObjectDeleteView):
    model = ExchangeRate


class FundTotalListView(generic.ObjectListView):
    model = FundTotal
    filterset_class = filtersets.FundTotalFilterSet
    default_sort = ("as_of", "pk")
    columns = [
        Column("as_of", gettext_lazy("As of"), sort="as_of", link=True),
        Column("recipient", gettext_lazy("Fund"), sort="recipient__name"),
        Column("measure", gettext_lazy("Measure"), sort="measure"),
        *_money_columns(),
    ]

    related = ("recipient",)


class FundTotalView(generic.ObjectDetailView):
    model = FundTotal


class FundTotalEditView(CitedEditView):
    model = FundTotal
    form_class = forms.FundTotalForm


class FundTotalDeleteView(generic.ObjectDeleteView):
    model = FundTotal
