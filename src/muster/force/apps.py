from django.apps import AppConfig


class ForceConfig(AppConfig):
    name = "muster.force"
    label = "force"
    verbose_name = "Force"
