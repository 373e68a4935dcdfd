"""Form bases: choices limited to what the user may see, and the version that guards against stale edits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .querysets import RestrictedQuerySet


def restrict_choices(fields, user):
    """Limit every model-choice field to the rows `user` may view: nobody can pick what they can't see."""
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if isinstance(queryset, RestrictedQuerySet):
            field.queryset = queryset.restrict(user, "view")


class RestrictedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_message = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=500,
        help_text=_("Optional; kept in the record's history."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self.fields, user)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # Compare with the version the user opened, not the one just read for this request.
        if "version" in self.fields and self.cleaned_data.get("version") is not None:
            self.instance.version = self.cleaned_data["version"]
        super()._post_clean()
