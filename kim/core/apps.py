from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kim.core"
    label = "core"
    verbose_name = "Grundlagen"

    def ready(self):
        from . import sections  # noqa: F401  (registers start page sections)
