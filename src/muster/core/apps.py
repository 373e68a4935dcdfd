from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "muster.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import changelog  # noqa: F401  (connects the generic change-log receivers)
