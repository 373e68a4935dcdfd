"""Writes of sources and citations that are more than one model's CRUD."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Citation, Source


@transaction.atomic
def citation_attach(*, record, source: Source, quote="", locator=""):
    """Cite `source` on `record`; a new, unsaved source is validated and stored first."""
    if source.pk is None:
        source.full_clean()
        source.save()
    citation = Citation(
        source=source,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        quote=quote,
        locator=locator,
    )
    citation.full_clean()
    citation.save()
    return citation
