"""OpenAPI post-processing: every operation documents the errors it can answer.

The document is a contract that tests check every response against, so a 403 or a 409 must be in it.
"""

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"],
         "additionalProperties": False}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Each field named with the reasons it was refused; `non_field_errors` for the record as a whole.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

ERRORS = {
    "400": ("Refused: the fields named, with their reasons.", "ValidationError"),
    "401": ("Not signed in.", "Error"),
    "403": ("Not permitted, or the write would fall outside your scope.", "Error"),
    "404": ("No such record within your scope.", "Error"),
    "409": ("Conflict: the record changed since the version you read, or others depend on it.", "Error"),
}
ERRORS_BY_METHOD = {"get": ["401", "403", "404", "400"], "post": ["400", "401", "403", "404"],
                    "put": ["400", "401", "403", "404", "409"], "patch": ["400", "401", "403", "404", "409"],
                    "delete": ["400", "401", "403", "404", "409"]}


def _blank_or_format_any_of(node):
    """drf-spectacular writes a blank-allowed URL as oneOf[empty string, uri]; "" matches both, so any of."""
    if isinstance(node, dict):
        alternatives = node.get("oneOf")
        if alternatives and any(a.get("maxLength") == 0 for a in alternatives if isinstance(a, dict)):
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _blank_or_format_any_of(value)
    elif isinstance(node, list):
        for value in node:
            _blank_or_format_any_of(value)


def add_error_responses(result, generator, request, public):
    _blank_or_format_any_of(result.get("components", {}))
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in ERRORS_BY_METHOD.get(method, []):
                description, schema = ERRORS[code]
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                })
    return result
