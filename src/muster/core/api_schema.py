"""The OpenAPI document: every operation documents the errors it can answer, in the one error shape.

The document is a contract that the tests (DocumentedAPIClient) and schemathesis check every response against, so
a 403 or a 409 must be in it, with the body it really has (`core.api_errors`). drf-standardized-errors' AutoSchema
adds the error responses; Muster points every status at one component, `Error`, rather than the library's
component per operation and status (whose enums of codes Muster's model validation would outgrow).
"""

import copy

from drf_spectacular.utils import OpenApiResponse
from drf_standardized_errors.openapi import AutoSchema as StandardAutoSchema
from rest_framework import serializers

STATUSES = {
    "400": "Refused: each error names the field or query parameter (`attr`) with its reason.",
    "401": "Not signed in.",
    "403": "Not permitted, or the write would fall outside your scope.",
    "404": "No such record within your scope (or no such mission).",
    "405": "This address does not take this method.",
    "406": "No answer in the media type asked for (`Accept`, `format=`).",
    "409": "Conflict: the record changed since the version you read, or others depend on it.",
    "415": "The body is not in a media type this address reads.",
    "429": "Too many requests: wait the seconds of `Retry-After`.",
    "500": "The server failed; the error is logged.",
}


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text='What went wrong, for programs: "required", "max_value", "not_found", '
                                           '"stale_edit", …')
    detail = serializers.CharField(help_text="What went wrong, for people.")
    attr = serializers.CharField(allow_null=True, help_text=(
        "The field or query parameter refused (`non_field_errors`: the record as a whole; a nested field as "
        "`parent.field`); null when the error concerns the request as a whole."))
    index = serializers.IntegerField(required=False, min_value=0,
                                     help_text="In a bulk request only: the item (counted from 0) refused.")


class ErrorSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["validation_error", "client_error", "server_error"],
                                   help_text="validation_error: what was sent was refused (400); client_error: any "
                                             "other 4xx; server_error: 5xx.")
    errors = ErrorItemSerializer(many=True)


class AutoSchema(StandardAutoSchema):
    """drf-standardized-errors' AutoSchema with Muster's exception handler (which subclasses its handler) and one
    error component; 400 and 404 on every operation (query parameters are checked everywhere, and report endpoints
    look up the mission they are given), 409 on updates and deletes."""

    def _get_allowed_error_status_codes(self):
        return list(STATUSES)

    def _should_add_error_response(self, responses, status_code):
        if status_code in responses:
            return False
        if status_code in ("400", "404"):
            return True
        if status_code == "409":
            return self.method in ("PUT", "PATCH", "DELETE")
        return getattr(self, f"_should_add_http{status_code}_error_response", lambda: True)()

    def _get_error_response_serializer(self, status_code):
        return OpenApiResponse(response=ErrorSerializer, description=STATUSES[status_code])

    def _get_error_response_examples(self):
        return []


def updates_carry_version(result, generator, request, public):
    """An update must carry the `version` it was read at (ValidatedModelSerializer checks it in validate(); the
    field itself is optional, for creates, which share the serializer): the update's request body says it is
    required. PATCH has a component of its own (`Patched…Request`); PUT gets one (`…UpdateRequest`). After the enum
    hook, which would otherwise count the copy as another component using the same choices."""
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for method in ("put", "patch"):
            content = operations.get(method, {}).get("requestBody", {}).get("content", {})
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                component = schemas.get(name)
                if component is None or "version" not in component.get("properties", {}):
                    continue
                if method == "put":
                    name = name.removesuffix("Request") + "UpdateRequest"
                    component = schemas.setdefault(name, copy.deepcopy(component))
                    media["schema"] = {"$ref": f"#/components/schemas/{name}"}
                component["required"] = sorted({*component.get("required", []), "version"})
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result


def blank_or_format_any_of(result, generator, request, public):
    """drf-spectacular writes a blank-allowed URL as oneOf[empty string, uri]; "" matches both, so any of."""

    def walk(node):
        if isinstance(node, dict):
            alternatives = node.get("oneOf")
            if alternatives and any(a.get("maxLength") == 0 for a in alternatives if isinstance(a, dict)):
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("components", {}))
    return result
