"""Form bases: choices limited to what the user may see, and the version that guards against stale edits."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import RestrictedQuerySet

# A browser's date and time pickers read and send ISO values whatever the page's language: without the format, the
# widget writes the active language's first input format (06/02/2025 in French), which the picker shows as empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def restrict_choices(fields, user, *, model=None, action="view"):
    """Limit every relation field to the rows `user` may view: nobody can pick, or learn of, what they can't see.

    `fields` are a form's, a filter form's or a serializer's: Django's model-choice fields, and DRF's related fields
    (whose queryset may be a manager) and many-related fields (which hold one related field for each item). An id
    outside the user's scope is then refused exactly as an id that exists nowhere, before any validation reads the
    record behind it. One mechanism for pages, filters and the API (DESIGN.md: need to know).

    Given the `model` being written and the `action` ("add" or "change"), a field on a scope path of the model is
    further limited to the records it may point to while the record stays in the user's scope
    (permissions.related_filter): a donor's representative sees every organization, but may name only its own as
    the donor of a flow.
    """
    from .permissions import ALL, related_filter, scope_heads

    for name, field in fields.items():
        field = getattr(field, "child_relation", field)  # DRF's ManyRelatedField
        queryset = getattr(field, "queryset", None)
        if isinstance(queryset, models.Manager):
            queryset = queryset.all()
        if not isinstance(queryset, RestrictedQuerySet):
            continue
        queryset = queryset.restrict(user, "view")
        field_name = getattr(field, "source", None) or name
        if model is not None and action != "view" and field_name in scope_heads(model):
            condition = related_filter(user, model, action, field_name)
            if condition is None:
                queryset = queryset.none()
            elif condition is not ALL:
                queryset = queryset.filter(condition)
        field.queryset = queryset


class RestrictedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_message = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=500,
        help_text=_("Optional; kept in the record's history."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self.fields, user, model=self._meta.model,
                         action="add" if self.instance.pk is None else "change")
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # Compare with the version the user opened, not the one just read for this request.
        if "version" in self.fields and self.cleaned_data.get("version") is not None:
            self.instance.version = self.cleaned_data["version"]
        self.instance.editor = self.user  # the model's rules name only what this user may see
        super()._post_clean()
