"""Pages of operations, a module per concern: `incidents` (incidents, their tolls, actors, event types), `casualties`
(the mission's own casualties, one act with the roll), `incident_map` (the commune map, the weekly chart, the
timelines) and `acled` (ACLED's CSV in, and the incident list out as ACLED, HXL and GeoJSON)."""
