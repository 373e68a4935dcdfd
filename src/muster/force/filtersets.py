"""Filters for contingents, movements, the nominal roll and who is where, shared by the list pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from muster.core.filtersets import RestrictedFilterSet
from muster.missions.filtersets import mission_filter
from muster.missions.models import Country, PersonnelCategory
from muster.places.models import Site

from .models import Contingent, DutyStatus, GenderTarget, Movement, Person, Posting, SiteAssignment, Tour


class ContingentFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all())
    category = django_filters.ChoiceFilter(choices=PersonnelCategory.choices)

    class Meta:
        model = Contingent
        fields = ["mission", "country", "category"]


class MovementFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"contingent": {"mission": "mission", "country": "country", "category": "category"}}
    mission = mission_filter("contingent__mission")
    country = django_filters.ModelChoiceFilter(field_name="contingent__country", queryset=Country.objects.all())
    category = django_filters.ChoiceFilter(field_name="contingent__category", choices=PersonnelCategory.choices)
    contingent = django_filters.ModelChoiceFilter(queryset=Contingent.objects.select_related("mission", "country"))
    kind = django_filters.MultipleChoiceFilter(choices=Movement.Kind.choices)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = Movement
        fields = ["mission", "country", "category", "contingent", "kind", "date_after", "date_before"]


class PersonFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"contingent": {"mission": "mission", "country": "country"}}
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all())
    mission = mission_filter("tours__contingent__mission", distinct=True)
    contingent = django_filters.ModelChoiceFilter(field_name="tours__contingent", distinct=True, label=_("Contingent"),
                                                  queryset=Contingent.objects.select_related("mission", "country"))
    sex = django_filters.ChoiceFilter(choices=Person.Sex.choices)
    q = django_filters.CharFilter(method="search", label=_("Name or service number"))

    class Meta:
        model = Person
        fields = ["country", "mission", "contingent", "sex", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(family_name__icontains=value) | Q(given_names__icontains=value)
                               | Q(service_number__iexact=value))


class TourFilterSet(RestrictedFilterSet):
    choices_narrowed_by = {"contingent": {"mission": "mission", "country": "country"}}
    mission = mission_filter("contingent__mission")
    country = django_filters.ModelChoiceFilter(field_name="contingent__country", queryset=Country.objects.all())
    contingent = django_filters.ModelChoiceFilter(queryset=Contingent.objects.select_related("mission", "country"))
    on_roll = django_filters.DateFilter(method="filter_on_roll", label=_("On the roll on"))
    ending_before = django_filters.DateFilter(field_name="planned_end", lookup_expr="lte",
                                              label=_("Planned end on or before"))

    class Meta:
        model = Tour
        fields = ["mission", "country", "contingent", "on_roll", "ending_before"]

    def filter_on_roll(self, queryset, name, value):
        return queryset.filter(Q(departure__isnull=True) | Q(departure__gt=value), arrival__lte=value)


class DutyStatusFilterSet(RestrictedFilterSet):
    mission = mission_filter("tour__contingent__mission")
    country = django_filters.ModelChoiceFilter(field_name="tour__contingent__country", queryset=Country.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=DutyStatus.Status.choices)
    since_after = django_filters.DateFilter(field_name="since", lookup_expr="gte", label=_("On or after"))
    since_before = django_filters.DateFilter(field_name="since", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = DutyStatus
        fields = ["mission", "country", "status", "since_after", "since_before"]


class GenderTargetFilterSet(RestrictedFilterSet):
    mission = mission_filter()
    category = django_filters.ChoiceFilter(choices=PersonnelCategory.choices)

    class Meta:
        model = GenderTarget
        fields = ["mission", "category"]


class SiteAssignmentFilterSet(RestrictedFilterSet):
    mission = mission_filter("site__mission")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())

    class Meta:
        model = SiteAssignment
        fields = ["mission", "site"]


class PostingFilterSet(RestrictedFilterSet):
    mission = mission_filter("tour__contingent__mission")
    country = django_filters.ModelChoiceFilter(field_name="tour__contingent__country", queryset=Country.objects.all())
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    current_on = django_filters.DateFilter(method="filter_current_on", label=_("Current on"),
                                           help_text=_("Officers on the roll that day, at their posting then."))

    class Meta:
        model = Posting
        fields = ["mission", "country", "site", "current_on"]

    def filter_current_on(self, queryset, name, value):
        later = Posting.objects.filter(tour=OuterRef("tour"), since__gt=OuterRef("since"), since__lte=value)
        on_roll = Q(tour__departure__isnull=True) | Q(tour__departure__gt=value)
        return queryset.filter(on_roll, since__lte=value, tour__arrival__lte=value).exclude(Exists(later))
