"""The transparency site: what missions publish, for anyone, without signing in.

Addresses are stable: a mission's page for a day (its permalink) and, under it, each table as CSV, HXL-tagged CSV
and JSON, the data package describing them, and the chart as SVG.
"""

from django.urls import path, re_path

from muster.core.urls import crud_urls

from . import views, views_publication

app_name = "public"

CODE = r"(?P<code>[A-Za-z0-9_-]+)"
DAY = r"(?P<on>\d{4}-\d{2}-\d{2})"

urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="index"),
    # What each mission publishes, for administrators: before the missions' codes, which it would otherwise be.
    *crud_urls("publications", "publication", list_view=views_publication.PublicationListView,
               detail_view=views_publication.PublicationView, edit_view=views_publication.PublicationEditView,
               delete_view=views_publication.PublicationDeleteView),
    re_path(rf"^{CODE}/$", views.PublicMissionView.as_view(), name="mission"),
    re_path(rf"^{CODE}/{DAY}/$", views.PublicMissionView.as_view(), name="mission_on"),
    re_path(rf"^{CODE}/{DAY}/(?P<name>[a-z][a-z-]*)\.(?P<fmt>csv|hxl\.csv|json|svg)$", views.PublicDataView.as_view(),
            name="data"),
]
