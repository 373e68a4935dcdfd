"""Pages of places: the lists of administrative areas and sites, an area's page, a site's form.

A site's own page shows who and what is there on a date (the roll's postings, the contingents' assignments, the
vehicles based there): it reads the layers above places, so it is `logistics.views.site.SiteView`, given to these
addresses by `muster/urls.py` (places.urls.places_urls)."""

from django.utils.translation import gettext_lazy

from muster.core import views as generic
from muster.core.tables import Column

from . import filtersets, forms
from .models import AdminArea, Site


class AdminAreaListView(generic.ObjectListView):
    model = AdminArea
    filterset_class = filtersets.AdminAreaFilterSet
    default_sort = ("pcode",)
    columns = [
        Column("pcode", gettext_lazy("P-code"), sort="pcode", link=True),
        Column("local_name", gettext_lazy("Name"), sort="name_en"),
        Column("name_fr", gettext_lazy("French")),
        Column("name_ht", gettext_lazy("Creole")),
        Column("level", gettext_lazy("Level"), sort="level"),
        Column("parent.local_name", gettext_lazy("Department")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").defer("geometry", "display_geometry",
                                                                            "parent__geometry",
                                                                            "parent__display_geometry")


class AdminAreaView(generic.ObjectDetailView):
    model = AdminArea

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geometry")


class SiteListView(generic.ObjectListView):
    model = Site
    filterset_class = filtersets.SiteFilterSet
    default_sort = ("mission__code", "name")
    columns = [
        Column("name", gettext_lazy("Site"), sort="name", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("mission.code", gettext_lazy("Mission"), sort="mission__code"),
        Column("adm1.local_name", gettext_lazy("Department"), sort="adm1__pcode"),
        Column("adm2.local_name", gettext_lazy("Commune"), sort="adm2__pcode"),
        Column("latitude", gettext_lazy("Latitude")),
        Column("longitude", gettext_lazy("Longitude")),
        Column("opened", gettext_lazy("Opened"), sort="opened"),
        Column("closed", gettext_lazy("Closed"), sort="closed"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mission").select_related("adm1", "adm2").defer(
            "adm1__geometry", "adm1__display_geometry", "adm2__geometry", "adm2__display_geometry")


class SiteEditView(generic.ObjectEditView):
    model = Site
    form_class = forms.SiteForm


class SiteDeleteView(generic.ObjectDeleteView):
    model = Site
