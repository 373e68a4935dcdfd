"""Addresses of logistics: the map and the pages of the fleet's records (a site's page is
places', given by muster/urls.py)."""

from django.urls import path

from muster.core.urls import crud_urls

from . import views

app_name = "logistics"

urlpatterns = [
    path("logistics/", views.MapView.as_view(), name="map"),
    path("logistics/map/<slug:code>/", views.MapView.as_view(), name="map_mission"),
    path("logistics/map/<slug:code>/sites.geojson", views.SitesGeoJSONView.as_view(), name="sites_geojson"),
    *crud_urls("logistics/vehicles", "vehicle", list_view=views.VehicleListView, detail_view=views.VehicleView,
               edit_view=views.VehicleEditView, delete_view=views.VehicleDeleteView),
    *crud_urls("logistics/basings", "vehiclebasing", list_view=views.VehicleBasingListView,
               detail_view=views.VehicleBasingView, edit_view=views.VehicleBasingEditView,
               delete_view=views.VehicleBasingDeleteView),
    *crud_urls("logistics/statuses", "vehiclestatus", list_view=views.VehicleStatusListView,
               detail_view=views.VehicleStatusView, edit_view=views.VehicleStatusEditView,
               delete_view=views.VehicleStatusDeleteView),
    *crud_urls("logistics/work-orders", "workorder", list_view=views.WorkOrderListView,
               detail_view=views.WorkOrderView, edit_view=views.WorkOrderEditView,
               delete_view=views.WorkOrderDeleteView),
    *crud_urls("logistics/shipments", "shipment", list_view=views.ShipmentListView, detail_view=views.ShipmentView,
               edit_view=views.ShipmentEditView, delete_view=views.ShipmentDeleteView),
]
