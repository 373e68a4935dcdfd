from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "force"

urlpatterns = [
    *crud_urls("contingents", "contingent", list_view=views.ContingentListView, detail_view=views.ContingentView,
               edit_view=views.ContingentEditView, delete_view=views.ContingentDeleteView),
    *crud_urls("movements", "movement", list_view=views.MovementListView, detail_view=views.MovementView,
               edit_view=views.MovementEditView, delete_view=views.MovementDeleteView),
    path("roll/import/", views.RollImportView.as_view(), name="roll_import"),
    path("roll/imports/<uuid:request_id>/", views.RollBatchView.as_view(), name="roll_batch"),
    path("contributions/import/", views.ContributionImportView.as_view(), name="contributions_import"),
    path("contingents/<int:pk>/roll.<str:fmt>", views.RollExportView.as_view(), name="roll_export"),
    path("duty-statuses/set/", views.DutyStatusBulkView.as_view(), name="dutystatus_bulk"),
    *crud_urls("people", "person", list_view=views.PersonListView, detail_view=views.PersonView,
               edit_view=views.PersonEditView, delete_view=views.PersonDeleteView),
    *crud_urls("tours", "tour", list_view=views.TourListView, detail_view=views.TourView,
               edit_view=views.TourEditView, delete_view=views.TourDeleteView),
    *crud_urls("duty-statuses", "dutystatus", list_view=views.DutyStatusListView, detail_view=views.DutyStatusView,
               edit_view=views.DutyStatusEditView, delete_view=views.DutyStatusDeleteView),
    *crud_urls("gender-targets", "gendertarget", list_view=views.GenderTargetListView,
               detail_view=views.GenderTargetView, edit_view=views.GenderTargetEditView,
               delete_view=views.GenderTargetDeleteView),
    # Who is where: under /logistics/, where they have always been.
    *crud_urls("logistics/assignments", "siteassignment", list_view=views.SiteAssignmentListView,
               detail_view=views.SiteAssignmentView, edit_view=views.SiteAssignmentEditView,
               delete_view=views.SiteAssignmentDeleteView),
    path("logistics/postings/set/", views.PostingBulkView.as_view(), name="posting_bulk"),
    *crud_urls("logistics/postings", "posting", list_view=views.PostingListView, detail_view=views.PostingView,
               edit_view=views.PostingEditView, delete_view=views.PostingDeleteView),
]
