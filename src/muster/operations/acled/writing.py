"""ACLED's import writing: the records a file changes (matching.AcledChanges) stored in bulk, the importer's scope
checked, every write in the change log — as the roll's (force/roll_write.py), for the reason core/store.py gives:
a store per row costs a savepoint, a lock, a save and a log insert each (bench/acled_import.py measures both).

Call inside the transaction the changes were matched in (`acled_import`), so that what was checked is what is
stored, and a refusal here keeps none of it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from muster.core.changelog import log_bulk, serialize
from muster.core.models import ObjectChange
from muster.core.permissions import enforce_scope
from muster.core.store import record_store
from muster.force.imports import RowError
from muster.sources.models import Citation

from ..models import Actor, Incident, Toll
from ..services import incident_store
from .matching import CHUNK, FIELD_COLUMNS, MANY, own_fields

# The fields of an incident an import writes: those ACLED carries, and its title while it is the one an import gave.
ACLED_FIELDS = ("date", "time_precision", "event_type", "location", "latitude", "longitude", "geo_precision",
                "actor1", "actor2", "civilian_targeting", "narrative", "title")


def acled_changes_write(*, user, changes):
    """Store `changes` (no errors among them): new actors, incidents, their associated actors, tolls and citations
    by bulk_create, changed ones by bulk_update with their versions claimed, removed tolls deleted, then the
    scope check and one change-log batch (`log_bulk`). Call inside the transaction they were matched in."""
    now, logs = timezone.now(), []
    source = changes.source
    if source.pk is None and (changes.citations_new or changes.citations_changed):
        record_store(user=None, record=source)  # as a citation's source is stored (sources.services.citation_attach)
    Actor.objects.bulk_create(changes.actors_new, batch_size=CHUNK)
    logs += [(actor, ObjectChange.Action.CREATE, None, serialize(actor)) for actor in changes.actors_new]
    created_after = {}
    for incident in changes.incidents_new:
        incident.actor1, incident.actor2 = incident.actor1, incident.actor2  # the new actors' keys
        created_after[id(incident)] = serialize(incident)  # before its key: no query for its many-to-many
    Incident.objects.bulk_create(changes.incidents_new, batch_size=CHUNK)
    for incident, _before in changes.incidents_changed:
        incident.actor1, incident.actor2 = incident.actor1, incident.actor2
        incident.version += 1
        incident.last_updated = now
    Incident.objects.bulk_update([i for i, _b in changes.incidents_changed],
                                 [*ACLED_FIELDS, "occurred_at", "adm1", "adm2", "outside_boundaries", "version",
                                  "last_updated"], batch_size=CHUNK)
    _associated_write(changes)
    _with_casualties_write(user, changes)
    for incident in changes.incidents_new:
        sides = changes.associated.get(id(incident), ([], []))
        after = created_after[id(incident)] | {"associated_actors1": sorted(a.pk for a in sides[0]),
                                                "associated_actors2": sorted(a.pk for a in sides[1]), "units": []}
        logs.append((incident, ObjectChange.Action.CREATE, None, after))
    for incident, before in changes.incidents_changed:
        after = own_fields(incident) | {name: before[name] for name in MANY}  # its links as they were…
        if id(incident) in changes.associated:  # … or as written
            sides = changes.associated[id(incident)]
            after |= {"associated_actors1": sorted(a.pk for a in sides[0]),
                      "associated_actors2": sorted(a.pk for a in sides[1])}
        logs.append((incident, ObjectChange.Action.UPDATE, before, after))
    for toll in changes.tolls_new:
        toll.incident = toll.incident
    Toll.objects.bulk_create(changes.tolls_new, batch_size=CHUNK)
    logs += [(toll, ObjectChange.Action.CREATE, None, serialize(toll)) for toll in changes.tolls_new]
    for toll, _before in changes.tolls_changed:
        toll.version += 1
        toll.last_updated = now
    Toll.objects.bulk_update([t for t, _b in changes.tolls_changed], ["count", "as_reported", "version",
                                                                      "last_updated"], batch_size=CHUNK)
    logs += [(toll, ObjectChange.Action.UPDATE, before, serialize(toll)) for toll, before in changes.tolls_changed]
    if user is not None:
        _within(user, Toll, "delete", [t.pk for t in changes.tolls_removed])
    if changes.tolls_removed:  # few: a delete is logged whole by the change log's own receivers
        Toll.objects.filter(pk__in=[t.pk for t in changes.tolls_removed]).delete()
    for citation in changes.citations_new:
        citation.source = source
        citation.object_id = citation.cited_incident.pk
    Citation.objects.bulk_create(changes.citations_new, batch_size=CHUNK)
    logs += [(c, ObjectChange.Action.CREATE, None, serialize(c)) for c in changes.citations_new]
    for citation, _before in changes.citations_changed:
        citation.version += 1
        citation.last_updated = now
    Citation.objects.bulk_update([c for c, _b in changes.citations_changed], ["quote", "locator", "version",
                                                                              "last_updated"], batch_size=CHUNK)
    logs += [(c, ObjectChange.Action.UPDATE, before, serialize(c)) for c, before in changes.citations_changed]
    if user is not None:
        _scope_checked(user, changes)
    log_bulk(logs)


class AcledRefused(Exception):
    """Rows refused while they were written (a casualty that cannot follow its incident to another day): nothing
    of the file is kept."""

    def __init__(self, errors):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def _with_casualties_write(user, changes):
    """Changed incidents with casualties of the mission's own personnel, each through incident_store (one store
    per incident, logged by its save): their casualties' duty statuses and movements move with their date. A
    casualty that cannot follow refuses the file, naming the row."""
    errors = []
    for number, incident in sorted(changes.incidents_with_casualties.items()):
        incident.actor1, incident.actor2 = incident.actor1, incident.actor2
        sides = changes.associated.get(id(incident))
        many = None if sides is None else {"associated_actors1": sides[0], "associated_actors2": sides[1]}
        try:
            incident_store(user=user, incident=incident, many=many)
        except ValidationError as error:
            errors += [RowError(number, FIELD_COLUMNS.get(name, name), " ".join(messages))
                       for name, messages in error.message_dict.items()]
    if errors:
        raise AcledRefused(errors)


def _associated_write(changes):
    """The associated actors of new incidents, and of changed ones whose actors changed, as their link rows (a
    stored incident's replaced whole)."""
    links = {1: [], 2: []}
    replaced = [i.pk for i, _b in changes.incidents_changed if id(i) in changes.associated]
    for incident in [*changes.incidents_new, *(i for i, _b in changes.incidents_changed)]:
        for side, actors in zip((1, 2), changes.associated.get(id(incident), ((), ())), strict=True):
            links[side] += [(incident.pk, actor.pk) for actor in actors]
    for side, name in ((1, "associated_actors1"), (2, "associated_actors2")):
        through = getattr(Incident, name).through
        for start in range(0, len(replaced), CHUNK):
            through.objects.filter(incident_id__in=replaced[start:start + CHUNK]).delete()
        through.objects.bulk_create([through(incident_id=i, actor_id=a) for i, a in links[side]], batch_size=CHUNK)


def _within(user, model, action, keys):
    """Refuse the whole import unless every record of `keys` lies within what `user` may `action`."""
    keys = sorted(set(keys))
    found = 0
    for start in range(0, len(keys), CHUNK):
        found += model.objects.restrict(user, action).filter(pk__in=keys[start:start + CHUNK]).count()
    if found != len(keys):
        raise PermissionDenied(_("Part of this file lies outside what you may change; nothing was saved."))


def _scope_checked(user, changes):
    """The writes lie in the importer's scope, or none of them is kept (inside the transaction). An incident's scope
    is its mission, classification and units: every new incident of a file shares its mission and classification
    and has no units, so one stands for all, and one new toll for all new tolls; changed incidents were matched
    among those the user may change, and are checked again here, with their tolls, each."""
    try:
        for records in (changes.actors_new, changes.incidents_new, changes.tolls_new):
            if records:
                enforce_scope(user=user, instance=records[0], action="add")
    except PermissionDenied:
        raise PermissionDenied(_("Part of this file lies outside what you may change; nothing was saved.")) from None
    _within(user, Incident, "change", [i.pk for i, _b in changes.incidents_changed])
    _within(user, Toll, "change", [t.pk for t, _b in changes.tolls_changed])
