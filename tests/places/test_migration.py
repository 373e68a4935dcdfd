"""The move of sites and areas to places, and of postings and assignments to force (places 0001, force 0006,
logistics 0006), changes Django's state and the content types' labels, not the tables: a database migrated from
before it keeps its rows, its grants and its change log, and migrating back gives it back as it was."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from muster.core.models import ObjectChange, ObjectPermission
from muster.force.models import Posting, SiteAssignment
from muster.operations.models import Incident
from muster.places.models import AdminArea, Site

BEFORE_THE_MOVE = [("logistics", "0005_personnel_and_cost_bounded"), ("force", "0005_counts_bounded_contingent_unique"),
                   ("places", None)]
MOVED = {AdminArea: "places", Site: "places", Posting: "force", SiteAssignment: "force"}


def _before(label):
    """A model's label before the move."""
    app, model = label.split(".")
    return f"logistics.{model}" if model in {m._meta.model_name for m in MOVED} else label


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _rows(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return cursor.fetchone()[0]


def _labels(types):
    return dict(ContentType.objects.filter(pk__in=types.values()).values_list("model", "app_label"))


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_rows_grants_and_history(demo_put_back):
    rows = {model: _rows(model) for model in MOVED}
    assert all(rows.values()), rows  # the demo has areas, sites, postings and assignments to keep
    types = {model._meta.model_name: ContentType.objects.get_for_model(model).pk for model in MOVED}
    grants = {grant.pk: grant.object_types for grant in ObjectPermission.objects.all()}
    logged = {pk: ObjectChange.objects.filter(object_type=pk).count() for pk in types.values()}
    assert all(logged.values()), logged

    incidents = Incident.objects.count()
    assert incidents  # operations' tables depend on places: the way back drops them
    _migrate(BEFORE_THE_MOVE)
    assert _labels(types) == dict.fromkeys(types, "logistics")  # the same content types, as they were
    assert {model: _rows(model) for model in MOVED} == rows
    back = {grant.pk: grant.object_types for grant in ObjectPermission.objects.all()}
    assert back == {pk: [_before(label) for label in labels] for pk, labels in grants.items()}
    assert "logistics.site" in back[ObjectPermission.objects.get(name="J4: logistics").pk]

    _migrate()
    assert _labels(types) == {model._meta.model_name: app for model, app in MOVED.items()}
    assert {model: model.objects.count() for model in MOVED} == rows
    assert Incident.objects.count() == 0  # operations' tables, which depend on places, unapplied and made anew

    assert {grant.pk: grant.object_types for grant in ObjectPermission.objects.all()} == grants
    assert {pk: ObjectChange.objects.filter(object_type=pk).count() for pk in types.values()} == logged
    # The grants still work by the models' new labels: the logistics officer edits sites, the liaison sees postings.
    users = get_user_model().objects
    assert users.get(username="j4").has_perm("places.change_site")
    assert users.get(username="j4").has_perm("force.view_siteassignment")
    assert users.get(username="liaison-gtm").has_perm("force.view_posting")
    assert not users.get(username="j4").has_perm("force.view_posting")

    # The next test finds the demo whole, with the tables dropped and made anew (tests/conftest.py).
    demo_put_back()
    assert Incident.objects.count() == incidents
    assert {model: model.objects.count() for model in MOVED} == rows
