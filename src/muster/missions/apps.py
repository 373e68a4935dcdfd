from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "muster.missions"
    label = "missions"
    verbose_name = "Missions"
