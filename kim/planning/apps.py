from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Assessment, support plan and barriers of a case (the DGCC planning steps)."""

    name = "kim.planning"
    label = "planning"
    verbose_name = "Hilfeplanung"

    def ready(self):
        # Registers abilities and the case page and start page sections.
        from . import abilities, sections  # noqa: F401

