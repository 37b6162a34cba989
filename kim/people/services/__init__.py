"""Every write to people's data goes through these functions."""

from kim.people.services.person import (
    person_grant_unit,
    person_register,
    person_reindex,
    person_update,
)

__all__ = ["person_grant_unit", "person_register", "person_reindex", "person_update"]
