"""Reads of sources and citations."""

from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Citation


def citable_models():
    """Every model whose records can cite sources (it declares a GenericRelation to Citation)."""
    return [
        model for model in apps.get_models()
        if any(isinstance(f, GenericRelation) and f.related_model is Citation for f in model._meta.private_fields)
    ]


def citations_visible(*, user, action="view"):
    """Citations of the records `user` may `action`: a citation is as visible as the record it supports.

    One query: a condition per citable model, each a subquery of that model's restricted rows.
    """
    conditions = [
        Q(content_type=ContentType.objects.get_for_model(model),
          object_id__in=model.objects.restrict(user, action).values("pk"))
        for model in citable_models()
    ]
    return Citation.objects.filter(reduce(or_, conditions)) if conditions else Citation.objects.none()


def citation_record(*, label, pk, user, action):
    """The record `label` ("force.movement") `pk` if it can cite sources and `user` may `action` it, else None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model not in citable_models():
        return None
    return model.objects.restrict(user, action).filter(pk=pk).first()
