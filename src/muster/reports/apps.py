from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "muster.reports"
    label = "reports"
    verbose_name = "Reports"
