from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kim.core"
    label = "core"
    verbose_name = "Grundlagen"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_renewed

        user_logged_in.connect(mark_session_renewed, dispatch_uid="kim_session_renewed")
        from . import sections  # noqa: F401  (registers start page sections)
