"""The generic test kit: every view and API endpoint of every model, checked the same way.

A model's test class declares only its data; these mixins (for `django.test.TestCase`) check each
persona — anonymous, signed in without permission, permitted, permitted under a constraint — and
that every write leaves its row in the change log. `tests/test_model_test_coverage.py` fails when a
model has no such test class.

A test class provides:
    model            the model under test
    constraint       the constrained persona's scope, e.g. {"country": "GTM"} (constrained mixins only)
    make_object(cls, *, in_scope=True)   a new saved object, inside or outside `constraint`
    form_data(self, *, in_scope=True)    POST data of the add form for a new object
    form_changes(self)                   fields to change through the edit form
    form_moving_out(self)                fields that would move an object out of `constraint`
    api_data(self, *, in_scope=True)     JSON for creating a new object through the API
    api_changes(self)                    JSON fields to change through the API
    api_moving_out(self)                 JSON fields that would move an object out of `constraint`
"""

import json
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from .models import ObjectChange, ObjectPermission, User

PASSWORD = "test-password-1234"
ALL_ACTIONS = ["view", "add", "change", "delete"]


def muster_models():
    """The models users read and write through views and the API: those with a restricted manager."""
    return [m for m in apps.get_models() if m.__module__.startswith("muster.") and hasattr(m.objects, "restrict")]


def world_empty():
    """Delete every record of Muster (the demo the test database holds) within the current transaction.

    For tests that build a small world of their own and count all of it (permission mechanics, property tests
    against a model in plain Python): the test's transaction is rolled back, so the demo is back for the next
    test. Countries stay (reference data loaded by a migration), as do content types and Django's permissions.
    """
    from django.contrib.admin.models import LogEntry
    from django.core.management.color import no_style
    from django.db import connection
    from rest_framework.authtoken.models import Token

    keep = {"missions.country"}
    models = [m for m in apps.get_models(include_auto_created=True)
              if m.__module__.startswith("muster.") and m._meta.label_lower not in keep and m._meta.managed]
    models += [Token, LogEntry]
    tables = sorted({m._meta.db_table for m in models})
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")  # checked at commit, which never comes: rolled back
        # allow_cascade: tables of other apps that point at these (two-factor devices at users) go with them.
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)


class EmptyWorld:
    """A TestCase mixin: the class's data is built in an empty world (see world_empty).

    Emptied as soon as the class's own transaction opens (TestCase.setUpClass), before any setUpTestData of the
    class or its bases runs; not again when each test opens its savepoint, which would delete that data. Each time
    the class is set up: in a shuffled order (pytest --random-order) its tests may run apart, in several setups.
    """

    _world_to_empty = False

    @classmethod
    def setUpClass(cls):
        cls._world_to_empty = True  # by the first transaction that setUpClass opens, below
        super().setUpClass()

    @classmethod
    def _enter_atomics(cls):
        atomics = super()._enter_atomics()
        if cls._world_to_empty:
            cls._world_to_empty = False
            world_empty()
        return atomics


def make_user(username, *, grants=(), country=None, superuser=False):
    """A user with `grants`: [(model labels, actions, constraints or None), …]."""
    user = User.objects.create_user(username=username, password=PASSWORD, country_id=country,
                                    is_superuser=superuser, is_staff=superuser)
    for i, (labels, actions, constraints) in enumerate(grants):
        permission = ObjectPermission.objects.create(name=f"{username} {i}", object_types=list(labels),
                                                     actions=list(actions), constraints=constraints)
        permission.full_clean()
        permission.users.add(user)
    return user


def view_everything_grant(except_model=None, *, constraint=None):
    """View on every model, constrained where the model can express `constraint` (as a liaison is)."""
    grants = []
    for model in muster_models():
        if model is except_model:
            continue
        applies = constraint and all(k in getattr(model, "scope_paths", {}) for k in constraint)
        grants.append(([model._meta.label_lower], ["view"], constraint if applies else None))
    return grants


def post_data(form):
    """The POST data a browser would send for `form` as it stands (its initial values)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        elif isinstance(value, dict):
            data[name] = json.dumps(value)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def form_errors(response):
    """The errors of the form a response shows, for assertion messages."""
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    return form.errors.as_json() if form is not None else None


@cache
def openapi_document():
    """The API's OpenAPI document, made strict: a field the document does not describe is an error."""
    from drf_spectacular.generators import SchemaGenerator
    from openapi_core import OpenAPI

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for component in schema.get("components", {}).get("schemas", {}).values():
        if component.get("type") == "object" and "properties" in component:
            component.setdefault("additionalProperties", False)
    schema = json.loads(json.dumps(schema, default=str))
    return OpenAPI.from_dict(schema)


