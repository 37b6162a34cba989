from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kim.cases"
    label = "cases"
    verbose_name = "Fälle"

    def ready(self):
        # Registers abilities, page sections, the catalogues in the administration and
        # the default target groups and text templates of new tenants.
        from kim.core.tenants import register_seeder
        from kim.people.consent_hooks import register_consent_corrected

        from . import abilities, dashboards, sections  # noqa: F401  (imported to register)
        from .catalogues import register_catalogues, seed_target_groups, seed_text_templates
        from .services.sharing import end_shares_no_longer_covered

        register_consent_corrected(end_shares_no_longer_covered)
        register_seeder(seed_target_groups)
        register_seeder(seed_text_templates)
        register_catalogues()
