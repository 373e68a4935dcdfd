from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "muster.logistics"
    label = "logistics"
    verbose_name = "Logistics"