class DocumentedAPIClient(APIClient):
    """An API client that checks every response against the OpenAPI document (the document is a contract)."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        if response.status_code < 500 and response.get("Content-Type", "").startswith("application/json"):
            from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

            openapi_document().validate_response(DjangoOpenAPIRequest(response.wsgi_request),
                                                 DjangoOpenAPIResponse(response))
        return response


def api_errors(response):
    """An API error response's messages by the field or parameter they name (None: the request as a whole), in
    order: {"count": ["Ensure this value is less than or equal to 1000000."]} (the one shape: core.api_errors)."""
    errors = {}
    for error in response.json()["errors"]:
        errors.setdefault(error["attr"], []).append(error["detail"])
    return errors


class _Missing:
    """A record of the same model with a key no row has: what an out-of-scope record must be indistinguishable from."""

    def __init__(self, like):
        field = type(like)._meta.pk
        self.pk = "ZZZ" if field.get_internal_type() == "CharField" else 987_654_321


def _reverse_or_none(model, action):
    from django.urls import NoReverseMatch

    try:
        return reverse(f"{model._meta.app_label}:{model._meta.model_name}_{action}", args=[1])
    except NoReverseMatch:
        return None


class _Personas:
    model = None
    constraint = None

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        label = cls.model._meta.label_lower
        cls.outsider = make_user("outsider")
        cls.officer = make_user("officer", grants=[([label], ALL_ACTIONS, None)] + view_everything_grant(cls.model))
        cls.in_scope = cls.make_object(in_scope=True)
        if cls.constraint:
            cls.out_of_scope = cls.make_object(in_scope=False)
            cls.liaison = make_user(
                "liaison", grants=[([label], ALL_ACTIONS, cls.constraint)]
                + view_everything_grant(cls.model, constraint=cls.constraint),
            )

    def url(self, action, obj=None):
        opts = self.model._meta
        name = f"{opts.app_label}:{opts.model_name}_{action}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

    def assert_logged(self, obj_or_pk, action, user):
        pk = getattr(obj_or_pk, "pk", obj_or_pk)
        change = ObjectChange.objects.filter(
            object_type=ContentType.objects.get_for_model(self.model), object_id=str(pk), action=action
        ).first()
        self.assertIsNotNone(change, f"no {action} of {self.model.__name__} {pk} in the change log")
        self.assertEqual(change.user, user)
        self.assertEqual(change.user_name, user.username)
        if action == ObjectChange.Action.DELETE:
            self.assertIsNotNone(change.prechange_data, "a delete keeps the full record")
        else:
            self.assertIsNotNone(change.postchange_data)
        return change


class ReadOnlyViewTests(_Personas):
    """List and detail pages of a model: who sees what."""

    def signed_in(self, user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def test_list_asks_anonymous_users_to_sign_in(self):
        response = self.signed_in(None).get(self.url("list"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_list_is_forbidden_without_permission(self):
        self.assertEqual(self.signed_in(self.outsider).get(self.url("list")).status_code, 403)

    def test_list_shows_the_objects_to_a_permitted_user(self):
        response = self.signed_in(self.officer).get(self.url("list"), {"per_page": 500})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.in_scope.get_absolute_url())

    def test_list_exports_csv_and_xlsx(self):
        client = self.signed_in(self.officer)
        csv = client.get(self.url("list"), {"export": "csv"})
        self.assertEqual(csv.status_code, 200)
        self.assertTrue(csv["Content-Type"].startswith("text/csv"))
        self.assertGreaterEqual(len(csv.content.decode().strip().splitlines()), 2)
        xlsx = client.get(self.url("list"), {"export": "xlsx"})
        self.assertEqual(xlsx.status_code, 200)
        self.assertEqual(xlsx.content[:2], b"PK")

    def test_detail_asks_anonymous_users_to_sign_in(self):
        self.assertEqual(self.signed_in(None).get(self.in_scope.get_absolute_url()).status_code, 302)

    def test_detail_is_not_found_without_permission(self):
        self.assertEqual(self.signed_in(self.outsider).get(self.in_scope.get_absolute_url()).status_code, 404)

    def test_detail_shows_the_object_to_a_permitted_user(self):
        response = self.signed_in(self.officer).get(self.in_scope.get_absolute_url())
        self.assertContains(response, str(self.in_scope), html=False)

    def test_history_is_not_found_without_permission(self):
        url = reverse("core:history", args=[self.model._meta.label_lower, self.in_scope.pk])
        self.assertEqual(self.signed_in(self.outsider).get(url).status_code, 404)
        self.assertEqual(self.signed_in(self.officer).get(url).status_code, 200)


class ConstrainedReadOnlyViewTests:
    """A constrained user sees only the objects inside the constraint, on every page and export."""

    def test_list_and_exports_show_only_objects_inside_the_constraint(self):
        client = self.signed_in(self.liaison)
        response = client.get(self.url("list"), {"per_page": 500})
        self.assertContains(response, self.in_scope.get_absolute_url())
        self.assertNotContains(response, self.out_of_scope.get_absolute_url())
        exported = client.get(self.url("list"), {"export": "csv"}).content.decode()
        everything = self.signed_in(self.officer).get(self.url("list"), {"export": "csv"}).content.decode()
        self.assertLess(len(exported.splitlines()), len(everything.splitlines()))
        self.assertEqual(len(exported.strip().splitlines()) - 1,
                         self.model.objects.restrict(self.liaison, "view").count())

    def test_detail_outside_the_constraint_is_not_found(self):
        client = self.signed_in(self.liaison)
        self.assertEqual(client.get(self.in_scope.get_absolute_url()).status_code, 200)
        self.assertEqual(client.get(self.out_of_scope.get_absolute_url()).status_code, 404)
        history = reverse("core:history", args=[self.model._meta.label_lower, self.out_of_scope.pk])
        self.assertEqual(client.get(history).status_code, 404)


class ObjectViewTests(ReadOnlyViewTests):
    """Add, edit and delete pages as well: permission, change log, stale edits."""

    def form_class(self):
        return resolve(self.url("add")).func.view_class.form_class

    def edit_data(self, obj, changes):
        form = self.form_class()(instance=obj, user=self.officer)
        return post_data(form) | changes

    def test_add_is_forbidden_without_permission_and_stores_nothing(self):
        before = self.model.objects.count()
        client = self.signed_in(self.outsider)
        self.assertEqual(client.get(self.url("add")).status_code, 403)
        self.assertEqual(client.post(self.url("add"), self.form_data()).status_code, 403)
        self.assertEqual(self.model.objects.count(), before)

    def test_add_stores_the_object_and_logs_who_did_it(self):
        before = set(self.model.objects.values_list("pk", flat=True))
        response = self.signed_in(self.officer).post(self.url("add"), self.form_data())
        self.assertEqual(response.status_code, 302, form_errors(response))
        created = set(self.model.objects.values_list("pk", flat=True)) - before
        self.assertEqual(len(created), 1)
        self.assert_logged(created.pop(), ObjectChange.Action.CREATE, self.officer)

    def test_edit_changes_the_object_and_logs_before_and_after(self):
        obj = self.make_object(in_scope=True)
        changes = self.form_changes()
        response = self.signed_in(self.officer).post(
            self.url("edit", obj), self.edit_data(obj, changes) | {"change_message": "Corrected after review"})
        self.assertEqual(response.status_code, 302, form_errors(response))
        change = self.assert_logged(obj, ObjectChange.Action.UPDATE, self.officer)
        self.assertEqual(change.message, "Corrected after review")
        self.assertNotEqual(change.prechange_data, change.postchange_data)

    def test_edit_from_a_stale_version_is_refused_with_a_clear_message(self):
        obj = self.make_object(in_scope=True)
        stale = self.edit_data(obj, self.form_changes())
        fresh = self.model.objects.get(pk=obj.pk)
        fresh.save()  # someone else saves first: version 2
        response = self.signed_in(self.officer).post(self.url("edit", obj), stale)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "changed by someone else")
        self.assertEqual(self.model.objects.get(pk=obj.pk).version, fresh.version)

    def test_edit_is_not_found_without_permission(self):
        self.assertEqual(self.signed_in(self.outsider).get(self.url("edit", self.in_scope)).status_code, 404)

    def test_delete_removes_the_object_and_logs_the_full_record(self):
        obj = self.make_object(in_scope=True)
        client = self.signed_in(self.officer)
        self.assertEqual(client.get(self.url("delete", obj)).status_code, 200)
        response = client.post(self.url("delete", obj), {"change_message": "Entered twice"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.model.objects.filter(pk=obj.pk).exists())
        change = self.assert_logged(obj, ObjectChange.Action.DELETE, self.officer)
        self.assertEqual(change.message, "Entered twice")

    def test_delete_is_not_found_without_permission(self):
        self.assertEqual(self.signed_in(self.outsider).post(self.url("delete", self.in_scope)).status_code, 404)
        self.assertTrue(self.model.objects.filter(pk=self.in_scope.pk).exists())


class ConstrainedObjectViewTests(ConstrainedReadOnlyViewTests):
    def test_add_outside_the_constraint_is_refused_and_stores_nothing(self):
        before = self.model.objects.count()
        response = self.signed_in(self.liaison).post(self.url("add"), self.form_data(in_scope=False))
        self.assertEqual(response.status_code, 200)  # the form again, with the reason
        self.assert_refused_for_choice(response, self.form_data(in_scope=False), self.form_data(in_scope=True))
        self.assertEqual(self.model.objects.count(), before)

    def assert_refused_for_choice(self, response, refused, allowed):
        """The reason the form gives: a relation that would take the record out of scope is an invalid choice,
        beside its field (the same words as for a record that does not exist); a plain field of the record's own
        scope (a mission's code) is refused for the record as a whole, as lying outside what the user may do."""
        errors = response.context["form"].errors
        moved = {name for name in refused if str(refused[name]) != str(allowed.get(name))}
        relations = moved & {f.name for f in self.model._meta.get_fields() if f.is_relation}
        if relations:
            self.assertTrue(set(errors) & relations, f"no error on {sorted(relations)}: {errors.as_json()}")
            for name in set(errors) & relations:
                self.assertIn("valid choice", " ".join(errors[name]), errors.as_json())
        else:
            self.assertIn("outside what you may", " ".join(errors.get("__all__", [])), errors.as_json())

    def test_add_inside_the_constraint_is_allowed(self):
        before = self.model.objects.count()
        response = self.signed_in(self.liaison).post(self.url("add"), self.form_data(in_scope=True))
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(self.model.objects.count(), before + 1)

    def test_an_object_cannot_be_moved_out_of_the_constraint(self):
        obj = self.make_object(in_scope=True)
        data = self.edit_data(obj, self.form_moving_out())
        response = self.signed_in(self.liaison).post(self.url("edit", obj), data)
        self.assertEqual(response.status_code, 200)
        self.assert_refused_for_choice(response, self.form_moving_out(), self.edit_data(obj, {}))
        self.assertTrue(self.model.objects.restrict(self.liaison, "view").filter(pk=obj.pk).exists())

    def test_edit_and_delete_outside_the_constraint_are_not_found(self):
        client = self.signed_in(self.liaison)
        self.assertEqual(client.get(self.url("edit", self.out_of_scope)).status_code, 404)
        self.assertEqual(client.post(self.url("delete", self.out_of_scope)).status_code, 404)
        self.assertTrue(self.model.objects.filter(pk=self.out_of_scope.pk).exists())

    def test_every_page_of_an_out_of_scope_record_answers_as_for_one_that_does_not_exist(self):
        client = self.signed_in(self.liaison)
        for action, method in (("detail", "get"), ("edit", "get"), ("edit", "post"), ("delete", "get"),
                               ("delete", "post")):
            if _reverse_or_none(self.model, action) is None:
                continue
            hidden = getattr(client, method)(self.url(action, self.out_of_scope), {"version": 1})
            missing = getattr(client, method)(self.url(action, _Missing(self.out_of_scope)), {"version": 1})
            self.assertEqual((hidden.status_code, missing.status_code), (404, 404), f"{method} {action}")
        self.assertTrue(self.model.objects.filter(pk=self.out_of_scope.pk).exists())


class ReadOnlyAPITests(_Personas):
    """The API's list and retrieve endpoints of a model, every response checked against the OpenAPI document."""

    def api(self, user):
        client = DocumentedAPIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def api_url(self, obj=None):
        name = self.model._meta.model_name
        return reverse(f"api:{name}-detail", args=[obj.pk]) if obj is not None else reverse(f"api:{name}-list")

    def test_api_refuses_anonymous_users(self):
        self.assertIn(self.api(None).get(self.api_url()).status_code, (401, 403))

    def test_api_list_is_forbidden_without_permission(self):
        self.assertEqual(self.api(self.outsider).get(self.api_url()).status_code, 403)

    def test_api_lists_and_retrieves_for_a_permitted_user(self):
        client = self.api(self.officer)
        listed = client.get(self.api_url())
        self.assertEqual(listed.status_code, 200)
        self.assertEqual(listed.json()["count"], self.model.objects.count())
        self.assertEqual(client.get(self.api_url(self.in_scope)).status_code, 200)

    def test_api_list_and_detail_take_the_same_queries_whatever_the_number_of_records(self):
        """Restricting, serializing and paging cost a fixed number of queries: no query per row."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.api(self.officer)

        def queries():
            with CaptureQueriesContext(connection) as listed:
                self.assertEqual(client.get(self.api_url(), {"limit": 1000}).status_code, 200)
            with CaptureQueriesContext(connection) as detail:
                self.assertEqual(client.get(self.api_url(self.in_scope)).status_code, 200)
            return len(listed), len(detail)

        queries()  # the first request also reads the user's grants, which the user object then keeps
        before = queries()
        for _ in range(3):
            self.make_object(in_scope=True)
        self.assertEqual(queries(), before)

    def test_api_token_authentication_works(self):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=self.officer)
        client = DocumentedAPIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(client.get(self.api_url()).status_code, 200)


class ConstrainedReadOnlyAPITests:
    def test_api_shows_only_objects_inside_the_constraint(self):
        client = self.api(self.liaison)
        listed = client.get(self.api_url(), {"limit": 1000}).json()
        keys = {str(row.get("id", row.get("iso3"))) for row in listed["results"]}
        self.assertIn(str(self.in_scope.pk), keys)
        self.assertNotIn(str(self.out_of_scope.pk), keys)
        self.assertEqual(client.get(self.api_url(self.out_of_scope)).status_code, 404)


class ObjectAPITests(ReadOnlyAPITests):
    def test_api_create_is_forbidden_without_permission_and_stores_nothing(self):
        before = self.model.objects.count()
        self.assertEqual(self.api(self.outsider).post(self.api_url(), self.api_data(), format="json").status_code, 403)
        self.assertEqual(self.model.objects.count(), before)

    def test_api_create_stores_the_object_and_logs_who_did_it(self):
        response = self.api(self.officer).post(self.api_url(), self.api_data(), format="json",
                                               HTTP_X_CHANGE_MESSAGE="From the liaison's e-mail")
        self.assertEqual(response.status_code, 201, response.content)
        change = self.assert_logged(response.json()["id"], ObjectChange.Action.CREATE, self.officer)
        self.assertEqual(change.message, "From the liaison's e-mail")

    def test_api_update_changes_the_object_and_logs_it(self):
        obj = self.make_object(in_scope=True)
        response = self.api(self.officer).patch(self.api_url(obj), self.api_changes() | {"version": obj.version},
                                                format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["version"], obj.version + 1)
        self.assert_logged(obj, ObjectChange.Action.UPDATE, self.officer)

    def test_api_update_from_a_stale_version_is_refused(self):
        obj = self.make_object(in_scope=True)
        self.model.objects.get(pk=obj.pk).save()
        response = self.api(self.officer).patch(self.api_url(obj), self.api_changes() | {"version": obj.version},
                                                format="json")
        self.assertEqual(response.status_code, 409, response.content)
        self.assertIn("changed by someone else", api_errors(response)[None][0])

    def test_api_update_without_a_version_is_refused(self):
        obj = self.make_object(in_scope=True)
        response = self.api(self.officer).patch(self.api_url(obj), self.api_changes(), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("version", api_errors(response))

    def test_api_delete_removes_the_object_and_logs_the_full_record(self):
        obj = self.make_object(in_scope=True)
        self.assertEqual(self.api(self.officer).delete(self.api_url(obj)).status_code, 204)
        self.assertFalse(self.model.objects.filter(pk=obj.pk).exists())
        self.assert_logged(obj, ObjectChange.Action.DELETE, self.officer)

    def test_api_delete_is_not_found_without_permission(self):
        # A record the user may not see is, to them, one that does not exist: 404, as on the pages.
        self.assertEqual(self.api(self.outsider).delete(self.api_url(self.in_scope)).status_code, 404)
        self.assertTrue(self.model.objects.filter(pk=self.in_scope.pk).exists())


class ConstrainedObjectAPITests(ConstrainedReadOnlyAPITests):
    def test_api_create_outside_the_constraint_is_refused_and_stores_nothing(self):
        before = self.model.objects.count()
        refused, allowed = self.api_data(in_scope=False), self.api_data(in_scope=True)
        response = self.api(self.liaison).post(self.api_url(), refused, format="json")
        self.assert_api_refused_for_scope(response, {name for name in refused if refused[name] != allowed.get(name)})
        self.assertEqual(self.model.objects.count(), before)

    def assert_api_refused_for_scope(self, response, moved):
        """As assert_refused_for_choice, through the API: 400 naming the relation, as for a key that does not exist;
        or, for a plain field of the record's own scope, 403 saying it would fall outside what the user may do."""
        relations = moved & {f.name for f in self.model._meta.get_fields() if f.is_relation}
        if relations:
            self.assertEqual(response.status_code, 400, response.content)
            named = set(api_errors(response)) & relations
            self.assertTrue(named, f"no error on {sorted(relations)}: {response.content}")
            for name in named:
                self.assertIn("does not exist", json.dumps(api_errors(response)[name]), response.content)
        else:
            self.assertEqual(response.status_code, 403, response.content)
            self.assertIn("outside what you may", api_errors(response)[None][0])

    def test_api_cannot_move_an_object_out_of_the_constraint(self):
        obj = self.make_object(in_scope=True)
        response = self.api(self.liaison).patch(self.api_url(obj), self.api_moving_out() | {"version": obj.version},
                                                format="json")
        self.assert_api_refused_for_scope(response, set(self.api_moving_out()))
        self.assertTrue(self.model.objects.restrict(self.liaison, "view").filter(pk=obj.pk).exists())

    def test_api_every_method_on_an_out_of_scope_record_answers_as_on_one_that_does_not_exist(self):
        client = self.api(self.liaison)
        missing = _Missing(self.out_of_scope)
        # With a payload that would fail validation too: scope is decided before anything reads the record.
        for payload in ({"version": self.out_of_scope.version}, {"version": -1, "id": "not a number"}):
            for method in ("get", "put", "patch", "delete"):
                hidden = getattr(client, method)(self.api_url(self.out_of_scope), payload, format="json")
                absent = getattr(client, method)(self.api_url(missing), payload, format="json")
                self.assertEqual(hidden.status_code, 404, f"{method}: {hidden.content}")
                self.assertEqual((hidden.status_code, hidden.json()), (absent.status_code, absent.json()), method)
        self.assertTrue(self.model.objects.filter(pk=self.out_of_scope.pk).exists())

    def test_api_a_related_record_out_of_scope_is_refused_as_one_that_does_not_exist(self):
        """Every relation the API accepts, given a record the user may not see, answers word for word as for a key
        that exists nowhere: no validation reads the hidden record (its strength, its name)."""
        client = self.api(self.liaison)
        serializer = resolve(self.api_url()).func.cls.serializer_class()
        fields = {name: f for name, f in serializer.fields.items() if not f.read_only
                  and hasattr(getattr(f, "child_relation", f), "queryset")}
        for name, field in fields.items():
            relation = getattr(field, "child_relation", field)
            model = relation.queryset.model
            if not hasattr(model.objects, "restrict"):
                continue
            hidden = model._default_manager.exclude(pk__in=model.objects.restrict(self.liaison, "view").values("pk"))
            hidden = hidden.first()
            if hidden is None:
                continue
            key = getattr(relation, "slug_field", None) or "pk"
            hidden_value = getattr(hidden, key)
            absent_value = "ZZZ-not-a-key" if isinstance(hidden_value, str) else 987_654_321
            wrap = (lambda v: [v]) if hasattr(field, "child_relation") else (lambda v: v)
            payloads = [self.api_data(in_scope=True) | {name: wrap(value)} for value in (hidden_value, absent_value)]
            answers = [client.post(self.api_url(), payload, format="json") for payload in payloads]
            self.assertEqual([a.status_code for a in answers], [400, 400], name)
            said = [json.dumps(api_errors(a)[name]) for a in answers]
            self.assertEqual(said[0], said[1].replace(str(absent_value), str(hidden_value)), name)

    def test_api_update_and_delete_outside_the_constraint_are_not_found(self):
        client = self.api(self.liaison)
        patch = client.patch(self.api_url(self.out_of_scope), {"version": 1}, format="json")
        self.assertEqual(patch.status_code, 404)
        self.assertEqual(client.delete(self.api_url(self.out_of_scope)).status_code, 404)
        self.assertTrue(self.model.objects.filter(pk=self.out_of_scope.pk).exists())
