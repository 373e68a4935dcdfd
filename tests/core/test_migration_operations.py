"""AlterTogether (muster.core.migration_operations) leaves the migration state, rendered models included, exactly as
the operations it holds, applied one at a time, would: the migrations that use it describe the same models."""

import functools
from collections import Counter

import pytest
from django.db.migrations.loader import MigrationLoader

from muster.core.migration_operations import AlterTogether

pytestmark = pytest.mark.database_independent  # migration files and states, no database


def _described(state):
    """Every model of a migration state as its fields and options describe it, and as Django renders it."""
    described = {}
    for key, model_state in state.models.items():
        fields = {name: field.deconstruct()[1:] for name, field in model_state.fields.items()}
        described[key] = (repr(fields), repr(sorted(model_state.options.items(), key=str)))
    for model in state.apps.get_models():
        described[model._meta.label_lower, "rendered"] = repr(sorted(
            (field.name, field.deconstruct()[1:]) for field in model._meta.get_fields() if field.concrete))
    return described


@functools.cache
def _migrations_altering_fields_together():
    loader = MigrationLoader(None, ignore_no_migrations=True)  # from the files: no database
    return loader, [key for key, migration in sorted(loader.disk_migrations.items())
                    if any(isinstance(operation, AlterTogether) for operation in migration.operations)]


def test_the_verbose_names_migrations_alter_their_fields_and_models_together():
    loader, keys = _migrations_altering_fields_together()
    assert ("core", "0004_verbose_names") in keys and len(keys) == 10  # every *_verbose_names migration
    altered = Counter(type(step).__name__ for key in keys for operation in loader.disk_migrations[key].operations
                      if isinstance(operation, AlterTogether) for step in operation.operations)
    assert altered == {"AlterField": 290, "AlterModelOptions": 43}


@pytest.mark.parametrize("key", _migrations_altering_fields_together()[1], ids="{0[0]}.{0[1]}".format)
def test_altered_together_the_state_is_the_state_altered_one_field_at_a_time(key):
    loader, _ = _migrations_altering_fields_together()
    before = loader.project_state(key, at_end=False)
    before.apps  # rendered, as migrate has it: each step re-renders what it changes  # noqa: B018
    together, one_at_a_time = before.clone(), before.clone()
    for operation in loader.disk_migrations[key].operations:
        operation.state_forwards(key[0], together)
        for step in getattr(operation, "operations", [operation]):
            step.state_forwards(key[0], one_at_a_time)
    assert _described(together) == _described(one_at_a_time)
    assert _described(together) != _described(before)  # the migration changes what it names


def test_the_models_rendered_after_it_are_as_altered_related_or_not():
    from django.db import migrations, models
    from django.db.migrations.state import ModelState, ProjectState

    state = ProjectState()
    state.add_model(ModelState("tests", "base", [("id", models.AutoField(primary_key=True)),
                                                 ("code", models.CharField(max_length=10))]))
    state.add_model(ModelState("tests", "post", [("id", models.AutoField(primary_key=True)),
                                                 ("base", models.ForeignKey("tests.base", models.PROTECT))]))
    state.apps  # noqa: B018
    AlterTogether([
        migrations.AlterField("base", "code", models.CharField(max_length=20, help_text="Its P-code")),
        migrations.AlterField("post", "base", models.ForeignKey("tests.base", models.PROTECT, verbose_name="site")),
        migrations.AlterModelOptions("post", {"verbose_name": "posting", "ordering": ["base"]}),
    ]).state_forwards("tests", state)
    code = state.apps.get_model("tests", "base")._meta.get_field("code")
    assert (code.max_length, code.help_text) == (20, "Its P-code")
    base = state.apps.get_model("tests", "post")._meta.get_field("base")
    assert base.verbose_name == "site" and base.related_model is state.apps.get_model("tests", "base")
    assert (base.model._meta.verbose_name, base.model._meta.ordering) == ("posting", ["base"])


def test_a_field_twice_or_an_operation_that_is_not_a_field_alteration_is_refused():
    from django.db import migrations, models

    label = migrations.AlterField("site", "name", models.CharField(max_length=200, verbose_name="name"))
    with pytest.raises(ValueError, match="each field once"):
        AlterTogether([label, label])
    with pytest.raises(ValueError, match="AlterField and AlterModelOptions operations"):
        AlterTogether([migrations.AddField("site", "code", models.CharField(max_length=20))])
