from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "muster.demo"
    label = "demo"
    verbose_name = "Demo and setup"
