from django.apps import AppConfig, apps


class PlanningConfig(AppConfig):
    """Assessment, support plan and barriers of a case (the DGCC planning steps)."""

    name = "kim.planning"
    label = "planning"
    verbose_name = "Hilfeplanung"

    def ready(self):
        # Registers abilities, the case page and start page sections and the
        # closure check (every goal evaluated).
        from kim.cases.checks import register_closure_check

        from . import abilities, sections  # noqa: F401 - imported to register
        from .closure import goals_not_evaluated

        register_closure_check(goals_not_evaluated)

        from kim.core.tenants import register_seeder

        from .catalogues import register_catalogues, seed_barrier_categories

        register_seeder(seed_barrier_categories)
        register_catalogues()

        from .contact_extension import register_barrier_on_contact

        register_barrier_on_contact()

        if apps.is_installed("kim.followups"):
            from .followup_source import register_followup_source

            register_followup_source()
