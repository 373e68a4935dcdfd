from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from muster.core.views_two_factor import SecondFactorSetupView, SecondFactorVerifyView
from muster.logistics.views.site import SiteView
from muster.places.urls import places_urls
from muster.reports.claims import ClaimListView, ClaimView
from muster.reports.views import HomeView
from muster.sources.urls import sources_urls

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("login/code/", SecondFactorVerifyView.as_view(), name="two_factor_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", SecondFactorSetupView.as_view(), name="two_factor_setup"),
    path("", include("muster.core.urls")),
    path("", include("muster.missions.urls")),
    # The claims' list and page set each claim beside what the records give: reports' views, at sources' addresses.
    path("", include((sources_urls(claim_list_view=ClaimListView, claim_detail_view=ClaimView), "sources"))),
    path("", include("muster.force.urls")),
    # A site's page shows the roll's and the fleet's records at it: logistics' view, at places' address.
    path("", include((places_urls(site_detail_view=SiteView), "places"))),
    path("", include("muster.funding.urls")),
    path("", include("muster.logistics.urls")),
    path("", include("muster.operations.urls")),
    path("", include("muster.intake.urls")),
    path("", include("muster.reports.urls")),
    path("public/", include("muster.public.urls")),
    path("api/", include(("muster.core.api_urls", "api"))),
    path("admin/", admin.site.urls),
]
