from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "muster.operations"
    label = "operations"
    verbose_name = "Operations"
