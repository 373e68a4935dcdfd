"""Columns of a list: one definition serves the HTML table, sorting and the CSV/XLSX export."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext


@dataclass
class Column:
    name: str  # dotted attribute path on the object, e.g. "contingent.country"
    label: str
    sort: str | None = None  # ORM ordering field; None when the column cannot be sorted
    link: bool = False  # link the cell to the object's page

    def value(self, obj):
        for part in self.name.split("."):
            if obj is None:
                return None
            display = getattr(obj, f"get_{part}_display", None)
            obj = display() if callable(display) else getattr(obj, part, None)
            if callable(obj) and not hasattr(obj, "_meta"):
                obj = obj()
        return obj

    def export_value(self, obj):
        value = self.value(obj)
        if value is None:
            return ""
        if isinstance(value, int | float) or hasattr(value, "isoformat"):
            return value
        return str(value)

    def html(self, obj, record):
        value = self.value(obj)
        if isinstance(value, datetime.date):
            text = date_format(value, "j M Y")
        elif isinstance(value, bool):
            text = gettext("Yes") if value else gettext("No")  # the reader's words, not Python's True and False
        elif isinstance(value, int):
            text = number_format(value, force_grouping=True)
        else:
            text = "—" if value in (None, "") else value
        if self.link and hasattr(record, "get_absolute_url"):
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), text)
        if hasattr(value, "get_absolute_url") and not isinstance(value, str):
            return format_html('<a href="{}">{}</a>', value.get_absolute_url(), text)
        return text
