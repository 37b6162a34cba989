from django.apps import AppConfig, apps


class PlanningConfig(AppConfig):
    """Assessment, support plan and barriers of a case (the DGCC planning steps)."""

    name = "kim.planning"
    label = "planning"
    verbose_name = "Hilfeplanung"

    def ready(self):
        # Registers abilities and the case page and start page sections.
        from . import abilities, sections  # noqa: F401

        if apps.is_installed("kim.followups"):
            from .followup_source import register_followup_source

            register_followup_source()
