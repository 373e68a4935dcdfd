from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "force"

urlpatterns = [
    path("dashboard/<slug:code>/", views.MissionDashboardView.as_view(), name="dashboard"),
    path("dashboard/<slug:code>/strength.<str:fmt>", views.MissionDashboardView.as_view(), name="dashboard_export"),
    *crud_urls("contingents", "contingent", list_view=views.ContingentListView, detail_view=views.ContingentView,
               edit_view=views.ContingentEditView, delete_view=views.ContingentDeleteView),
    *crud_urls("movements", "movement", list_view=views.MovementListView, detail_view=views.MovementView,
               edit_view=views.MovementEditView, delete_view=views.MovementDeleteView),
]
