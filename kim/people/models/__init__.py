"""People's models, one module per part of the domain."""

from kim.people.models.consent import Consent
from kim.people.models.disclosure import Disclosure
from kim.people.models.duplicates import DuplicatePair, DuplicateScan, NotDuplicate, PersonMerge
from kim.people.models.household import Household, HouseholdMember, PersonRelation
from kim.people.models.legal import (
    LEGAL_BASIS_SUGGESTIONS,
    Change,
    LegalDomain,
    LegalDomainPeriod,
    ResidenceStatus,
)
from kim.people.models.person import (
    PERSON_DATA_FIELDS,
    Person,
    PersonAlias,
    PersonNameKey,
    PersonUnit,
)

__all__ = [
    "LEGAL_BASIS_SUGGESTIONS",
    "PERSON_DATA_FIELDS",
    "Change",
    "Consent",
    "Disclosure",
    "DuplicatePair",
    "DuplicateScan",
    "Household",
    "HouseholdMember",
    "LegalDomain",
    "LegalDomainPeriod",
    "NotDuplicate",
    "Person",
    "PersonAlias",
    "PersonMerge",
    "PersonNameKey",
    "PersonRelation",
    "PersonUnit",
    "ResidenceStatus",
]
