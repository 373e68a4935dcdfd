"""The operations API (being written): viewsets as ROUTES [(prefix, viewset)], other endpoints as PATHS."""

ROUTES = []
PATHS = []
