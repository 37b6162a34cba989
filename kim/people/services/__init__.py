"""Every write to people's data goes through these functions (keyword-only arguments)."""

from kim.people.services.consent import consent_record, consent_update, consent_withdraw
from kim.people.services.disclosure import disclosure_end, record_disclosure
from kim.people.services.household import (
    household_add_member,
    household_create,
    household_member_leave,
    person_relation_add,
    person_relation_remove,
    person_relation_update,
)
from kim.people.services.legal import (
    legal_domain_correct,
    legal_domain_end,
    legal_domain_start,
    legal_domain_transition,
    residence_status_correct,
    residence_status_record,
)
from kim.people.services.person import (
    person_grant_unit,
    person_register,
    person_reindex,
    person_update,
    persons_release_unit,
)

__all__ = [
    "consent_record",
    "consent_update",
    "consent_withdraw",
    "disclosure_end",
    "household_add_member",
    "household_create",
    "household_member_leave",
    "legal_domain_correct",
    "legal_domain_end",
    "legal_domain_start",
    "legal_domain_transition",
    "person_grant_unit",
    "person_register",
    "person_reindex",
    "person_relation_add",
    "person_relation_remove",
    "person_relation_update",
    "person_update",
    "persons_release_unit",
    "record_disclosure",
    "residence_status_correct",
    "residence_status_record",
]
