"""The roll import's writing: the records a roll changes (roll_match.RollChanges) stored in bulk, the importer's
scope checked, every write in the change log.

Call inside the transaction the changes were matched in (`services.roll_import`), so that what was checked is
what is stored, and a refusal here keeps none of it.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from muster.core.changelog import log_bulk, serialize
from muster.core.models import ObjectChange
from muster.core.permissions import enforce_scope

from .imports import PERSON_FIELDS, TOUR_FIELDS
from .models import Person, Posting, Tour


def roll_changes_write(*, user, changes):
    """Store `changes` (no errors among them): new people, tours and postings by bulk_create, changed ones by
    bulk_update with their versions claimed, then the scope check and one change-log batch (`log_bulk`)."""
    people_new, people_changed = changes.people_new, changes.people_changed
    tours_new, tours_changed = changes.tours_new, changes.tours_changed
    postings, created_after, logs = changes.postings, changes.created_after, []
    now = timezone.now()
    Person.objects.bulk_create(people_new, batch_size=2000)
    for tour in tours_new:
        tour.person = tour.person  # the person's key, now that it has one
    Tour.objects.bulk_create(tours_new, batch_size=2000)
    if postings is not None:
        for posting in postings.new:
            posting.tour = posting.tour  # the tour's key, now that it has one
        Posting.objects.bulk_create(postings.new, batch_size=2000)
    moved = postings.moved if postings is not None else []
    for records, model, fields in ((people_changed, Person, PERSON_FIELDS), (tours_changed, Tour, TOUR_FIELDS),
                                   (moved, Posting, ["site"])):
        for record, _before, _after in records:
            record.version += 1
            record.last_updated = now
        model.objects.bulk_update([r for r, _b, _a in records], [*fields, "version", "last_updated"],
                                  batch_size=2000)
    # The writes lie in the importer's scope, or none of them is kept (enforce_scope, inside the transaction): a new
    # record needs the "add" grant, a changed one "change". A person's scope is their country and a tour's or
    # posting's its contingent's country and mission; the import builds every record of one file so that they share
    # them (people of the contingent's country, tours of this contingent), so one record of each kind and action
    # stands for all of that kind and action, exactly.
    if user is not None:
        for records, action in ((people_new, "add"), ([r for r, _b, _a in people_changed], "change"),
                                (tours_new, "add"), ([r for r, _b, _a in tours_changed], "change"),
                                (postings.new if postings else [], "add"), ([r for r, _b, _a in moved], "change")):
            if records:
                try:
                    enforce_scope(user=user, instance=records[0], action=action)
                except PermissionDenied:
                    raise PermissionDenied(
                        _("Part of this roll lies outside what you may change; nothing was saved.")) from None
    for record in people_new:
        logs.append((record, ObjectChange.Action.CREATE, None, created_after[id(record)]))
    for record in tours_new:  # serialized before its person had a key
        after = created_after[id(record)] | {"person": record.person_id}
        logs.append((record, ObjectChange.Action.CREATE, None, after))
    for record in postings.new if postings is not None else ():
        logs.append((record, ObjectChange.Action.CREATE, None, serialize(record)))
    for record, before, after in people_changed + tours_changed + moved:
        logs.append((record, ObjectChange.Action.UPDATE, before, after))
    log_bulk(logs)
