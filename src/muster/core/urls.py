"""URL helpers for the generic views, and the framework's own pages."""

from django.urls import path

from . import views, views_backup, views_health, views_jobs, views_language

app_name = "core"


def crud_urls(prefix, name, *, list_view, detail_view, edit_view=None, delete_view=None):
    """The list, add, detail, edit and delete addresses of one model, named `<name>_<action>`."""
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
    ]
    if edit_view:
        patterns += [
            path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        ]
    if delete_view:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"))
    return patterns


urlpatterns = [
    # For a load balancer: no sign-in, no secret (answered by views_health.HealthCheckMiddleware, before the host
    # check; this address names it for reverse() and serves it where that middleware is not installed).
    path("health/", views_health.health, name="health"),
    path("language/", views_language.language_choose, name="language"),
    path("history/<str:label>/<str:pk>/", views.ObjectHistoryView.as_view(), name="history"),
    path("jobs/<uuid:pk>/", views_jobs.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/download/", views_jobs.JobDownloadView.as_view(), name="job_download"),
    # Under the administration's address, before Django's admin (muster.urls includes core's addresses first).
    path("admin/backup/", views_backup.BackupView.as_view(), name="backup"),
]
