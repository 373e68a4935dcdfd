"""Template helpers: a record's fields for its detail page, percentages, dates for links, scrolling tables."""

from django import template
from django.db import models
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
        elif isinstance(value, bool):
            value = gettext("Yes") if value else gettext("No")  # not Python's True and False, in any language
        elif isinstance(value, int):
            value = number_format(value, force_grouping=True)
        elif value in (None, "", {}):
            value = "—"
        rows.append((field.verbose_name, value))
    return rows


@register.filter
def percent(value, digits=1):
    """0.0712 → "7.1%" ("7,1 %" in French); "—" for no value."""
    if value is None or value == "":
        return "—"
    return gettext("%(number)s%%") % {"number": number_format(value * 100, int(digits), force_grouping=True)}


@register.filter
def signed(value):
    """A difference with its sign: +17, −3, 0."""
    if value is None:
        return "—"
    figure = number_format(abs(value), force_grouping=True)  # 1,234 or 1 234, as the reader's language writes it
    return f"+{figure}" if value > 0 else f"−{figure}" if value < 0 else "0"


@register.filter
def iso(value):
    return value.isoformat() if value else ""


class ScrollableNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return format_html('<div class="table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
                           self.label.resolve(context), mark_safe(self.nodelist.render(context)))


@register.tag
def scrollable(parser, token):
    """`{% scrollable _("Strength by country") %}<table>…</table>{% endscrollable %}`: a wide table scrolls
    sideways inside its own box on a narrow screen, instead of making the whole page pan. The box is a labelled
    region that takes the keyboard's focus, so it can be scrolled without a mouse (WCAG 2.1.1; axe-core's
    scrollable-region-focusable)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% scrollable label %} takes the region's label, and only that")
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(parser.compile_filter(bits[1]), nodelist)
