"""Reads of people's data, always scoped to what the actor may see."""

from kim.people.selectors.consent import (
    consent_covers,
    consent_gap,
    consent_still_covers,
    consents_of,
    valid_consents,
)
from kim.people.selectors.disclosure import (
    access_request_search,
    disclosure_count,
    disclosures_of,
    may_read_disclosures,
)
from kim.people.selectors.household import (
    HouseholdView,
    Tie,
    household_members,
    household_of,
    memberships_of,
    relations_of,
)
from kim.people.selectors.legal import (
    current_residence,
    legal_domain_history,
    legal_domains,
    residence_history,
    residence_statuses,
    residence_titles_expiring,
)
from kim.people.selectors.person import (
    CANDIDATE_LIMIT,
    DUPLICATE_THRESHOLD,
    MIN_QUERY_LENGTH,
    Hit,
    birth_dates_compatible,
    duplicate_candidates,
    person_search,
    person_units,
    visible_persons,
)

__all__ = [
    "CANDIDATE_LIMIT",
    "DUPLICATE_THRESHOLD",
    "MIN_QUERY_LENGTH",
    "Hit",
    "HouseholdView",
    "Tie",
    "access_request_search",
    "birth_dates_compatible",
    "consent_covers",
    "consent_gap",
    "consent_still_covers",
    "consents_of",
    "current_residence",
    "disclosure_count",
    "disclosures_of",
    "duplicate_candidates",
    "household_members",
    "household_of",
    "legal_domain_history",
    "legal_domains",
    "may_read_disclosures",
    "memberships_of",
    "person_search",
    "person_units",
    "relations_of",
    "residence_history",
    "residence_statuses",
    "residence_titles_expiring",
    "valid_consents",
    "visible_persons",
]
