"""The demo users: one per standard role, all with one published password, for `muster init --demo` and the tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from muster.missions.models import Organization

from .organizations import organization_ensure

DEMO_PASSWORD = "muster-demo-2025"

DEMO_USERS = [
    # (username, role, country, organization, description)
    ("admin", None, None, None, "mission administrator: everything"),
    ("j1", "Personnel officer (J1)", None, None, "personnel officer: contingents, movements, the nominal roll"),
    ("j3", "Operations officer (J3)", None, None, "operations officer: reads the picture"),
    ("j4", "Logistics officer (J4)", None, None, "logistics officer: sites, fleet, work orders, shipments"),
    ("finance", "Finance officer", None, None, "finance officer: funding, contracts, budgets"),
    ("liaison-gtm", "Country liaison", "GTM", None, "Guatemala's liaison: Guatemala's records only"),
    ("liaison-ken", "Country liaison", "KEN", None, "Kenya's liaison: Kenya's records only"),
    ("donor-usa", "Donor representative", "USA", "United States Department of State",
     "donor: its own contributions in full, the rest as totals"),
]


@transaction.atomic
def demo_users_ensure():
    """Create the demo users, one per role, all with DEMO_PASSWORD. Returns [(username, description)]."""
    User = get_user_model()
    for username, role, iso3, organization, _description in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = role is None
        user.country_id = iso3 if role == "Country liaison" else None
        if organization:
            user.organization = organization_ensure(organization, Organization.Kind.GOVERNMENT, iso3)
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
    return [(u, d) for u, _r, _c, _o, d in DEMO_USERS]
