"""Addresses of the reports, from their declarations: `reports:<name>` (a mission's page), `reports:<name>_export`
(its files) and, where the report has one, `reports:<name>_default` (the page of its default mission)."""

from django.urls import path

from .pipeline import reports
from .views import ReportView
from .views_sitrep import urlpatterns as sitrep_urlpatterns

app_name = "reports"

urlpatterns = [*sitrep_urlpatterns]  # the issued SITREPs first: sitrep/issued/ is not a mission's report
for report in reports().values():
    view = ReportView.as_view(report=report)
    if report.default_path:
        urlpatterns.append(path(report.default_path, view, name=f"{report.name}_default"))
    urlpatterns += [path(report.page_path, view, name=report.name),
                    path(report.export_path, view, name=f"{report.name}_export")]
