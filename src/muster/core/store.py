"""The one way a record is written: lock what guards it, validate, save, check the writer's scope, in one transaction.

Forms (core.views), the API (core.api), every service that writes, the imports (IATI, COD-AB boundaries, Geo-PKO)
and the demo loader call `record_store` and `record_delete`; the change log follows from the save itself
(core.changelog: its actor is the change_context's user, "system" for a command or the demo, which store with
user None), and a caller that cites a source does so in `after_save`, inside the same transaction
(sources.services.record_store_cited).

Three writes of thousands of rows go around it on purpose, for speed: the nominal roll's import and the
contribution tables' claims (force), and ACLED's events (operations.acled) validate every row first, then write
with bulk_create, check the writer's scope, and log in one batch (changelog.log_bulk): a record_store per row costs
a savepoint, a lock, a save and a log insert each, which is what bench/roll_import.py measured a 20,000-row roll
without, and bench/acled_import.py at 30 to 50 times an ACLED event's bulk write. docs/architecture.md, "Where logic
lives", says so too.

A rule that spans rows (a contingent never has fewer than nobody; a person serves one tour at a time; a flow never
spends more than it received; a vehicle has one basing a day) is checked by the model's clean() against the other
rows. Two writers checking at once could each pass and together break it, so the rows that guard such a rule,
named by the model (`guards`: the foreign keys whose record all the rows of the rule share), are locked first with
SELECT … FOR UPDATE on PostgreSQL, and clean() runs again under that lock, after whatever validation a form or a
serializer did outside the transaction. SQLite takes its write lock at BEGIN (settings: transaction IMMEDIATE), so
writers there are already one at a time.
"""

from django.db import transaction

from .permissions import enforce_scope


def guards_lock(record):
    """Lock the rows that guard `record`'s cross-row rules: its guards now and, for a stored record, before the edit
    (a movement moved to another contingent changes both). In key order, so two writers never wait on each other
    crosswise. A no-op on SQLite, whose writers are serialized whole."""
    guards = getattr(type(record), "guards", ())
    if not guards:
        return
    keys = set()
    for name in guards:
        field = record._meta.get_field(name)
        value = getattr(record, field.attname)
        if value is not None:
            keys.add((field.related_model, value))
        if record.pk is not None and not record._state.adding:
            stored = type(record)._base_manager.filter(pk=record.pk).values_list(field.attname, flat=True).first()
            if stored is not None:
                keys.add((field.related_model, stored))
    for model, key in sorted(keys, key=lambda k: (k[0]._meta.label, str(k[1]))):
        list(model._base_manager.select_for_update().filter(pk=key).values_list("pk", flat=True))


@transaction.atomic
def record_store(*, user, record, many=None, after_save=None):
    """Store `record` for `user` (None: the system itself, e.g. the demo loader): lock its guards, validate it (all
    of its rules, under the lock), save it, set its many-to-many fields (`many`: {name: records}), run `after_save`
    (a citation), and refuse the whole write if the stored record lies outside what the user may add or change.
    Returns the record. Raises ValidationError, StaleEditError or PermissionDenied; nothing is kept then.
    """
    adding = record._state.adding
    record.editor = user
    guards_lock(record)
    record.full_clean()
    record.save()
    for name, values in (many or {}).items():
        getattr(record, name).set(values)
    if after_save is not None:
        after_save(record)
    if user is not None:
        enforce_scope(user=user, instance=record, action="add" if adding else "change")
    return record


@transaction.atomic
def record_delete(*, record):
    """Delete `record` (the caller found it within what the user may delete): lock its guards, check that removing it
    breaks no rule (clean_delete: an arrival later departures depend on), delete it. The change log keeps it whole.
    """
    guards_lock(record)
    record.clean_delete()
    record.delete()
