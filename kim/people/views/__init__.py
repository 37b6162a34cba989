from kim.people.views.consent import (
    consent_add,
    consent_document,
    consent_edit,
    consent_list,
    consent_withdraw_view,
)
from kim.people.views.duplicates import dismiss as duplicate_dismiss_view
from kim.people.views.duplicates import dismissed_list, duplicate_list, merge_review
from kim.people.views.duplicates import restore as duplicate_restore_view
from kim.people.views.household import (
    household_page,
    member_add,
    member_leave,
    relation_add,
    relation_edit,
    relation_remove,
)
from kim.people.views.legal import (
    legal_domain_add,
    legal_domain_correct_view,
    legal_domain_end_view,
    legal_domain_page,
    legal_domain_transition_view,
    residence_add,
    residence_correct,
    residence_page,
)
from kim.people.views.person import detail, duplicate_check, edit, register, search

__all__ = [
    "consent_add",
    "consent_document",
    "consent_edit",
    "consent_list",
    "consent_withdraw_view",
    "detail",
    "dismissed_list",
    "duplicate_check",
    "duplicate_dismiss_view",
    "duplicate_list",
    "duplicate_restore_view",
    "edit",
    "household_page",
    "legal_domain_add",
    "legal_domain_correct_view",
    "legal_domain_end_view",
    "legal_domain_page",
    "legal_domain_transition_view",
    "member_add",
    "member_leave",
    "merge_review",
    "register",
    "relation_add",
    "relation_edit",
    "relation_remove",
    "residence_add",
    "residence_correct",
    "residence_page",
    "search",
]
