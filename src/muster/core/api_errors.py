"""One shape for every error of the API, whatever raised it (drf-standardized-errors):

    {"type": "validation_error" | "client_error" | "server_error",
     "errors": [{"code": "max_value", "detail": "Ensure this value is less than or equal to 1000000.",
                 "attr": "count"}]}

`attr` names the field or query parameter (null when the error concerns the request as a whole, and
"non_field_errors" for a record as a whole); in a bulk request each error also says the `index` of its item.
`core.api_schema` documents the shape in the OpenAPI document, for every operation and status.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_standardized_errors.formatter import ExceptionFormatter as StandardFormatter
from drf_standardized_errors.formatter import flatten_errors
from drf_standardized_errors.handler import ExceptionHandler as StandardHandler
from drf_standardized_errors.types import Error
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error

from .models import StaleEditError


class StaleEdit(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_edit"


class BulkValidationError(exceptions.ValidationError):
    """Refusal of a bulk request: `detail` is a list with one item per item sent (an empty dict for an item
    without fault); each error says its item's `index` and, as everywhere, its `attr`."""


@dataclass
class BulkError(Error):
    index: int


class ExceptionFormatter(StandardFormatter):
    def get_errors(self):
        if not isinstance(self.exc, BulkValidationError):
            return super().get_errors()
        return [BulkError(e.code, e.detail, e.attr, index)
                for index, detail in enumerate(self.exc.detail) for e in flatten_errors(detail)]


class ExceptionHandler(StandardHandler):
    """drf-standardized-errors' handler, knowing Muster's own refusals: model validation (a `clean()`, a service's
    check) is 400 naming the fields, a stale edit 409, a write out of scope 403 with its reason."""

    def convert_known_exceptions(self, exc):
        if isinstance(exc, DjangoValidationError):
            return exceptions.ValidationError(as_serializer_error(exc))
        if isinstance(exc, StaleEditError):
            return StaleEdit(str(exc))
        if isinstance(exc, DjangoPermissionDenied):
            return exceptions.PermissionDenied(str(exc) or None)
        return super().convert_known_exceptions(exc)

    def format_exception(self, exc):
        return ExceptionFormatter(exc, self.context, self.exc).run()


def error_body(status_code, detail, code=None):
    """The body of an error answered without raising (a view's own response, a middleware's), in the one shape."""
    kind = "server_error" if status_code >= 500 else "client_error"
    return {"type": kind, "errors": [{"code": code or ERROR_CODES.get(status_code, "error"), "detail": str(detail),
                                      "attr": None}]}


ERROR_CODES = {400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 429: "throttled", 500: "error"}


def error_response_conform(response):
    """A response a view built itself with DRF's `{"detail": …}` (e.g. the 409 of a protected delete) is put in the
    one shape; anything else is left as it is."""
    data = getattr(response, "data", None)
    if response.status_code >= 400 and isinstance(data, dict) and set(data) == {"detail"}:
        response.data = error_body(response.status_code, data["detail"])
    return response
