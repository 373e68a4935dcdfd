from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "muster.sources"
    label = "sources"
    verbose_name = "Sources"
