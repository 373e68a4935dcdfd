"""Addresses of places: the pages of administrative areas and sites (under /logistics/, where they have always
been)."""

from muster.core.urls import crud_urls

from . import views

app_name = "places"


def places_urls(*, site_detail_view):
    """The places' URL patterns, with the page of one site: it shows the roll's and the fleet's records at the
    site, from the layers above places, so the project's URL configuration (muster/urls.py) names it."""
    return [
        *crud_urls("logistics/areas", "adminarea", list_view=views.AdminAreaListView, detail_view=views.AdminAreaView),
        *crud_urls("logistics/sites", "site", list_view=views.SiteListView, detail_view=site_detail_view,
                   edit_view=views.SiteEditView, delete_view=views.SiteDeleteView),
    ]
