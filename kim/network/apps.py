from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The network: services directory (Angebotslandkarte), responsibilities, referrals."""

    name = "kim.network"
    label = "network"
    verbose_name = "Netzwerk"
