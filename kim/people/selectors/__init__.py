"""Reads of people's data, always scoped to what the actor may see."""

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
    "birth_dates_compatible",
    "duplicate_candidates",
    "person_search",
    "person_units",
    "visible_persons",
]
