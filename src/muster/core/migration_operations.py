"""Migration operations of Muster's own, where Django's take too long at the scale of our migrations.

`AlterFields` applies many `AlterField`s as one: Django's AlterField re-renders its model, and every model related
to it, in the migration state after each field it changes. A migration that relabels three hundred fields (the
`*_verbose_names` migrations: labels, help texts, choices' labels, no column changed) spent ten of the thirteen
seconds of a new database's `migrate` re-rendering the same models; the same fields changed in one state step and
rendered once take a fraction of a second. The database sees exactly what each AlterField would have done.
"""

from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.fields import AlterField
from django.db.migrations.utils import field_is_referenced


class AlterFields(Operation):
    """AlterFields([migrations.AlterField(…), …]): each of the fields altered in the state, which is rendered once at
    the end, and in the database, each as its AlterField alters it. No field may appear twice."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = list(operations)
        for operation in self.operations:
            if not isinstance(operation, AlterField) or operation.preserve_default is not True:
                raise ValueError(f"AlterFields takes AlterField operations that keep their default, not {operation!r}")
        fields = [(operation.model_name_lower, operation.name_lower) for operation in self.operations]
        if len(set(fields)) != len(fields):
            raise ValueError("AlterFields alters each field once: its database step reads the field before and "
                             "after the whole operation")

    def deconstruct(self):
        return (self.__class__.__name__, [self.operations], {})

    def state_forwards(self, app_label, state):
        # ProjectState.alter_field, less its re-rendering, which is done once below for every model changed.
        reload, delay = set(), True
        for operation in self.operations:
            model_key = app_label, operation.model_name_lower
            fields = state.models[model_key].fields
            if state._relations is not None:
                old_field = fields.pop(operation.name)
                if old_field.is_relation:
                    state.resolve_model_field_relations(model_key, operation.name, old_field)
                fields[operation.name] = operation.field
                if operation.field.is_relation:
                    state.resolve_model_field_relations(model_key, operation.name, operation.field)
            else:
                fields[operation.name] = operation.field
            delay = delay and not operation.field.is_relation and not field_is_referenced(
                state, model_key, (operation.name, operation.field))
            reload.add(model_key)
        state.reload_models(sorted(reload), delay=delay)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Alter {len(self.operations)} fields: " + ", ".join(
            f"{operation.model_name}.{operation.name}" for operation in self.operations)

    @property
    def migration_name_fragment(self):
        return "alter_fields"

    def references_model(self, name, app_label):
        return any(operation.references_model(name, app_label) for operation in self.operations)

    def references_field(self, model_name, name, app_label):
        return any(operation.references_field(model_name, name, app_label) for operation in self.operations)
