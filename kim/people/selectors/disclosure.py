"""Reads of the disclosure log, and the data-protection role's search for the person
of a data-subject access request (Art. 15 DSGVO)."""

from datetime import date

from rapidfuzz import fuzz

from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.permissions import AUDIT_VIEW
from kim.people.models import Disclosure, Person, PersonMerge
from kim.people.names import fold
from kim.people.selectors.person import MIN_QUERY_LENGTH, _keys_matching

ACCESS_REQUEST_LIMIT = 20


def may_read_disclosures(actor: Actor, person: Person) -> bool:
    """Who sees the person (the log is part of what the units know about them), and
    data protection tenant-wide, for an access request."""
    if actor.tenant_id is None or person.tenant_id != actor.tenant_id:
        return False
    return actor.has(AUDIT_VIEW) or abilities(actor, person)["view"]


def disclosures_of(actor: Actor, person: Person) -> list[Disclosure]:
    """The person's disclosure log, newest first, with everything it names (one query)."""
    if not may_read_disclosures(actor, person):
        return []
    rows = list(
        Disclosure.objects.filter(tenant_id=person.tenant_id, person=person)
        .select_related(
            "disclosed_by",
            "unit",
            "recipient_organisation",
            "recipient_unit",
            "consent",
        )
        .order_by("-disclosed_at", "-id")
    )
    for row in rows:
        row.person = person
    return rows


def disclosure_count(person: Person) -> int:
    """How many disclosures the log of a person the caller may see holds."""
    return Disclosure.objects.filter(tenant_id=person.tenant_id, person=person).count()


def access_request_search(
    actor: Actor, *, name: str, birth_date: date | None = None
) -> list[Person]:
    """Persons of the whole tenant matching the name (every word, phonetically) and, if
    given, the date of birth: for data protection only, to answer an access request.

    Merged records are left out (their log moved to the record they were merged into).
    """
    if actor.tenant_id is None or not actor.has(AUDIT_VIEW):
        return []
    words = fold(name or "").split()
    if sum(len(w) for w in words) < MIN_QUERY_LENGTH:
        return []
    candidates = Person.objects.filter(tenant_id=actor.tenant_id).exclude(
        pk__in=PersonMerge.objects.filter(tenant_id=actor.tenant_id).values("merged_id")
    )
    for word in words:
        candidates = candidates.filter(id__in=_keys_matching(actor.tenant_id, word, partial=False))
    if birth_date is not None:
        candidates = candidates.filter(birth_date=birth_date)
    found = list(
        candidates.select_related("town").order_by("family_name", "given_names", "id")[:200]
    )
    query = " ".join(words)
    found.sort(key=lambda p: (-fuzz.token_set_ratio(query, p.search_name), p.sort_name, p.pk))
    return found[:ACCESS_REQUEST_LIMIT]
