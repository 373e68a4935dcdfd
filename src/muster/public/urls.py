"""The transparency site: what missions publish, for anyone, without signing in."""

app_name = "public"
urlpatterns = []
