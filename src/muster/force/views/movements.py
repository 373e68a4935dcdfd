"""Pages of movements: arrivals, departures, rotations and losses; a new one is recorded through
`services.movement_record`."""

from django.utils.translation import gettext_lazy as _

from muster.core import views as generic
from muster.core.tables import Column

from .. import filtersets, forms, services
from ..models import Movement


class MovementListView(generic.ObjectListView):
    model = Movement
    filterset_class = filtersets.MovementFilterSet
    default_sort = ("date", "pk")
    columns = [
        Column("date", _("Date"), sort="date", link=True),
        Column("contingent", _("Contingent"), sort="contingent__country__name"),
        Column("kind", _("Kind"), sort="kind"),
        Column("count", _("Count"), sort="count"),
        Column("men", _("Men")),
        Column("women", _("Women")),
        Column("unknown", _("Sex unknown")),
        Column("source_list", _("Sources")),
    ]

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("contingent__mission", "contingent__country")
                .prefetch_related("citations__source"))


class MovementView(generic.ObjectDetailView):
    model = Movement

    related = ("contingent__mission", "contingent__country")


class MovementEditView(generic.ObjectEditView):
    model = Movement
    form_class = forms.MovementForm

    def save(self, form):
        if form.instance.pk is not None:
            return super().save(form)
        data = form.cleaned_data
        return services.movement_record(
            user=self.request.user, contingent=data["contingent"], kind=data["kind"], date=data["date"],
            count=data["count"], men=data["men"], women=data["women"], unknown=data["unknown"],
            note=data.get("note", ""), source=form.chosen_source(), quote=data.get("quote", ""),
        )


class MovementDeleteView(generic.ObjectDeleteView):
    model = Movement
