"""The JSON types the OpenAPI document gives, held to by the API.

DRF reads leniently: a text field takes a number (0 becomes "0"), an integer field a string ("5") or 5.0, a
yes-or-no field "yes" or 1, a decimal field a JSON number where the document says a string, a relation an empty
string as null. An integrator's bug (a number where a note was meant, an empty country) is then stored instead of
refused; schemathesis' coverage phase sends exactly these. `strict_types_refused` names each field whose value is
not of the type the document gives, before DRF converts anything.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.settings import api_settings

# (field class, JSON types its value may have, what to tell the client); the first class that matches decides.
JSON_TYPES = [
    (serializers.BooleanField, (bool,), lambda: _("Send true or false.")),
    (serializers.IntegerField, (int,), lambda: _("Send a whole number.")),
    (serializers.DecimalField, (str,), lambda: _('Send the number as a string, e.g. "0.25".')),
    (serializers.CharField, (str,), lambda: _("Send text.")),
    (serializers.DateField, (str,), lambda: _("Send a date as text, YYYY-MM-DD.")),
]


def strict_types_refused(fields, data):
    """{field name: [reason]} for each writable field of `fields` whose value in `data` (a JSON object) has a type
    other than the document's; empty when all are right. null is left to the field (it knows whether it may be)."""
    if not isinstance(data, dict):
        return {}
    refused = {}
    for name, field in fields.items():
        if field.read_only or name not in data or data[name] is None:
            continue
        value = data[name]
        if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
            if value == "":
                refused[name] = [_("Give a value, or null.")]
            continue
        if isinstance(field, serializers.MultipleChoiceField):
            continue  # a list, checked by the field itself
        if isinstance(field, serializers.ChoiceField):
            if all(isinstance(key, str) for key in field.choices) and not isinstance(value, str):
                refused[name] = [_("Send one of the choices as text.")]
            continue
        if isinstance(field, serializers.DecimalField) and not getattr(  # DRF's own reading of the setting
                field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
            if isinstance(value, bool) or not isinstance(value, int | float):  # documented as a number
                refused[name] = [_("Send a number.")]
            continue
        for field_class, types, reason in JSON_TYPES:
            if isinstance(field, field_class):
                # bool is an int in Python, not in JSON
                if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                    refused[name] = [reason()]
                break
    return refused


class StrictTypesMixin:
    """For a ModelSerializer: refuse, naming each field, a value of another JSON type than the document gives."""

    def to_internal_value(self, data):
        refused = strict_types_refused(self.fields, data)
        if refused:
            raise serializers.ValidationError(refused)
        return super().to_internal_value(data)
