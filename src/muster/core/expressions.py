"""Query expressions the apps share."""

from django.db.models import Expression, F


class LatestOn(Expression):
    """For each row of the outer query, the `value` of its latest row of `model` dated on or before `on`; NULL when
    it has none by then. A duty status, a posting, a vehicle's status and its basing are each "the latest row of a
    history on a date", answered by this one correlated subquery:

        (SELECT h.value FROM history h WHERE h.key = outer.pk AND h.since <= %s ORDER BY h.since DESC LIMIT 1)

    Each history has a covering index (key, since, value), so both databases answer it from the index alone, one
    probe per outer row. The SQL is written out rather than built as `Subquery(model.objects.filter(...)[:1])`:
    Django builds it in a fraction of the time, which for a few hundred vehicles over a dozen dates is most of a
    report's cost (bench/fleet.py). The outer key is an ordinary column reference, so the expression keeps working
    when its queryset becomes a subquery of another (its table then aliased).

    `key`: the foreign key of `model` to the outer query's model; `value`: the column read (a foreign key gives
    its id); `date`: the effective-date column; `outer`: the outer query's field the key refers to.
    """

    def __init__(self, model, *, key, value, on, date="since", outer="pk"):
        field = model._meta.get_field(value)
        super().__init__(output_field=field.target_field if field.is_relation else field)
        self.model, self.key, self.value, self.date, self.on = model, key, value, date, on
        self.outer = F(outer)

    def get_source_expressions(self):
        return [self.outer]

    def set_source_expressions(self, exprs):
        (self.outer,) = exprs

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        meta = self.model._meta
        alias = quote(f"latest_{meta.model_name}")
        key, value, date = (quote(meta.get_field(name).column) for name in (self.key, self.value, self.date))
        outer_sql, outer_params = compiler.compile(self.outer)
        sql = (f"(SELECT {alias}.{value} FROM {quote(meta.db_table)} {alias} WHERE {alias}.{key} = {outer_sql} "
               f"AND {alias}.{date} <= %s ORDER BY {alias}.{date} DESC LIMIT 1)")
        return sql, (*outer_params, connection.ops.adapt_datefield_value(self.on))

    def get_group_by_cols(self):
        return [self]
