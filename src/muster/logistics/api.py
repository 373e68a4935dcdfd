"""API of sites, vehicles, vehicle statuses, work orders and shipments."""

ROUTES = []
