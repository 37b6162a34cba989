from django.apps import AppConfig


class ResidenceConfig(AppConfig):
    """Baustein 3, residence and naturalisation: eligibility pre-checks for § 10 StAG,
    § 25a and § 25b AufenthG, and the authority's procedures."""

    name = "kim.residence"
    label = "residence"
    verbose_name = "Aufenthalt und Einbürgerung"

    def ready(self):
        # Registers the section on the person page; nothing here uses the module.
        from . import sections  # noqa: F401 - registration side effect
