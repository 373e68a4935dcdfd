"""Logistics: sites, the vehicle fleet and its status history, work orders, shipments."""
