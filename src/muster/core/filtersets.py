"""FilterSet base: one FilterSet per model serves the UI list and the API alike."""

import django_filters
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from .forms import restrict_choices

# A list page offers a long choice (a field-scale history has 5,000 contingents: 370 KB of options, twice a page's
# budget) only once other filters have narrowed it.
CHOICES_OFFERED_AT_MOST = 200


class RestrictedFilterSet(django_filters.FilterSet):
    """Filter choices (countries, contingents, missions) limited to what the requesting user may see."""

    # filter name -> {another filter's name: the lookup of its value on the choice's model}, e.g. a mission's
    # contingents: {"contingent": {"mission": "mission", "country": "country"}}. Only what a page offers is narrowed:
    # the API and the form's validation accept any choice within the user's scope.
    choices_narrowed_by = {}

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        for filter_ in self.filters.values():
            # Built afresh for each filter set, in the reader's language: a form field django-filter cached on the
            # class's filter (drf-spectacular builds them to write the schema, before a filter knows its model) has
            # no label, and the form would show the English of the field's name to every reader after it.
            filter_.__dict__.pop("_field", None)
        if request is not None:
            restrict_choices(self.form.fields, request.user)

    def narrow_choices(self):
        """Narrow the long choices a page offers to those of the other filters chosen (the one chosen is kept); a
        list longer than CHOICES_OFFERED_AT_MOST with nothing to narrow it is not offered, and says what to choose.
        Returns the narrowed fields."""
        chosen = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        narrowed = []
        for name, by in self.choices_narrowed_by.items():
            field = self.form.fields[name]
            lookups = {lookup: chosen[other] for other, lookup in by.items() if chosen.get(other) not in (None, "")}
            offered = field.queryset.filter(**lookups)
            if not lookups and offered.count() > CHOICES_OFFERED_AT_MOST:
                names = [other.replace("_", " ") for other in by]
                field.empty_label = _("— choose a %s first —") % get_text_list(names, _("or"))
                offered = offered.none()
            if chosen.get(name) is not None:
                offered = offered | field.queryset.filter(pk=chosen[name].pk)
            field.queryset = offered
            narrowed.append(self.form[name])
        return narrowed
