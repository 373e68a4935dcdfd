"""The standard roles of a mission, as groups with their object permissions (data, not code).

`roles_ensure()` creates or refreshes them; `muster init` runs it on every start. Administrators can
change the grants in the admin; constraints use `$user.country` and `$user.organization` so one role
serves every contributing country's liaison and every donor.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import ObjectPermission

REFERENCE = ["missions.mission", "missions.authorization", "missions.country", "missions.organization",
             "missions.appointment"]
# Who holds a mission's posts (its commanders, a country's minister): public figures, kept by J1 and J3.
APPOINTMENTS = ["missions.appointment"]
FORCE = ["force.contingent", "force.movement"]
# The nominal roll names people: its own grants, held only by those who need names (DESIGN.md, "Need to know").
# Where a named officer is posted (force.posting) is part of it: the logistics officer sees counts by site.
ROLL = ["force.person", "force.tour", "force.dutystatus", "force.posting"]
SOURCES = ["sources.source", "sources.claim"]
# Who gave what to whom is detail a donor sees only for itself; budgets, rates and published totals are shared.
FUNDING_FLOWS = ["funding.fundingflow", "funding.transaction"]
FUNDING_SHARED = ["funding.budget", "funding.exchangerate", "funding.fundtotal"]
# Logistics: boundaries are public reference data; sites, postings, the fleet, maintenance and shipments are J4's.
PLACES = ["places.adminarea"]
LOGISTICS = ["places.site", "force.siteassignment", "logistics.vehicle", "logistics.vehiclebasing",
             "logistics.vehiclestatus", "logistics.workorder", "logistics.shipment"]
# Operations: incidents and their tolls are read by classification (a liaison: shareable or public; a donor: public);
# the mission's own casualties name officers, so they are granted like the roll; event types and actors are reference.
OPERATIONS_REFERENCE = ["operations.eventtype", "operations.actor"]
INCIDENTS = ["operations.incident", "operations.toll"]
CASUALTIES = ["operations.casualty"]
SITREPS = ["operations.sitrep"]
SHAREABLE = ["shareable", "public"]
# Statements and the records they propose, before review (intake); accepting one writes records under their own grants.
INTAKE = ["intake.statement", "intake.proposal"]
REVIEW = ["view", "add", "change"]
EDIT = ["view", "add", "change", "delete"]

# role -> [(permission name, object types, actions, constraints)]
ROLES = {
    "Personnel officer (J1)": [
        ("J1: reference data", REFERENCE, ["view"], None),
        ("J1: force and sources", FORCE + SOURCES, EDIT, None),
        ("J1: nominal roll and gender targets", ROLL + ["force.gendertarget"], EDIT, None),
        # To post officers to sites (and see the map of where they are), not to change the sites.
        ("J1: sites to post officers to", PLACES + ["places.site"], ["view"], None),
        ("J1: incidents and situation reports", OPERATIONS_REFERENCE + INCIDENTS + SITREPS, ["view"], None),
        ("J1: the mission's casualties", CASUALTIES, EDIT, None),
        ("J1: intake of statements", INTAKE, REVIEW, None),
        ("J1: appointments", APPOINTMENTS, REVIEW, None),
    ],
    "Operations officer (J3)": [
        ("J3: read the picture", REFERENCE + FORCE + SOURCES, ["view"], None),
        ("J3: bases and fleet readiness", PLACES + LOGISTICS, ["view"], None),
        # J3 keeps the actors (a new gang, a coalition's members); ACLED's event types change with its codebook, by
        # the administrator.
        ("J3: incidents and situation reports", ["operations.actor"] + INCIDENTS + SITREPS, EDIT, None),
        ("J3: event types", ["operations.eventtype"], ["view"], None),
        ("J3: intake of statements", INTAKE, REVIEW, None),
        ("J3: appointments", APPOINTMENTS, REVIEW, None),
    ],
    "Logistics officer (J4)": [
        ("J4: read the picture", REFERENCE + FORCE + SOURCES, ["view"], None),
        ("J4: contracts", ["funding.contract"], ["view"], None),
        ("J4: logistics", LOGISTICS, EDIT, None),
        ("J4: boundaries", PLACES, ["view"], None),
        ("J4: incidents and situation reports", OPERATIONS_REFERENCE + INCIDENTS + SITREPS, ["view"], None),
    ],
    "Finance officer": [
        ("Finance: read the picture", REFERENCE + FORCE + SOURCES, ["view"], None),
        ("Finance: maintenance and shipments under contract", PLACES + LOGISTICS, ["view"], None),
        ("Finance: funding, contracts and budgets", FUNDING_FLOWS + FUNDING_SHARED + ["funding.contract"], EDIT, None),
        ("Finance: incidents and situation reports", OPERATIONS_REFERENCE + INCIDENTS + SITREPS, ["view"], None),
        ("Finance: intake of statements", INTAKE, REVIEW, None),
    ],
    "Country liaison": [
        ("Liaison: missions", ["missions.mission", "missions.authorization"], ["view"], None),
        ("Liaison: own country", ["missions.country", "missions.organization"], ["view"],
         {"country": "$user.country"}),
        # Another country's posts are not theirs to know; the mission's own (no country) are.
        ("Liaison: own country's appointments", APPOINTMENTS, ["view"], {"country": "$user.country"}),
        ("Liaison: the mission's appointments", APPOINTMENTS, ["view"], {"no_country": True}),
        ("Liaison: own contingents and movements", FORCE, ["view", "add", "change"], {"country": "$user.country"}),
        ("Liaison: own nominal roll", ROLL, ["view", "add", "change"], {"country": "$user.country"}),
        # To post their officers to sites; the map then counts only their own country's people.
        ("Liaison: sites to post officers to", PLACES + ["places.site"], ["view"], None),
        ("Liaison: sources", ["sources.source"], ["view", "add"], None),
        ("Liaison: claims about own country", ["sources.claim"], ["view"], {"country": "$user.country"}),
        ("Liaison: event types and actors", OPERATIONS_REFERENCE, ["view"], None),
        ("Liaison: incidents shareable with contributing countries", INCIDENTS, ["view"],
         {"classification": SHAREABLE}),
        ("Liaison: own country's casualties", CASUALTIES, ["view", "add", "change"], {"country": "$user.country"}),
        ("Liaison: situation reports", SITREPS, ["view"], None),
        # The statements submitted from their country, and of these the proposals about their country.
        ("Liaison: statements submitted from own country", ["intake.statement"], REVIEW, {"country": "$user.country"}),
        ("Liaison: proposals about own country", ["intake.proposal"], REVIEW,
         {"country": "$user.country", "submitted_from": "$user.country"}),
    ],
    "Donor representative": [
        ("Donor: the aggregate picture", REFERENCE + FORCE + SOURCES, ["view"], None),
        ("Donor: own funding flows", FUNDING_FLOWS + ["funding.contract"], ["view"],
         {"organization": "$user.organization"}),
        ("Donor: budgets, rates and published totals", FUNDING_SHARED, ["view"], None),
        # A donor follows the vehicles and deliveries it gave, not the whole fleet or where the bases are.
        # Their basings too, as their statuses: where each of its vehicles is (as the vehicle's own site shows).
        ("Donor: own vehicles and shipments", ["logistics.vehicle", "logistics.vehiclebasing",
                                               "logistics.vehiclestatus", "logistics.workorder",
                                               "logistics.shipment"], ["view"], {"organization": "$user.organization"}),
        ("Donor: event types and actors", OPERATIONS_REFERENCE, ["view"], None),
        ("Donor: public incidents", INCIDENTS, ["view"], {"classification": ["public"]}),
        # The departments and communes (OCHA's published boundaries) that the map of those incidents is drawn on.
        ("Donor: departments and communes", PLACES, ["view"], None),
        ("Donor: situation reports", SITREPS, ["view"], None),
    ],
}

# Roles that see people's names (the nominal roll) or move money sign in with a second factor, as does the
# administrator; the others may (core/two_factor.py). A change here applies from each user's next sign-in.
SECOND_FACTOR_ROLES = ["Personnel officer (J1)", "Country liaison", "Finance officer"]


def second_factor_required(user):
    """Whether this user must sign in with a second factor (an authenticator app), not only may."""
    return user.is_superuser or user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()


@transaction.atomic
def roles_ensure():
    """Create the standard roles and their grants, or bring them back to the standard."""
    for role, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name, object_types, actions, constraints in grants:
            permission, _ = ObjectPermission.objects.update_or_create(
                name=name,
                defaults={"object_types": object_types, "actions": actions, "constraints": constraints,
                          "description": f"Standard grant of the role {role}."},
            )
            permission.full_clean()
            permission.groups.add(group)
