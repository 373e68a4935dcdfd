"""Framework pages: sign-in, htmx fragments of lists, the API document and its page."""

import pytest
from django.test import Client

from muster.demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_opens_the_newest_missions_dashboard(demo):
    client = Client()  # an operations officer: a password is enough (tests/core/test_sign_in.py: the others)
    page = client.post("/login/", {"username": "j3", "password": DEMO_PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0] == "/"
    assert "Gang Suppression Force" in page.content.decode()


def test_a_wrong_password_is_refused(demo):
    page = Client().post("/login/", {"username": "j1", "password": "not-the-password"})
    assert page.status_code == 200 and "correct username and password" in page.content.decode()


def test_a_list_asked_for_by_htmx_returns_only_its_table(signed_in):
    response = signed_in("j1").get("/movements/", {"country": "KEN", "sort": "-date"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<table" in html
    assert html.index("9 Dec 2025") < html.index("25 Jun 2024")  # newest first, as asked


def test_lists_page_and_sort(signed_in):
    client = signed_in("j1")
    first = client.get("/countries/", {"sort": "iso3"}).content.decode()
    assert "Page 1 of 5" in first and ">ABW<" in first
    last = client.get("/countries/", {"sort": "iso3", "page": 5}).content.decode()
    assert ">ZWE<" in last


def test_a_bad_filter_value_is_named(signed_in):
    html = signed_in("j1").get("/movements/", {"date_after": "yesterday"}).content.decode()
    assert "Enter a valid date" in html


def test_the_openapi_document_describes_every_endpoint(signed_in):
    schema = signed_in("j1").get("/api/schema/", {"format": "json"}).json()
    for path in ["/api/movements/", "/api/contingents/{id}/", "/api/claims/", "/api/sources/", "/api/strength/",
                 "/api/missions/", "/api/authorizations/", "/api/organizations/", "/api/countries/{iso3}/"]:
        assert path in schema["paths"], path
    assert "409" in schema["paths"]["/api/movements/{id}/"]["patch"]["responses"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_api_documentation_lists_every_operation_and_documents_each_resource_with_its_schemas(signed_in):
    client = signed_in("j1")
    schema = client.get("/api/schema/?format=json").json()
    html = client.get("/api/docs/").content.decode()
    assert "X-Change-Message" in html and "<script" not in html.split("</head>")[1]
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"<code>{method.upper()} {path}</code>" in html, (method, path)

    movements = client.get("/api/docs/movements/").content.decode()
    assert "<code>/api/movements/bulk/</code>" in movements and "<code>/api/strength/</code>" not in movements
    # Its schemas, nested ones included: a movement sent holds its citations.
    for name in ["Movement", "PatchedMovementRequest", "Citation", "Error"]:
        assert f'id="schema-{name}"' in movements, name
    assert 'id="schema-Contract"' not in movements  # another resource's
    assert client.get("/api/docs/no-such-resource/").status_code == 404


def test_every_page_sends_a_content_security_policy_without_third_parties(signed_in):
    response = signed_in("j1").get("/dashboard/MSS/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response["X-Frame-Options"] == "DENY"
