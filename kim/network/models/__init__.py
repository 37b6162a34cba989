"""The network's models, one module per part of the domain."""

from kim.network.models.directory import (
    OrganisationProfile,
    Service,
    legal_domain_label,
)
from kim.network.models.responsibility import Responsibility

__all__ = [
    "OrganisationProfile",
    "Responsibility",
    "Service",
    "legal_domain_label",
]
