"""Every page and every API route, found from the URL resolver rather than listed by hand, so a new one is covered
the day it is added: each page sends the Content-Security-Policy, each API route is in the OpenAPI document."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from muster.core.api_urls import extra_paths, router

pytestmark = pytest.mark.django_db

# Addresses that are not pages of Muster's own, and why they are left out here.
NOT_PAGES = {
    "logout/": "signs out (POST only)",
    "health/": "a load balancer's probe, answered before the other middleware, with JSON and no page to protect",
}


def _routes(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def page_addresses():
    """Muster's pages that take no parameter in their address (lists, imports, bulk pages, the home page…)."""
    pages = []
    for route in _routes():
        if route.startswith(("api/", "admin/", "static/")) or "<" in route or "(?P" in route or route in NOT_PAGES:
            continue
        pages.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(pages))


def test_the_resolver_finds_the_pages_people_use():
    pages = page_addresses()
    assert {"/", "/login/", "/movements/", "/contingents/", "/roll/import/", "/duty-statuses/set/"} <= set(pages)
    assert len(pages) >= 30


@pytest.mark.parametrize("address", page_addresses())
def test_every_page_sends_a_content_security_policy_without_third_parties(signed_in, address):
    response = signed_in("j1").get(address)
    assert response.status_code < 500, address
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert not re.search(r"https?://", policy), policy  # nothing from anywhere else
    assert response["X-Frame-Options"] == "DENY"


def test_the_openapi_document_describes_every_route_of_the_api(signed_in):
    schema = signed_in("j1").get("/api/schema/", {"format": "json"}).json()
    documented = set(schema["paths"])
    missing = []
    for prefix, viewset, _basename in router.registry:
        lookup = getattr(viewset, "lookup_field", "pk")
        if lookup == "pk":  # the document names the key as the model does: id, or iso3 for countries
            lookup = viewset.queryset.model._meta.pk.name
        for path in (f"/api/{prefix}/", f"/api/{prefix}/{{{lookup}}}/"):
            if path not in documented:
                missing.append(path)
    for route in extra_paths:
        path = "/api/" + str(route.pattern)
        if path not in documented:
            missing.append(path)
    assert not missing, f"routes the OpenAPI document does not describe: {missing}"
    assert len(router.registry) >= 25
    assert "409" in schema["paths"]["/api/movements/{id}/"]["patch"]["responses"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
