"""Template helpers: a record's fields for its detail page, percentages, dates for links."""

from django import template
from django.db import models
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()

_HIDDEN = {"id", "version", "created", "last_updated", "password"}


@register.simple_tag
def object_fields(obj):
    """(label, value) for each field of `obj` worth showing, related records as links."""
    rows = []
    for field in obj._meta.get_fields():
        if field.name in _HIDDEN:
            continue
        if isinstance(field, models.ManyToManyField):
            values = list(getattr(obj, field.name).all())
            rows.append((field.verbose_name, ", ".join(str(v) for v in values) or "—"))
            continue
        if field.auto_created or not getattr(field, "concrete", False):
            continue
        if field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.name)
        if hasattr(value, "get_absolute_url"):
            value = format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = number_format(value, force_grouping=True)
        elif value in (None, "", {}):
            value = "—"
        rows.append((field.verbose_name, value))
    return rows


@register.filter
def percent(value, digits=1):
    """0.0712 → "7.1%"; empty for no value."""
    if value is None or value == "":
        return "—"
    return f"{value * 100:.{digits}f}%"


@register.filter
def signed(value):
    """A difference with its sign: +17, −3, 0."""
    if value is None:
        return "—"
    return f"+{value:,}" if value > 0 else f"−{abs(value):,}" if value < 0 else "0"


@register.filter
def iso(value):
    return value.isoformat() if value else ""
