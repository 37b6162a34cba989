from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kim.cases"
    label = "cases"
    verbose_name = "Fälle"

    def ready(self):
        # Registers abilities and page sections.
        from . import abilities, dashboards  # noqa: F401
