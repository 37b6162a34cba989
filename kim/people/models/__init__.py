"""People's models, one module per part of the domain."""

from kim.people.models.person import (
    PERSON_DATA_FIELDS,
    Person,
    PersonAlias,
    PersonNameKey,
    PersonUnit,
)

__all__ = [
    "PERSON_DATA_FIELDS",
    "Person",
    "PersonAlias",
    "PersonNameKey",
    "PersonUnit",
]
