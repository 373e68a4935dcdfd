"""Figures on the public pages as the visitor's language writes them, marks left as they are."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat

from muster.core.templatetags.muster import signed
from muster.force.privacy import is_suppressed

register = template.Library()


@register.filter
def figure(value):
    """A count in the active language's grouping (1,234 · 1 234), a mark ("<5", "x") as it is, None as "—"."""
    if value is None or value == "":
        return "—"
    if is_suppressed(value):
        return str(value)
    return intcomma(value)


@register.filter
def share(value):
    """0.0712 → "7.1 %" in the active language's decimals; a mark as it is; None as "—"."""
    if value is None or value == "":
        return "—"
    if is_suppressed(value):
        return str(value)
    return f"{floatformat(value * 100, 1)} %"


@register.filter
def difference(value):
    """A difference with its sign (+17, −3), localized; a mark as it is."""
    if value is None or value == "":
        return "—"
    if is_suppressed(value):
        return str(value)
    return signed(value)


@register.filter
def dollars(cents):
    """US cents as whole dollars, localized: 4070000000 → "40,700,000"."""
    return intcomma(round((cents or 0) / 100))


@register.filter
def cell(cells, index):
    return cells[index]


@register.filter
def share_of(table, iso3):
    """A country's women's share in a StrengthTable, localized; withheld with a hidden count."""
    return share(table.women_share(iso3))
