"""Migration operations of Muster's own, where Django's take too long at the scale of our migrations.

`AlterTogether` applies many `AlterField`s and `AlterModelOptions` as one: each of Django's re-renders its model,
and for a field every model related to it, in the migration state after the step. A migration that relabels three
hundred fields and fifty models (the `*_verbose_names` migrations: labels, help texts, choices' labels, orderings;
no column changed) spent ten of the thirteen seconds of a new database's `migrate` re-rendering the same models;
altered in one step and rendered once, a fraction of a second. The database sees exactly what each operation would
have done: AlterModelOptions nothing, each AlterField its own change.
"""

from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.fields import AlterField
from django.db.migrations.operations.models import AlterModelOptions


class AlterTogether(Operation):
    """AlterTogether([migrations.AlterModelOptions(…), migrations.AlterField(…), …]): each operation's own state
    step with the state left unrendered, then the models changed, and those related, rendered once; in the
    database, each operation's own step. An AlterField's step reads its field before and after the whole group,
    so no field may appear twice."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = list(operations)
        for operation in self.operations:
            if not isinstance(operation, (AlterField, AlterModelOptions)):
                raise ValueError(f"AlterTogether takes AlterField and AlterModelOptions operations, not {operation!r}")
        fields = [(operation.model_name_lower, operation.name_lower) for operation in self.operations
                  if isinstance(operation, AlterField)]
        if len(set(fields)) != len(fields):
            raise ValueError("AlterTogether alters each field once: its database step reads the field before and "
                             "after the whole group")

    def deconstruct(self):
        return (self.__class__.__name__, [self.operations], {})

    def _models(self, app_label):
        return sorted({(app_label, getattr(operation, "model_name_lower", None) or operation.name_lower)
                       for operation in self.operations})

    def state_forwards(self, app_label, state):
        # A state whose models are not rendered skips each step's re-rendering (ProjectState.reload_model); the
        # rendered models are put back and brought up to date once, with every model related to those changed.
        rendered = state.__dict__.pop("apps", None)
        try:
            for operation in self.operations:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.apps = rendered
        state.reload_models(self._models(app_label), delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "; ".join(operation.describe() for operation in self.operations)

    @property
    def migration_name_fragment(self):
        return "alter_together"

    def references_model(self, name, app_label):
        return any(operation.references_model(name, app_label) for operation in self.operations)

    def references_field(self, model_name, name, app_label):
        return any(operation.references_field(model_name, name, app_label) for operation in self.operations)
