"""Pages of contingents: the list, a contingent with its movements and running strength, its form."""

from django.utils.translation import gettext_lazy as _

from muster.core import views as generic
from muster.core.tables import Column

from .. import filtersets, forms
from ..models import Contingent, Person, Tour
from ..privacy import roll_visible


class ContingentListView(generic.ObjectListView):
    model = Contingent
    filterset_class = filtersets.ContingentFilterSet
    default_sort = ("mission__start", "country__name", "category")
    columns = [
        Column("country", _("Country"), sort="country__name", link=True),
        Column("category", _("Category"), sort="category"),
        Column("mission.code", _("Mission"), sort="mission__code"),
        Column("parent_service", _("Parent service")),
        Column("pledged_strength", _("Pledged"), sort="pledged_strength"),
    ]

    related = ("mission", "country", "parent_service")


class ContingentView(generic.ObjectDetailView):
    model = Contingent

    related = ("mission", "country", "parent_service", "predecessor")

    def get_extra_context(self, request, obj):
        movements = obj.movements.prefetch_related("citations__source").order_by("date", "pk")
        running, rows = 0, []
        for movement in movements:
            running += movement.sign * movement.count
            rows.append((movement, running))
        context = {"movement_rows": rows, "roll_visible": roll_visible(request.user)}
        if context["roll_visible"]:
            context["roll_tours"] = Tour.objects.restrict(request.user, "view").filter(contingent=obj).count()
            context["may_import_roll"] = generic.may(request.user, Person, "add") and generic.may(
                request.user, Tour, "add")
        return context


class ContingentEditView(generic.ObjectEditView):
    model = Contingent
    form_class = forms.ContingentForm


class ContingentDeleteView(generic.ObjectDeleteView):
    model = Contingent
