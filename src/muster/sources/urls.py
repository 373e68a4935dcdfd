from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "sources"

urlpatterns = [
    *crud_urls("sources", "source", list_view=views.SourceListView, detail_view=views.SourceView,
               edit_view=views.SourceEditView, delete_view=views.SourceDeleteView),
    *crud_urls("claims", "claim", list_view=views.ClaimListView, detail_view=views.ClaimView,
               edit_view=views.ClaimEditView, delete_view=views.ClaimDeleteView),
    path("citations/add/", views.CitationAddView.as_view(), name="citation_add"),
    path("citations/<int:pk>/delete/", views.CitationDeleteView.as_view(), name="citation_delete"),
]
