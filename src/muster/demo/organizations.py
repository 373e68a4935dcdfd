"""The organizations the demo names (donors, trust funds, services), found by name or stored once."""

from muster.core.store import record_store
from muster.missions.models import Organization


def organization_ensure(name, kind, iso3=None):
    """The organization called `name`, stored through the one store as the system (the demo) when it is new."""
    return Organization.objects.filter(name=name).first() or record_store(
        user=None, record=Organization(name=name, kind=kind, country_id=iso3))
