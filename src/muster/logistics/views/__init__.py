"""Pages of logistics, a module per concern: `sites_map` (the sites on a map, and as GeoJSON), `site` (a site's page),
`fleet` (vehicles, basings, statuses, work orders) and `shipments`."""
