"""Writes of sources and citations that are more than one model's CRUD, and the store of a record with its source."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from muster.core.store import record_store

from .models import Citation, Source


def record_store_cited(*, user, record, source, quote="", locator="", many=None):
    """Store `record` for `user` through the one store (core.store.record_store) and cite `source` on it (a new,
    unsaved source is stored first), in the same transaction: the figure and where it comes from, or neither.
    `source` None stores the record alone (an edit keeps the citations it has)."""
    def cite(saved):
        if source is not None:
            citation_attach(record=saved, source=source, quote=quote, locator=locator)

    return record_store(user=user, record=record, many=many, after_save=cite)


@transaction.atomic
def citation_attach(*, record, source: Source, quote="", locator=""):
    """Cite `source` on `record`; a new, unsaved source is stored first. Both go through the one store as the
    system (user None): a citation is part of the write of the record it cites, whose own store checked the
    writer's scope, and a writer who may record a figure may name where it comes from without a grant to add
    sources (an IATI import's file, a form's inline source)."""
    if source.pk is None:
        record_store(user=None, record=source)
    citation = Citation(
        source=source,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        quote=quote,
        locator=locator,
    )
    return record_store(user=None, record=citation)
