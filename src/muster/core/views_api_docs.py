"""The API's documentation, rendered on the server from the OpenAPI document.

Swagger UI and ReDoc weigh a megabyte of JavaScript; these pages list the same operations, parameters and schemas as
plain HTML, without JavaScript. One page for all 164 operations and 172 schemas weighed 290 KB, twice the page-weight
budget, so `/api/docs/` is an index of the API's resources (the OpenAPI tags) and each resource has its page, with
its operations and every schema they use, directly or nested.
"""

import functools
import re
from collections import defaultdict

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views import View
from drf_spectacular.generators import SchemaGenerator

SCHEMA_REF = re.compile(r"#/components/schemas/([\w.-]+)")


class ApiDocsView(View):
    def get(self, request, tag=None):
        schema = openapi_document(get_language())
        by_tag = defaultdict(list)
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                by_tag[(operation.get("tags") or ["other"])[0]].append(_operation(path, method, operation))
        context = {"info": schema["info"], "tags": [{"name": name, "operations": operations}
                                                     for name, operations in sorted(by_tag.items())]}
        if tag is None:
            return render(request, "core/api_docs.html", context)
        if tag not in by_tag:
            raise Http404("The API has no such resource.")
        components = schema.get("components", {}).get("schemas", {})
        used = _schemas_used([op["raw"] for op in by_tag[tag]], components)
        return render(request, "core/api_docs_tag.html", context | {
            "tag": tag, "operations": by_tag[tag], "schemas": {name: components[name] for name in sorted(used)}})


@functools.cache
def openapi_document(language):
    """The public OpenAPI document, made once per process and language: it changes only with the code, and making
    it takes a second."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _operation(path, method, operation):
    return {
        "path": path, "method": method.upper(), "summary": operation.get("summary", ""),
        "description": operation.get("description", ""), "parameters": operation.get("parameters", []),
        "request": _schema_name(operation.get("requestBody", {}).get("content", {})),
        "responses": {code: _schema_name(r.get("content", {})) for code, r in operation.get("responses", {}).items()},
        "raw": operation,
    }


def _schemas_used(operations, components):
    """The names of the schemas the operations refer to, and those these refer to, to the end."""
    seen, todo = set(), set()
    for operation in operations:
        todo |= set(SCHEMA_REF.findall(repr(operation)))
    while todo:
        name = todo.pop()
        if name in seen or name not in components:
            continue
        seen.add(name)
        todo |= set(SCHEMA_REF.findall(repr(components[name]))) - seen
    return seen


def _schema_name(content):
    for media in content.values():
        ref = media.get("schema", {})
        ref = ref.get("items", ref).get("$ref", "") if isinstance(ref, dict) else ""
        return ref.rsplit("/", 1)[-1]
    return ""
