"""FilterSet base: one FilterSet per model serves the UI list and the API alike."""

import django_filters

from .forms import restrict_choices


class RestrictedFilterSet(django_filters.FilterSet):
    """Filter choices (countries, contingents, missions) limited to what the requesting user may see."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if request is not None:
            restrict_choices(self.form.fields, request.user)
