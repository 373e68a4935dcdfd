app_name = "logistics"

urlpatterns = []
