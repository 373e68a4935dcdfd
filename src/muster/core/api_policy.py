"""API policy named in settings: who may call, how lists page, how errors read.

Kept apart from `core.api` because DRF imports these while it is itself being imported.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination, permissions, status

from .models import StaleEditError
from .permissions import permission_filter

ACTION_FOR_METHOD = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change",
                     "PATCH": "change", "DELETE": "delete"}

# A reason for a change sent by an API client, kept in the change log like the form's field.
CHANGE_MESSAGE_HEADER = "X-Change-Message"


class Pagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 1000


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


class StaleEdit(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_edit"


def exception_handler(exc, context):
    """Model validation as 400 with field names; a stale edit as 409; a write out of scope as 403."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, StaleEditError):
        exc = StaleEdit(str(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
