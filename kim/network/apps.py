from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The network: services directory (Angebotslandkarte), responsibilities, referrals."""

    name = "kim.network"
    label = "network"
    verbose_name = "Netzwerk"

    def ready(self):
        # Registers the abilities of services and responsibilities and the case page section.
        from . import abilities, sections  # noqa: F401 - imported to register
