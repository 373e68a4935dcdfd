from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "muster.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import changelog  # noqa: F401  (connects the generic change-log receivers)
        from .two_factor import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="muster.core.two_factor.on_sign_in")
