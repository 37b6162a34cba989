from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The network: services directory (Angebotslandkarte), responsibilities, referrals."""

    name = "kim.network"
    label = "network"
    verbose_name = "Netzwerk"

    def ready(self):
        # Registers the abilities of services and responsibilities and the case page section.
        from . import abilities, sections  # noqa: F401 - imported to register
        from .referral_registry import register_referrals

        # Referrals: abilities, case page and start page sections, the action links and
        # the follow-up source.
        register_referrals()
