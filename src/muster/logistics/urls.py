"""Addresses of logistics: the map and the pages of the fleet's records (a site's page is
places', given by muster/urls.py)."""

from django.urls import path

from muster.core.urls import crud_urls

from .views import fleet, shipments, sites_map

app_name = "logistics"

urlpatterns = [
    path("logistics/", sites_map.MapView.as_view(), name="map"),
    path("logistics/map/<slug:code>/", sites_map.MapView.as_view(), name="map_mission"),
    path("logistics/map/<slug:code>/sites.geojson", sites_map.SitesGeoJSONView.as_view(), name="sites_geojson"),
    *crud_urls("logistics/vehicles", "vehicle", list_view=fleet.VehicleListView, detail_view=fleet.VehicleView,
               edit_view=fleet.VehicleEditView, delete_view=fleet.VehicleDeleteView),
    *crud_urls("logistics/basings", "vehiclebasing", list_view=fleet.VehicleBasingListView,
               detail_view=fleet.VehicleBasingView, edit_view=fleet.VehicleBasingEditView,
               delete_view=fleet.VehicleBasingDeleteView),
    *crud_urls("logistics/statuses", "vehiclestatus", list_view=fleet.VehicleStatusListView,
               detail_view=fleet.VehicleStatusView, edit_view=fleet.VehicleStatusEditView,
               delete_view=fleet.VehicleStatusDeleteView),
    *crud_urls("logistics/work-orders", "workorder", list_view=fleet.WorkOrderListView,
               detail_view=fleet.WorkOrderView, edit_view=fleet.WorkOrderEditView,
               delete_view=fleet.WorkOrderDeleteView),
    *crud_urls("logistics/shipments", "shipment", list_view=shipments.ShipmentListView,
               detail_view=shipments.ShipmentView, edit_view=shipments.ShipmentEditView,
               delete_view=shipments.ShipmentDeleteView),
]
