from django.apps import AppConfig


class ResidenceConfig(AppConfig):
    """Baustein 3, residence and naturalisation: eligibility pre-checks for § 10 StAG,
    § 25a and § 25b AufenthG, and the authority's procedures."""

    name = "kim.residence"
    label = "residence"
    verbose_name = "Aufenthalt und Einbürgerung"

    def ready(self):
        # Registers the sections on the person and referral pages; nothing here uses
        # the modules.
        from . import handover_sections, sections  # noqa: F401 - registration side effect
