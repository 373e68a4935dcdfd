"""Pages of gender targets: the women's share a mission aims at, by category and year."""

from django.utils.translation import gettext_lazy as _

from muster.core import views as generic
from muster.core.tables import Column

from .. import filtersets, forms
from ..models import GenderTarget


class GenderTargetListView(generic.ObjectListView):
    model = GenderTarget
    filterset_class = filtersets.GenderTargetFilterSet
    default_sort = ("category", "-target_year", "pk")
    columns = [
        Column("category", _("Category"), sort="category", link=True),
        Column("share", _("Women's share")),
        Column("target_year", _("By"), sort="target_year"),
        Column("mission", _("Mission")),
        Column("source", _("Source")),
    ]

    related = ("mission", "source")


class GenderTargetView(generic.ObjectDetailView):
    model = GenderTarget


class GenderTargetEditView(generic.ObjectEditView):
    model = GenderTarget
    form_class = forms.GenderTargetForm


class GenderTargetDeleteView(generic.ObjectDeleteView):
    model = GenderTarget
