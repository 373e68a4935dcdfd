"""Addresses of sources, claims and citations."""

from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "sources"


def sources_urls(*, claim_list_view, claim_detail_view):
    """The sources' URL patterns, with the claims' list and page: they set each claim beside what the movements
    give, from the layers above sources, so the project's URL configuration (muster/urls.py) names them."""
    return [
        *crud_urls("sources", "source", list_view=views.SourceListView, detail_view=views.SourceView,
                   edit_view=views.SourceEditView, delete_view=views.SourceDeleteView),
        *crud_urls("claims", "claim", list_view=claim_list_view, detail_view=claim_detail_view,
                   edit_view=views.ClaimEditView, delete_view=views.ClaimDeleteView),
        path("citations/add/", views.CitationAddView.as_view(), name="citation_add"),
        path("citations/<int:pk>/delete/", views.CitationDeleteView.as_view(), name="citation_delete"),
    ]
