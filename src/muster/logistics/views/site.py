"""A site's page: the roll's and the fleet's records at it (places' address, given by muster/urls.py)."""

from muster.core import views as generic
from muster.core.expressions import LatestOn
from muster.force.models import Contingent, DutyStatus, Posting, Tour
from muster.force.selectors import personnel_by_site, posted_tours
from muster.places.models import Site

from .sites_map import page_day


class SiteView(generic.ObjectDetailView):
    """A site's page: who is there on a date (the roll's postings, the assignments) and the vehicles based there.
    It reads the roll and the fleet, so it is here, above places; muster/urls.py gives it places' address."""

    model = Site
    template_name = "logistics/site_detail.html"

    related = ("mission", "adm1", "adm2")

    # Names of the officers posted here, at most; the rest are on the postings list, filtered to this site.
    NAMES_SHOWN = 100

    def get_extra_context(self, request, obj):
        on, date_error = page_day(request, obj.mission)
        counts = personnel_by_site(sites=Site.objects.filter(pk=obj.pk), on=on,
                                   contingents=Contingent.objects.restrict(request.user, "view"))[0]
        context = {"assignments": obj.assignments.restrict(request.user, "view").select_related("contingent__country"),
                   "vehicles": obj.vehicles.restrict(request.user, "view"), "on": on, "date_error": date_error,
                   "counts": counts, "may_view_postings": generic.may(request.user, Posting, "view")}
        if context["may_view_postings"]:
            # Names only from the tours this user may see (a liaison: their own country's), by the same rule as
            # the counts; everyone else reads the counts above.
            posted = posted_tours(Tour.objects.restrict(request.user, "view"), site=obj.pk, mission=obj.mission_id,
                                  on=on).distinct()
            context["posted"] = list(posted.select_related("person", "contingent__country")
                                     .annotate(posted_since=LatestOn(Posting, key="tour", value="since", on=on))
                                     .order_by("person__family_name", "person__given_names", "pk")[:self.NAMES_SHOWN])
            for tour in context["posted"]:
                tour.duty_label = DutyStatus.Status(tour.duty).label
            context["posted_count"] = (len(context["posted"]) if len(context["posted"]) < self.NAMES_SHOWN
                                       else posted.count())
        return context
