from django.urls import path

from muster.core.urls import crud_urls

from .views import contingents, contributions, gender_targets, movements, postings, roll, roll_import

app_name = "force"

urlpatterns = [
    *crud_urls("contingents", "contingent", list_view=contingents.ContingentListView,
               detail_view=contingents.ContingentView, edit_view=contingents.ContingentEditView,
               delete_view=contingents.ContingentDeleteView),
    *crud_urls("movements", "movement", list_view=movements.MovementListView, detail_view=movements.MovementView,
               edit_view=movements.MovementEditView, delete_view=movements.MovementDeleteView),
    path("roll/import/", roll_import.RollImportView.as_view(), name="roll_import"),
    path("roll/imports/<uuid:request_id>/", roll_import.RollBatchView.as_view(), name="roll_batch"),
    path("contributions/import/", contributions.ContributionImportView.as_view(), name="contributions_import"),
    path("contingents/<int:pk>/roll.<str:fmt>", roll.RollExportView.as_view(), name="roll_export"),
    path("duty-statuses/set/", roll.DutyStatusBulkView.as_view(), name="dutystatus_bulk"),
    *crud_urls("people", "person", list_view=roll.PersonListView, detail_view=roll.PersonView,
               edit_view=roll.PersonEditView, delete_view=roll.PersonDeleteView),
    *crud_urls("tours", "tour", list_view=roll.TourListView, detail_view=roll.TourView,
               edit_view=roll.TourEditView, delete_view=roll.TourDeleteView),
    *crud_urls("duty-statuses", "dutystatus", list_view=roll.DutyStatusListView, detail_view=roll.DutyStatusView,
               edit_view=roll.DutyStatusEditView, delete_view=roll.DutyStatusDeleteView),
    *crud_urls("gender-targets", "gendertarget", list_view=gender_targets.GenderTargetListView,
               detail_view=gender_targets.GenderTargetView, edit_view=gender_targets.GenderTargetEditView,
               delete_view=gender_targets.GenderTargetDeleteView),
    # Who is where: under /logistics/, where they have always been.
    *crud_urls("logistics/assignments", "siteassignment", list_view=postings.SiteAssignmentListView,
               detail_view=postings.SiteAssignmentView, edit_view=postings.SiteAssignmentEditView,
               delete_view=postings.SiteAssignmentDeleteView),
    path("logistics/postings/set/", postings.PostingBulkView.as_view(), name="posting_bulk"),
    *crud_urls("logistics/postings", "posting", list_view=postings.PostingListView, detail_view=postings.PostingView,
               edit_view=postings.PostingEditView, delete_view=postings.PostingDeleteView),
]
