"""Reads of places."""

from django.db.models import Q


def sites_open(sites, *, on):
    """The sites of `sites` open on `on`: opened by then (or undated) and not yet closed."""
    return sites.filter(Q(opened__isnull=True) | Q(opened__lte=on)).filter(Q(closed__isnull=True) | Q(closed__gte=on))
