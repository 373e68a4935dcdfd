"""API policy named in settings: who may call, how lists page and sort, how errors read.

Kept apart from `core.api` because DRF imports these while it is itself being imported.

Every error reads the same: `core.api_errors` (the handler) and `core.api_schema` (the OpenAPI document).
"""

import re

import django_filters
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, permissions

from .permissions import permission_filter

ACTION_FOR_METHOD = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change",
                     "PATCH": "change", "DELETE": "delete"}

# A reason for a change sent by an API client, kept in the change log like the form's field.
CHANGE_MESSAGE_HEADER = "X-Change-Message"


class Pagination(pagination.LimitOffsetPagination):
    """`limit` (1 to 1,000; 50 when absent) and `offset` (from 0): a value that is not one of these is refused with
    400 naming it, rather than silently replaced by the default, which would hand back a page the client did not
    ask for."""

    default_limit = 50
    max_limit = 1000

    def get_limit(self, request):
        value = request.query_params.get(self.limit_query_param)
        if value is None:
            return self.default_limit
        return _whole_number(self.limit_query_param, value, minimum=1, maximum=self.max_limit)

    def get_offset(self, request):
        value = request.query_params.get(self.offset_query_param)
        return 0 if value is None else _whole_number(self.offset_query_param, value, minimum=0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit}
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"] |= {"minimum": 0, "default": 0}
        return parameters


def _whole_number(name, value, *, minimum, maximum=None):
    if re.fullmatch(r"[0-9]{1,18}", value) is None or int(value) < minimum or (maximum and int(value) > maximum):
        bounds = (_("from %(minimum)s to %(maximum)s") if maximum else _("from %(minimum)s"))
        raise exceptions.ValidationError({name: [_("Send a whole number %(bounds)s, not %(value)r.") % {
            "bounds": bounds % {"minimum": minimum, "maximum": maximum}, "value": value[:50]}]}, code="invalid")
    return int(value)


class Filters(DjangoFilterBackend):
    """The models' FilterSets, as the API applies them: a filter sent with no value (`credibility=`) is refused with
    400 naming it, as the OpenAPI document describes the parameter (a value of its type, or left out), where
    django-filter reads it as no filter at all; so is a yes-or-no filter sent anything but `true` or `false`
    (django-filter reads `open=null` or `open=maybe` as no filter). The list pages keep django-filter's reading: a
    form sends its empty fields, and its yes-or-no selects say "unknown"."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            filters = filterset_class.base_filters
            refused = {}
            for name, values in request.query_params.lists():
                if name not in filters:
                    continue
                if all(value == "" for value in values):
                    refused[name] = [exceptions.ErrorDetail(_("Give a value, or leave the parameter out."), "blank")]
                elif isinstance(filters[name], django_filters.BooleanFilter) and any(
                        value not in ("true", "false") for value in values):
                    refused[name] = [exceptions.ErrorDetail(_("Send true or false."), "invalid")]
            if refused:
                raise exceptions.ValidationError(dict(sorted(refused.items())))
        return super().filter_queryset(request, queryset, view)


class Ordering(filters.OrderingFilter):
    """`ordering=` one or more of the view's `ordering_fields`, comma-separated, each `-` first for descending
    (`-date,count`). Anything else is refused with 400 naming `ordering`; DRF's own filter drops unknown fields
    silently and sorts by the default. The OpenAPI document gives the pattern."""

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return self.get_default_ordering(view)
        allowed = self.fields_allowed(view)
        terms = value.split(",")
        wrong = [t for t in terms if t.removeprefix("-") not in allowed or t.removeprefix("-").startswith("-")]
        if not value or wrong:
            raise exceptions.ValidationError({self.ordering_param: [
                _("Order by %(fields)s (a leading - for descending, several separated by commas), not %(value)r.")
                % {"fields": ", ".join(sorted(allowed)) or _("nothing here"), "value": value[:100]}]}, code="invalid")
        return terms

    @staticmethod
    def fields_allowed(view):
        """The view's `ordering_fields` (names, not "__all__"); a view that names none offers no ordering."""
        fields = getattr(view, "ordering_fields", None) or []
        return {f if isinstance(f, str) else f[0] for f in fields} if fields != "__all__" else set()

    def get_schema_operation_parameters(self, view):
        fields = sorted(self.fields_allowed(view))
        if not fields:
            return []
        term = "-?(" + "|".join(re.escape(f) for f in fields) + ")"
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.ordering_param:
                parameter["schema"] |= {"pattern": f"^{term}(,{term})*$"}
                parameter["description"] = _("Sort by %(fields)s; a leading - for descending, several separated by "
                                             "commas.") % {"fields": ", ".join(fields)}
        return parameters


class ObjectPermissions(permissions.BasePermission):
    """Signed in, and granted the action on the model at all; which rows is the queryset's business.

    On a record's own address (a detail route) every method is left to the restricted queryset, so a record
    outside what the user may view, change or delete answers 404 exactly as one that does not exist, as the pages
    do. A view without a queryset names the model whose view grant it needs (`permission_model`); a view that
    names none is refused, not allowed by default. An unknown method passes here, for the view to answer 405.
    """

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        action = ACTION_FOR_METHOD.get(request.method)
        if action is None:
            return True
        model = getattr(getattr(view, "queryset", None), "model", None) or getattr(view, "permission_model", None)
        if model is None:
            return False
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        if lookup and lookup in getattr(view, "kwargs", {}):
            return True
        return permission_filter(request.user, model, action) is not None


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error of every API view in the one shape (`core.api_errors`,
    imported here only when called: drf-standardized-errors imports DRF's views, which import this module)."""
    from .api_errors import ExceptionHandler

    return ExceptionHandler(exc, context).run()
