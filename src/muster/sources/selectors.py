"""Reads of sources, citations and claims."""

from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, DateField, Expression, F, Q, When, Window
from django.db.models.functions import Rank

from .models import Citation, Claim


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


# --- Claims standing on a date -------------------------------------------------------------------------------


class ClaimSubject(Expression):
    """A claim's countries as one text, "BRA+CHL" (in order; "" for the whole mission): two claims are about the
    same countries exactly when their texts are equal. A correlated subquery on the claim–country table, written
    for each database: PostgreSQL orders inside string_agg; SQLite (before 3.44) concatenates an ordered subquery.
    """

    output_field = CharField()

    def __init__(self):
        super().__init__()
        self.outer = F("pk")

    def get_source_expressions(self):
        return [self.outer]

    def set_source_expressions(self, exprs):
        (self.outer,) = exprs

    def as_sql(self, compiler, connection):
        table = connection.ops.quote_name(Claim.countries.through._meta.db_table)
        outer_sql, params = compiler.compile(self.outer)
        if connection.vendor == "postgresql":
            return (f"COALESCE((SELECT string_agg(subject.country_id, '+' ORDER BY subject.country_id) "
                    f"FROM {table} subject WHERE subject.claim_id = {outer_sql}), '')"), params
        return (f"COALESCE((SELECT group_concat(subject.country_id, '+') FROM (SELECT country_id FROM {table} "
                f"WHERE claim_id = {outer_sql} ORDER BY country_id) subject), '')"), params


def claims_standing(*, claims, on):
    """The claims of `claims` that stand on `on`: of each publisher's figures about one subject (mission, countries,
    category) and metric, its latest on or before `on`. One query (a window over `claims` up to `on`).

    What a reader expects of "the published figures on 30 June 2013": a publisher's newer figure for the same
    subject replaces its older one (IPI's table for June 2013 replaces its January 2010 figure, as a ministry's
    new statement does its last), so an old figure is neither listed nor counted as differing from the records
    once its publisher has said something newer; it stays in the claims list and the exports. Publishers never
    replace each other's figures: sources that disagree are all kept. The publisher, not the Source record, is
    "who said it": each month's table imported from its own file is a Source of the same publisher. Arrivals are
    events, not states: a figure for one day's arrivals is replaced only by the same publisher's for that day.
    A figure of the same publisher, subject and date as another stands with it. PLANNED figures stand as others do.

    `claims` is what the reader may see (Claim.objects.restrict(user, "view")): a claim they may not see replaces
    nothing.
    """
    own_event_day = Case(When(metric=Claim.Metric.ARRIVED, then=F("as_of")), default=None, output_field=DateField())
    latest = (claims.filter(as_of__lte=on).annotate(newest=Window(
        Rank(), partition_by=[F("mission_id"), F("source__publisher"), F("metric"), F("category"), ClaimSubject(),
                              own_event_day],
        order_by=F("as_of").desc())).filter(newest=1))
    return Claim.objects.filter(pk__in=latest.values("pk"))
