"""The API keeps its contract (docs/api.md): one error shape for every error, refused query parameters named,
bounded numbers, unique contingents, bounded report answers, bulk and inline writes, and a schema that says so.

Every response goes through DocumentedAPIClient, so each one, errors included, is also checked against the
OpenAPI document. What an outside integrator's fuzzer finds is tests/schemathesis_run.py's business.
"""

import datetime
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient, api_errors, make_user
from muster.force.models import Contingent, Movement
from muster.force.selectors import strength_at
from muster.missions.models import Mission
from muster.sources.models import Claim, Source

pytestmark = pytest.mark.django_db

KENYA_FPU = {"mission__code": "MSS", "country": "KEN"}


@pytest.fixture
def api(demo):
    """api("j1") → a client checking every response against the OpenAPI document; documented=False for a method
    or an address the document does not have (which openapi-core cannot look up)."""

    def client_for(username, *, documented=True):
        client = DocumentedAPIClient() if documented else APIClient()
        if username:
            client.force_authenticate(User.objects.get(username=username))
        return client

    return client_for


def schema():
    """The OpenAPI document as a client downloads it."""
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


def assert_error(response, status, *, attr=None, code=None, kind="client_error"):
    """The one shape (core.api_errors): type, errors of code, detail, attr; the named parameter among them."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"type", "errors"} and body["type"] == kind, body
    assert body["errors"] and all({"code", "detail", "attr"} <= set(e) for e in body["errors"]), body
    if attr is not None or code is not None:
        assert any((attr is None or e["attr"] == attr) and (code is None or e["code"] == code)
                   for e in body["errors"]), body
    return body["errors"]


def kenya_strength(on="2025-02-06"):
    mission = Mission.objects.get(code="MSS")
    rows = strength_at(mission=mission, on=datetime.date.fromisoformat(on), by=("country",)).rows
    return next(r.total for r in rows if r.country == "KEN")


# --- One shape for every error -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/movements/", "/api/movements/1/", "/api/strength/?mission=MSS"])
def test_a_method_the_address_does_not_take_answers_405_in_the_shape(api, url):
    client = api("admin", documented=False)
    assert_error(client.generic("TRACE", url), 405, code="method_not_allowed")
    assert_error(client.put("/api/strength/?mission=MSS", {}, format="json"), 405, code="method_not_allowed")


def test_an_unknown_api_address_is_a_json_404_in_the_shape(api):
    for user in ("admin", None):
        assert_error(api(user, documented=False).get("/api/nope/"), 404, code="not_found")
        assert_error(api(user, documented=False).post("/api/nope/deeper/", {}, format="json"), 404, code="not_found")
    assert_error(api("admin", documented=False).get("/api/movements/not-a-number.5/"), 404, code="not_found")


def test_malformed_json_is_a_400_in_the_shape(api):
    response = api("admin").generic("POST", "/api/movements/", "{bad json", content_type="application/json")
    assert_error(response, 400, code="parse_error")


def test_unauthenticated_permission_denied_not_found_and_stale_edits_read_the_same(api):
    assert_error(api(None).get("/api/movements/"), 401, code="not_authenticated")
    nobody = DocumentedAPIClient()
    nobody.force_authenticate(make_user("nobody"))
    assert_error(nobody.get("/api/movements/"), 403, code="permission_denied")
    assert_error(api("admin").get("/api/movements/987654321/"), 404, code="not_found")
    movement = Movement.objects.filter(contingent__country="KEN").first()
    stale = api("admin").patch(f"/api/movements/{movement.pk}/", {"note": "x", "version": movement.version - 1 or 99},
                               format="json")
    assert "changed by someone else" in assert_error(stale, 409, code="stale_edit")[0]["detail"]


def test_a_validation_error_names_each_field_with_its_reason(api):
    contingent = Contingent.objects.get(**KENYA_FPU)
    response = api("admin").post("/api/movements/", {"contingent": contingent.pk, "kind": "arrival",
                                                     "date": "2025-02-06", "count": 10, "men": 3, "women": 3,
                                                     "unknown": 3, "source": Source.objects.first().pk},
                                 format="json")
    errors = assert_error(response, 400, kind="validation_error")
    assert any("make 9, not the count of 10" in e["detail"] for e in errors), errors


# --- Query parameters refused, naming themselves ----------------------------------------------------------------


def test_a_date_that_is_not_one_is_refused_naming_on(api):
    assert_error(api("admin").get("/api/strength/", {"mission": "MSS", "on": "yesterday"}), 400, attr="on",
                 kind="validation_error")
    assert_error(api("admin").get("/api/strength/", {"mission": "NOPE"}), 404, code="not_found")


@pytest.mark.parametrize("parameter, value", [
    ("limit", "-1"), ("limit", "abc"), ("limit", "0"), ("limit", "1001"), ("offset", "x"), ("offset", "-5"),
    ("ordering", "nonsense"), ("ordering", "date,"), ("ordering", " date"), ("ordering", ""),
    ("date_after", "yesterday"), ("contingent", "abc"), ("kind", "zzz"), ("country", "XYZ"),
])
def test_a_bad_page_ordering_or_filter_value_is_refused_naming_the_parameter(api, parameter, value):
    errors = assert_error(api("admin").get("/api/movements/", {parameter: value}), 400, attr=parameter,
                          kind="validation_error")
    assert all(e["attr"] == parameter for e in errors), errors


def test_good_pages_and_orderings_are_taken(api):
    listed = api("admin").get("/api/movements/", {"limit": 5, "offset": 2, "ordering": "-count,date"}).json()
    counts = [m["count"] for m in listed["results"]]
    assert len(counts) == 5 and counts == sorted(counts, reverse=True)
    assert api("admin").get("/api/movements/", {"limit": 1000}).status_code == 200


def test_the_list_pages_still_ignore_what_they_do_not_know(signed_in):
    assert signed_in("j1").get("/movements/", {"ordering": "nonsense", "per_page": "abc"}).status_code == 200


# --- Numbers in range -----------------------------------------------------------------------------------------


def test_a_count_beyond_any_mission_is_refused_and_strength_still_answers(api):
    contingent = Contingent.objects.get(**KENYA_FPU)
    client = api("admin")
    for count in (9223372036854775807, 1_000_001):
        response = client.post("/api/movements/", {"contingent": contingent.pk, "kind": "arrival",
                                                   "date": "2025-02-06", "count": count,
                                                   "source": Source.objects.first().pk}, format="json")
        assert "less than or equal to 1000000" in api_errors(response)["count"][0]
    assert not Movement.objects.filter(count__gt=1_000_000).exists()
    assert client.get("/api/strength/", {"mission": "MSS", "on": "2025-02-06"}).status_code == 200


def test_the_schema_gives_the_maximum_of_every_bounded_number():
    schemas = schema()["components"]["schemas"]
    bounded = {"MovementRequest": ["count", "men", "women", "unknown"], "ContingentRequest": ["pledged_strength"],
               "ClaimRequest": ["value"], "TransactionRequest": ["amount"], "ContractRequest": ["amount"],
               "AuthorizationRequest": ["personnel_ceiling"], "SiteAssignmentRequest": ["personnel"],
               "WorkOrderRequest": ["cost"]}
    for component, fields in bounded.items():
        for name in fields:
            assert schemas[component]["properties"][name].get("maximum") in (1_000_000, 10**15), (component, name)
    ceiling_parts = schemas["AuthorizationRequest"]["properties"]["ceiling_by_category"]["additionalProperties"]
    assert ceiling_parts["maximum"] == 1_000_000


JSON_TYPE_OF = {str: "string", bool: "boolean", int: "integer", float: "number"}


def test_every_enumerated_parameter_offers_values_of_its_stated_type():
    """A query parameter documented as an integer whose values are words ('any', 'killed') tells a client to send
    what the API then refuses or, worse, to refuse what the API takes: the casualties filter of incidents was
    documented so, its type taken from a relation of the same name."""
    mismatched = []
    for path, operations in schema()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                declared = parameter["schema"].get("items", parameter["schema"])
                for value in declared.get("enum") or []:
                    if value is not None and JSON_TYPE_OF[type(value)] != declared["type"]:
                        mismatched.append((method, path, parameter["name"], declared["type"], value))
    assert mismatched == []


# --- A mission's contingents are unique -------------------------------------------------------------------------


def test_a_second_contingent_of_one_country_and_category_in_a_mission_is_refused(api):
    kenya = Contingent.objects.get(**KENYA_FPU)
    before = Contingent.objects.count()
    response = api("admin").post("/api/contingents/", {"mission": "MSS", "country": "KEN",
                                                       "category": kenya.category}, format="json")
    errors = assert_error(response, 400, kind="validation_error")
    assert any("mission" in e["detail"] and "country" in e["detail"] and "category" in e["detail"]
               for e in errors), errors
    assert Contingent.objects.count() == before


def test_the_demo_has_one_bahamas_military_contingent_per_mission():
    for mission in Mission.objects.filter(contingents__country="BHS").distinct():
        assert Contingent.objects.filter(mission=mission, country="BHS", category="military").count() == 1


# --- Report answers bounded -----------------------------------------------------------------------------------


def test_the_strength_answer_carries_the_latest_claims_and_the_total(api):
    mission, source = Mission.objects.get(code="MSS"), Source.objects.first()
    # 150 days' arrivals, each standing (an event of its own day), the differing ones listed first.
    Claim.objects.bulk_create([Claim(source=source, mission=mission, metric=Claim.Metric.ARRIVED, value=900 + i,
                                     as_of=datetime.date(2024, 7, 1) + datetime.timedelta(days=i))
                               for i in range(150)])
    data = api("admin").get("/api/strength/", {"mission": "MSS", "on": "2025-02-06"}).json()
    total = Claim.objects.filter(mission=mission, as_of__lte="2025-02-06").exclude(metric=Claim.Metric.PLANNED)
    assert data["claims_total"] == total.count() > 150
    assert len(data["claims"]) == data["claims_limit"] == 100
    differing = data["claims"][:data["claims_differing"]]
    assert differing and all(c["difference"] for c in differing)
    assert [c["as_of"] for c in differing] == sorted((c["as_of"] for c in differing), reverse=True)
    assert data["claims_all"] == "/api/claims/?mission=MSS&as_of_before=2025-02-06"
    listed = api("admin").get(data["claims_all"]).json()
    assert listed["count"] == Claim.objects.filter(mission=mission, as_of__lte="2025-02-06").count()


# --- Bulk movements, inline sources ---------------------------------------------------------------------------


def movement(contingent, count, **more):
    return {"contingent": contingent.pk, "kind": "arrival", "date": "2025-02-06", "count": count,
            "source": Source.objects.first().pk} | more


def test_a_bulk_of_three_movements_stores_three(api):
    kenya = Contingent.objects.get(**KENYA_FPU)
    before = Movement.objects.count()
    response = api("admin").post("/api/movements/bulk/", [movement(kenya, 10), movement(kenya, 20),
                                                          movement(kenya, 30, kind="departure")], format="json")
    assert response.status_code == 201, response.content
    assert [m["count"] for m in response.json()] == [10, 20, 30]
    assert Movement.objects.count() == before + 3
    assert kenya_strength() == 761 + 10 + 20 - 30


def test_a_bulk_with_one_bad_movement_stores_none_and_names_its_index_and_field(api):
    kenya = Contingent.objects.get(**KENYA_FPU)
    before = Movement.objects.count()
    items = [movement(kenya, 10), movement(kenya, 10), movement(kenya, 10), movement(kenya, 5_000_000)]
    response = api("admin").post("/api/movements/bulk/", items, format="json")
    errors = assert_error(response, 400, kind="validation_error")
    assert [(e["index"], e["attr"], e["code"]) for e in errors] == [(3, "count", "max_value")]
    assert Movement.objects.count() == before
    # A later movement is judged after the earlier ones of the same request: 761 + 100 − 800 is fewer than none.
    response = api("admin").post("/api/movements/bulk/", [movement(kenya, 100),
                                                          movement(kenya, 800, kind="departure")], format="json")
    errors = assert_error(response, 400, kind="validation_error")
    assert {e["index"] for e in errors} == {1}, errors
    assert Movement.objects.count() == before
    assert_error(api("admin").post("/api/movements/bulk/", [], format="json"), 400, kind="validation_error")
    assert_error(api("admin").post("/api/movements/bulk/", {"count": 1}, format="json"), 400,
                 kind="validation_error")


def test_a_liaison_bulk_of_another_countrys_movements_is_refused(api):
    kenya = Contingent.objects.get(**KENYA_FPU)
    response = api("liaison-gtm").post("/api/movements/bulk/", [movement(kenya, 10)], format="json")
    assert_error(response, 400, attr="contingent", kind="validation_error")
    assert "Kenya" not in response.content.decode()


def test_a_movement_with_a_new_source_described_inline_stores_and_cites_it(api):
    kenya = Contingent.objects.get(**KENYA_FPU)
    new = {"kind": "press_statement", "title": "Fifty more officers arrive", "publisher": "Kenya Police Service",
           "published_on": "2025-02-06", "address": "https://example.org/statement"}
    response = api("admin").post("/api/movements/", movement(kenya, 50, source=new), format="json")
    assert response.status_code == 201, response.content
    source = Source.objects.get(title="Fifty more officers arrive")
    assert Movement.objects.get(pk=response.json()["id"]).citations.get().source == source
    assert response.json()["citations"][0]["publisher"] == "Kenya Police Service"
    refused = api("admin").post("/api/movements/", movement(kenya, 50, source={"title": ""}), format="json")
    assert {"source.title", "source.publisher"} <= set(api_errors(refused))
    bulk = api("admin").post("/api/movements/bulk/", [movement(kenya, 5, source=new | {"title": "Five more"})],
                             format="json")
    assert bulk.status_code == 201 and Source.objects.filter(title="Five more").exists()


def test_the_documented_walk_through_gives_its_figures(api, demo):
    """docs/api.md, "Re-entering a public statement": Kenya 761 on 2025-02-06, an arrival of 50 → 811."""
    client = DocumentedAPIClient()
    token = client.post("/api/token/", {"username": "j1", "password": "muster-demo-2025"}, format="json")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    contingents = client.get("/api/contingents/", {"mission": "MSS", "country": "KEN"}).json()["results"]
    assert len(contingents) == 1 and contingents[0]["category"] == "fpu"
    strength = client.get("/api/strength/", {"mission": "MSS", "on": "2025-02-06"}).json()
    assert next(r["total"] for r in strength["rows"] if r["country"] == "KEN") == 761
    response = client.post("/api/movements/", {
        "contingent": contingents[0]["id"], "kind": "arrival", "date": "2025-02-06", "count": 50,
        "source": {"title": "50 more officers arrive", "publisher": "National Police Service (Kenya)",
                   "published_on": "2025-02-06", "address": "https://example.org/statement"},
        "quote": "A further 50 officers arrived today."}, format="json")
    assert response.status_code == 201, response.content
    strength = client.get("/api/strength/", {"mission": "MSS", "on": "2025-02-06"}).json()
    assert next(r["total"] for r in strength["rows"] if r["country"] == "KEN") == 811


# --- The schema says what the server requires -----------------------------------------------------------------


def test_citable_record_types_are_an_enum_in_the_schema(api):
    schemas = schema()["components"]["schemas"]
    record_type = schemas["CitationRecordRequest"]["properties"]["record_type"]
    ref = record_type.get("$ref") or record_type["allOf"][0]["$ref"]
    enum = schemas[ref.rsplit("/", 1)[-1]]["enum"]
    assert {"force.movement", "force.contingent", "funding.transaction", "missions.mission"} <= set(enum)
    assert "missions.country" not in enum


def test_version_is_required_in_the_update_schemas_and_not_on_create():
    document = schema()
    schemas = document["components"]["schemas"]
    operations = document["paths"]["/api/movements/{id}/"]
    for method in ("put", "patch"):
        name = operations[method]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert "version" in schemas[name]["required"], (method, name)
    assert "version" not in schemas["MovementRequest"].get("required", [])
    updates = [name for name in schemas if name.endswith("UpdateRequest") or name.startswith("Patched")]
    assert len(updates) > 20 and all("version" in schemas[n]["required"] for n in updates
                                     if "version" in schemas[n].get("properties", {}))


def test_one_error_component_documents_every_error_status(api):
    document = schema()
    schemas = document["components"]["schemas"]
    assert "ValidationError" not in schemas and {"Error", "ErrorItem"} <= set(schemas)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "404", "405"):
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (path, method, status)


# --- Deployment ------------------------------------------------------------------------------------------------


def test_check_deploy_with_production_settings_finds_nothing(tmp_path):
    # As a deployment's environment: not the test run's (the browser tests allow Django's async-unsafe calls).
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env |= {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "HTTPS": "1",
            "ALLOWED_HOSTS": "muster.example.org", "MUSTER_VAR_DIR": str(tmp_path)}
    muster = Path(sys.executable).parent / "muster"
    result = subprocess.run([muster, "check", "--deploy"], env=env, capture_output=True, text=True, timeout=300)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "System check identified no issues" in said, said


def test_a_filter_sent_empty_is_refused_naming_it_where_the_list_page_ignores_it(signed_in):
    """schemathesis sent `credibility=` and got every source: the document allows a credibility or none."""
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="liaison-gtm"))
    response = client.get("/api/sources/", {"credibility": ""})
    assert response.status_code == 400
    assert "credibility" in api_errors(response)
    assert client.get("/api/sources/", {"credibility": "3"}).status_code == 200
    assert signed_in("j1").get("/sources/", {"credibility": ""}).status_code == 200  # a form's empty field


def test_a_yes_or_no_filter_takes_true_or_false_and_refuses_anything_else(signed_in):
    """schemathesis sent `open=null` and got every work order, open or closed."""
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="j4"))
    everything = client.get("/api/work-orders/", {"limit": 1000}).json()["count"]
    still_open = client.get("/api/work-orders/", {"open": "true", "limit": 1000}).json()["count"]
    closed = client.get("/api/work-orders/", {"open": "false", "limit": 1000}).json()["count"]
    assert 0 < still_open < everything and still_open + closed == everything
    for value in ["null", "maybe", "1"]:
        refused = client.get("/api/work-orders/", {"open": value})
        assert refused.status_code == 400 and api_errors(refused) == {"open": ["Send true or false."]}, value


def test_bodies_are_json_a_form_encoded_body_is_refused_with_415(demo):
    """schemathesis sent a source as a form with `published_on` empty: a form cannot tell an empty text from no
    value, and the API took it as no date where its document asks for a date."""
    client = APIClient()
    client.force_authenticate(User.objects.get(username="j1"))
    fields = {"kind": "press_statement", "title": "Arrival of the second contingent", "publisher": "MSS",
              "published_on": "", "reliability": "B", "credibility": "2"}
    as_form = client.post("/api/sources/", fields, format="multipart")
    assert as_form.status_code == 415 and as_form.json()["errors"][0]["code"] == "unsupported_media_type"
    as_json = client.post("/api/sources/", fields, format="json")
    assert as_json.status_code == 400 and "published_on" in api_errors(as_json)
    assert not Source.objects.filter(title="Arrival of the second contingent").exists()


def test_each_value_is_of_the_json_type_the_document_gives_or_refused_naming_its_field(demo):
    """schemathesis sent a number as a source's text, 0 as a gender target's share, "" as an organization's country,
    and the API stored "0", 0.000 and no country."""
    client = DocumentedAPIClient()
    client.force_authenticate(User.objects.get(username="admin"))
    source = {"kind": "press_statement", "title": "Arrival", "publisher": "MSS", "reliability": "B",
              "credibility": "2"}
    refused = client.post("/api/sources/", source | {"text": 0, "credibility": 2})
    assert refused.status_code == 400
    assert api_errors(refused) == {"text": ["Send text."], "credibility": ["Send one of the choices as text."]}
    organization = client.post("/api/organizations/", {"name": "Ministry", "kind": "government", "country": ""})
    assert organization.status_code == 400 and api_errors(organization) == {"country": ["Give a value, or null."]}
    kenya = Contingent.objects.filter(mission__code="MSS", country__iso3="KEN").first()
    movement = {"contingent": kenya.pk, "kind": "arrival", "date": "2025-03-01", "count": "5", "men": 5}
    assert api_errors(client.post("/api/movements/", movement)) == {"count": ["Send a whole number."]}
    assert api_errors(client.post("/api/movements/", movement | {"count": True})) == {
        "count": ["Send a whole number."]}
    count = Source.objects.count()
    assert client.post("/api/sources/", source | {"text": "0"}).status_code == 201  # the same, in its types
    assert Source.objects.count() == count + 1


def test_the_type_check_follows_each_field_s_documented_type():
    from rest_framework import serializers

    from muster.core.api_types import strict_types_refused

    fields = {"share": serializers.DecimalField(max_digits=4, decimal_places=3),
              "amount": serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False),
              "kinds": serializers.MultipleChoiceField(choices=["arrival", "departure"]),
              "note": serializers.CharField(), "shown": serializers.CharField(read_only=True)}
    assert strict_types_refused(fields, {"share": "0.25", "amount": 12.5, "kinds": ["arrival"], "note": "",
                                         "shown": 3}) == {}
    assert strict_types_refused(fields, {"share": 0.25, "amount": "12.5", "note": None}) == {
        "share": ['Send the number as a string, e.g. "0.25".'], "amount": ["Send a number."]}
