"""Pages of missions, authorizations, appointments, countries and organizations."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from muster.core import views as generic
from muster.core.tables import Column

from . import filtersets, forms
from .models import Appointment, Authorization, Country, Mission, Organization


class MissionListView(generic.ObjectListView):
    model = Mission
    filterset_class = filtersets.MissionFilterSet
    columns = [
        Column("code", _("Code"), sort="code", link=True),
        Column("name", _("Name"), sort="name"),
        Column("lead_country", _("Lead country")),
        Column("start", _("Start"), sort="start"),
        Column("end", _("End"), sort="end"),
        Column("predecessor.code", _("Predecessor")),
    ]

    related = ("lead_country", "predecessor")


class MissionView(generic.ObjectDetailView):
    model = Mission

    def get_extra_context(self, request, obj):
        return {
            "authorizations": Authorization.objects.restrict(request.user, "view").filter(mission=obj),
            "successors": Mission.objects.restrict(request.user, "view").filter(predecessor=obj),
            # Who holds the mission's posts and the contributing countries' (intake's participation proposals):
            # those in post first, then those who held one, the latest first.
            "appointments": Appointment.objects.restrict(request.user, "view").filter(mission=obj)
                            .select_related("country").order_by(F("until").desc(nulls_first=True), "-since", "person"),
            "may_add_appointment": generic.may(request.user, Appointment, "add"),
        }


class MissionEditView(generic.ObjectEditView):
    model = Mission
    form_class = forms.MissionForm


class MissionDeleteView(generic.ObjectDeleteView):
    model = Mission


class AuthorizationListView(generic.ObjectListView):
    model = Authorization
    filterset_class = filtersets.AuthorizationFilterSet
    columns = [
        Column("instrument", _("Instrument"), sort="instrument", link=True),
        Column("mission.code", _("Mission"), sort="mission__code"),
        Column("adopted", _("Adopted"), sort="adopted"),
        Column("expires", _("Expires"), sort="expires"),
        Column("personnel_ceiling", _("Ceiling"), sort="personnel_ceiling"),
    ]

    related = ("mission",)


class AuthorizationView(generic.ObjectDetailView):
    model = Authorization


class AuthorizationEditView(generic.ObjectEditView):
    model = Authorization
    form_class = forms.AuthorizationForm


class AuthorizationDeleteView(generic.ObjectDeleteView):
    model = Authorization


class AppointmentListView(generic.ObjectListView):
    model = Appointment
    filterset_class = filtersets.AppointmentFilterSet
    columns = [
        Column("person", _("Person"), sort="person", link=True),
        Column("role", _("Role"), sort="role"),
        Column("country", _("Country"), sort="country__name"),
        Column("mission.code", _("Mission"), sort="mission__code"),
        Column("since", _("Since"), sort="since"),
        Column("until", _("Until"), sort="until"),
    ]

    related = ("mission", "country")


class AppointmentView(generic.ObjectDetailView):
    model = Appointment


class AppointmentEditView(generic.ObjectEditView):
    model = Appointment
    form_class = forms.AppointmentForm


class AppointmentDeleteView(generic.ObjectDeleteView):
    model = Appointment


class CountryListView(generic.ObjectListView):
    model = Country
    filterset_class = filtersets.CountryFilterSet
    columns = [
        Column("iso3", _("ISO alpha-3"), sort="iso3", link=True),
        Column("iso2", _("ISO alpha-2"), sort="iso2"),
        Column("local_name", _("Name"), sort="name"),
    ]


class CountryView(generic.ObjectDetailView):
    model = Country


class OrganizationListView(generic.ObjectListView):
    model = Organization
    filterset_class = filtersets.OrganizationFilterSet
    columns = [
        Column("name", _("Name"), sort="name", link=True),
        Column("abbreviation", _("Abbreviation")),
        Column("kind", _("Kind"), sort="kind"),
        Column("country", _("Country"), sort="country__name"),
    ]

    related = ("country",)


class OrganizationView(generic.ObjectDetailView):
    model = Organization


class OrganizationEditView(generic.ObjectEditView):
    model = Organization
    form_class = forms.OrganizationForm


class OrganizationDeleteView(generic.ObjectDeleteView):
    model = Organization
