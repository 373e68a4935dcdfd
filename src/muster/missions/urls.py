from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "missions"

urlpatterns = [
    *crud_urls("missions", "mission", list_view=views.MissionListView, detail_view=views.MissionView,
               edit_view=views.MissionEditView, delete_view=views.MissionDeleteView),
    *crud_urls("authorizations", "authorization", list_view=views.AuthorizationListView,
               detail_view=views.AuthorizationView, edit_view=views.AuthorizationEditView,
               delete_view=views.AuthorizationDeleteView),
    *crud_urls("appointments", "appointment", list_view=views.AppointmentListView,
               detail_view=views.AppointmentView, edit_view=views.AppointmentEditView,
               delete_view=views.AppointmentDeleteView),
    *crud_urls("organizations", "organization", list_view=views.OrganizationListView,
               detail_view=views.OrganizationView, edit_view=views.OrganizationEditView,
               delete_view=views.OrganizationDeleteView),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:pk>/", views.CountryView.as_view(), name="country_detail"),
]
