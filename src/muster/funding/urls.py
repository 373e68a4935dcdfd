from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "funding"

urlpatterns = [
    path("funding/dashboard/<slug:code>/iati.xml", views.IatiExportView.as_view(), name="iati_export"),
    path("funding/dashboard/<slug:code>/<str:what>.hxl.csv", views.HxlExportView.as_view(), name="hxl_export"),
    path("funding/import/iati/", views.IatiImportView.as_view(), name="iati_import"),
    *crud_urls("funding/flows", "fundingflow", list_view=views.FundingFlowListView, detail_view=views.FundingFlowView,
               edit_view=views.FundingFlowEditView, delete_view=views.FundingFlowDeleteView),
    *crud_urls("funding/transactions", "transaction", list_view=views.TransactionListView,
               detail_view=views.TransactionView, edit_view=views.TransactionEditView,
               delete_view=views.TransactionDeleteView),
    *crud_urls("funding/contracts", "contract", list_view=views.ContractListView, detail_view=views.ContractView,
               edit_view=views.ContractEditView, delete_view=views.ContractDeleteView),
    *crud_urls("funding/budgets", "budget", list_view=views.BudgetListView, detail_view=views.BudgetView,
               edit_view=views.BudgetEditView, delete_view=views.BudgetDeleteView),
    *crud_urls("funding/rates", "exchangerate", list_view=views.ExchangeRateListView,
               detail_view=views.ExchangeRateView, edit_view=views.ExchangeRateEditView,
               delete_view=views.ExchangeRateDeleteView),
    *crud_urls("funding/published-totals", "fundtotal", list_view=views.FundTotalListView,
               detail_view=views.FundTotalView, edit_view=views.FundTotalEditView,
               delete_view=views.FundTotalDeleteView),
]
