from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Assessment, support plan and barriers of a case (the DGCC planning steps)."""

    name = "kim.planning"
    label = "planning"
    verbose_name = "Hilfeplanung"

    def ready(self):
        from . import abilities  # noqa: F401  (registers abilities)
