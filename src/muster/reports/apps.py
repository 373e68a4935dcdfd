from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "muster.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        # Declaring the reports fills the pipeline's registry, which their addresses, endpoints and commands read.
        from . import declarations  # noqa: F401
