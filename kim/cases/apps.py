from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kim.cases"
    label = "cases"
    verbose_name = "Fälle"

    def ready(self):
        from . import (
            abilities,  # noqa: F401  (registers abilities)
            dashboards,  # noqa: F401  (registers page sections)
        )
