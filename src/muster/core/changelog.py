"""The generic change log: every save and delete of a ChangeLoggedModel, by any path.

A request (web or API), an import or a CLI command runs inside `change_context(...)`, which names
the user, the request id shared by all its changes and an optional message; the receivers below
write one ObjectChange per saved or deleted row with its data before and after.
"""

import contextvars
import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import ChangeLoggedModel, ObjectChange

_context = contextvars.ContextVar("muster_change_context", default=None)

# Bookkeeping fields that change on every save and say nothing about the world.
_UNLOGGED_FIELDS = {"version", "last_updated", "created"}


class ChangeContext:
    def __init__(self, *, user=None, request=None, request_id=None, message=""):
        self._user = user
        self.request = request
        self.request_id = request_id or uuid.uuid4()
        self.message = message

    @property
    def user(self):
        # Read late: DRF authenticates a token inside the view, after the middleware opened the context.
        if self._user is not None:
            return self._user
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


@contextmanager
def change_context(*, user=None, request=None, request_id=None, message=""):
    token = _context.set(ChangeContext(user=user, request=request, request_id=request_id, message=message))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


def current_context():
    return _context.get()


def set_message(message):
    """Attach a reason for the change to everything the current request still writes."""
    context = _context.get()
    if context is not None:
        context.message = message


def serialize(instance):
    """The record as the log keeps it: fields by name, foreign keys by key, many-to-many as sorted keys."""
    data = {f.name: f.value_from_object(instance) for f in instance._meta.concrete_fields
            if not f.primary_key and f.name not in _UNLOGGED_FIELDS}
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(related.pk for related in getattr(instance, field.name).all())  # prefetchable
    return data


def _change(instance, action, before, after, context):
    user = context.user if context else None
    return ObjectChange(
        user=user,
        user_name=user.get_username() if user else "system",
        request_id=context.request_id if context else uuid.uuid4(),
        action=action,
        object_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        prechange_data=before,
        postchange_data=after,
        message=(context.message if context else "")[:500],
    )


def _write(instance, action, before, after):
    _change(instance, action, before, after, _context.get()).save()


def log_bulk(entries):
    """Log writes that bypassed save() (bulk imports): [(record, action, before, after), …], in one insert.

    Every entry gets the current context's user, request id and message, as a save would have, and the same
    time. The rows go in through the driver's bulk path (COPY on PostgreSQL, executemany on SQLite): a
    20,000-row roll logs 40,000 changes, and building and compiling 40,000 ObjectChange instances took longer
    than the import's own inserts (bench/roll_import.py). The values shared by the batch are prepared once,
    by the fields themselves.
    """
    if not entries:
        return
    context = _context.get()
    user = context.user if context else None
    meta = ObjectChange._meta
    shared = {
        "time": timezone.now(),
        "user": user.pk if user else None,
        "user_name": user.get_username() if user else "system",
        "request_id": context.request_id if context else uuid.uuid4(),
        "message": (context.message if context else "")[:500],
    }
    shared = {name: meta.get_field(name).get_db_prep_save(value, connection) for name, value in shared.items()}
    columns = [*shared, "action", "object_type", "object_id", "object_repr", "prechange_data", "postchange_data"]
    adapt_json = connection.ops.adapt_json_value
    encoder = meta.get_field("postchange_data").encoder
    type_of = {}
    rows = []
    for record, action, before, after in entries:
        model = type(record)
        if model not in type_of:
            type_of[model] = ContentType.objects.get_for_model(record, for_concrete_model=False).pk
        rows.append((*shared.values(), action, type_of[model], str(record.pk), str(record)[:200],
                     None if before is None else adapt_json(before, encoder),
                     None if after is None else adapt_json(after, encoder)))
    quote = connection.ops.quote_name
    table, names = quote(meta.db_table), ", ".join(quote(meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's executemany quotes every value client-side, as Django configures it: COPY is 3x faster.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggedModel):
        return
    if instance._state.adding or instance.pk is None:
        instance._prechange = None
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    instance._prechange = serialize(stored) if stored is not None else None


@receiver(post_save)
def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggedModel):
        return
    before = None if created else getattr(instance, "_prechange", None)
    after = serialize(instance)
    if not created and before == after:
        return  # nothing about the world changed
    _write(instance, ObjectChange.Action.CREATE if created else ObjectChange.Action.UPDATE, before, after)
    instance._prechange = after


@receiver(m2m_changed)
def _log_m2m(sender, instance, action, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(instance, ChangeLoggedModel):
        return
    before = getattr(instance, "_prechange", None)
    after = serialize(instance)
    if before == after:
        return
    # Part of the same edit when the row was just saved in this request: update its log entry.
    context = _context.get()
    last = ObjectChange.objects.filter(
        object_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
    ).first()
    if last is not None and context is not None and last.request_id == context.request_id:
        last.postchange_data = after
        last.save(update_fields=["postchange_data"])
    else:
        _write(instance, ObjectChange.Action.UPDATE, before, after)
    instance._prechange = after


@receiver(pre_delete)
def _remember_deleted(sender, instance, **kwargs):
    if isinstance(instance, ChangeLoggedModel):
        instance._predelete = serialize(instance)


@receiver(post_delete)
def _log_delete(sender, instance, **kwargs):
    if isinstance(instance, ChangeLoggedModel):
        _write(instance, ObjectChange.Action.DELETE, getattr(instance, "_predelete", None), None)
