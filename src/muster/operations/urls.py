"""Addresses of operations: each views module lists its own (incidents and their records; casualties; the map,
chart and timelines; ACLED in and out). The situation report's pages are reports' (muster.reports.urls)."""

from .views import acled, casualties, incident_map, incidents

app_name = "operations"

urlpatterns = [*incidents.urlpatterns, *casualties.urlpatterns, *incident_map.urlpatterns, *acled.urlpatterns]
