"""The network's models, one module per part of the domain."""

from kim.network.models.directory import (
    OrganisationProfile,
    Service,
    has_code,
    legal_domain_label,
    profile_of,
)
from kim.network.models.responsibility import Responsibility

__all__ = [
    "OrganisationProfile",
    "Responsibility",
    "Service",
    "has_code",
    "legal_domain_label",
    "profile_of",
]

# Referrals (Vermittlungen), their status history and partner links.
from kim.network.models.referral import (
    Referral,
    ReferralLink,
    ReferralStatusChange,
)

__all__ += ["Referral", "ReferralLink", "ReferralStatusChange"]
