"""Reads of persons, always scoped to what the actor may see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from rapidfuzz import fuzz

from kim.core.actor import Actor
from kim.core.permissions import PERSON_VIEW
from kim.people.models import Person, PersonNameKey, PersonUnit
from kim.people.names import fold, name_tokens, phonetic


def visible_persons(actor: Actor) -> QuerySet[Person]:
    units = actor.units(PERSON_VIEW)
    if not units or actor.tenant_id is None:
        return Person.objects.none()
    held = PersonUnit.objects.filter(tenant_id=actor.tenant_id, unit_id__in=units).values(
        "person_id"
    )
    return Person.objects.filter(tenant_id=actor.tenant_id, id__in=held)


def person_units(person: Person) -> set[int]:
    return set(PersonUnit.objects.filter(person=person).values_list("unit_id", flat=True))


@dataclass(frozen=True)
class Hit:
    person: Person
    score: float


MIN_QUERY_LENGTH = 2
CANDIDATE_LIMIT = 200


def _keys_matching(tenant_id: int, token: str, *, partial: bool) -> QuerySet:
    """Person ids with a name key matching one query token.

    A complete token matches by phonetic code; the token being typed (partial)
    also matches by prefix of its folded form or of its code.
    """
    code = phonetic(token)
    keys = PersonNameKey.objects.filter(tenant_id=tenant_id)
    if partial:
        from django.db.models import Q

        condition = Q(token__startswith=token)
        if len(code) >= 2:
            condition |= Q(phonetic__startswith=code)
        elif code:
            condition |= Q(phonetic=code)
        keys = keys.filter(condition)
    else:
        keys = keys.filter(phonetic=code) if code else keys.filter(token=token)
    return keys.values("person_id")


def person_search(actor: Actor, query: str, *, limit: int = 20) -> list[Hit]:
    """Fuzzy search over the persons the actor may see, best first.

    Each word must match a name token phonetically (the last word as a prefix,
    for search as you type); a date (TT.MM.JJJJ) narrows by date of birth.
    """
    words, birth = _parse_query(query)
    if not words and birth is None:
        return []
    if words and sum(len(w) for w in words) < MIN_QUERY_LENGTH:
        return []
    candidates = visible_persons(actor)
    for index, word in enumerate(words):
        partial = index == len(words) - 1
        candidates = candidates.filter(
            id__in=_keys_matching(actor.tenant_id, word, partial=partial)
        )
    if birth is not None:
        candidates = candidates.filter(birth_date__year=birth.year)
    candidates = candidates.select_related("town").order_by("family_name", "given_names", "id")
    folded_query = " ".join(words)
    hits = []
    for person in candidates[:CANDIDATE_LIMIT]:
        score = fuzz.token_set_ratio(folded_query, person.search_name) if words else 100.0
        if birth is not None and person.birth_date != birth:
            score -= 10
        hits.append(Hit(person=person, score=score))
    hits.sort(key=lambda h: (-h.score, h.person.family_name, h.person.given_names, h.person.pk))
    return hits[:limit]


def _parse_query(query: str) -> tuple[list[str], date | None]:
    birth = None
    words = []
    for raw in query.split():
        parsed = _parse_date(raw)
        if parsed is not None:
            birth = parsed
            continue
        words.extend(fold(raw).split())
    return [w for w in words if w], birth


def _parse_date(text: str) -> date | None:
    parts = text.strip(".").split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


# --- duplicates -----------------------------------------------------------

DUPLICATE_THRESHOLD = 70.0


def birth_dates_compatible(
    a: date | None, a_precision: str, b: date | None, b_precision: str
) -> float:
    """Similarity of two dates of birth in [0, 1]; 0.5 when one is missing.

    Allows swapped day and month and stand-in dates (1 January, year only).
    """
    if a is None or b is None:
        return 0.5
    if a == b:
        return 1.0
    if a.year != b.year:
        return 0.0
    if (
        "year" in (a_precision, b_precision)
        or (a.month, a.day) == (1, 1)
        or (b.month, b.day) == (1, 1)
    ):
        return 0.8
    if (a.day, a.month) == (b.month, b.day):
        return 0.9
    if "month" in (a_precision, b_precision) and a.month == b.month:
        return 0.8
    return 0.2


def duplicate_candidates(
    actor: Actor,
    *,
    family_name: str,
    given_names: str,
    birth_date: date | None,
    birth_date_precision: str = "day",
    nationalities: list[str] | None = None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[Hit]:
    """Persons the actor may see who are probably the person being registered."""
    family_tokens = name_tokens(family_name)
    given_tokens = name_tokens(given_names)
    codes = {phonetic(t) for t in family_tokens | given_tokens if phonetic(t)}
    if not codes:
        return []
    keys = PersonNameKey.objects.filter(tenant_id=actor.tenant_id, phonetic__in=codes)
    candidates = visible_persons(actor).filter(id__in=keys.values("person_id"))
    if exclude_id:
        candidates = candidates.exclude(pk=exclude_id)
    folded = fold(f"{given_names} {family_name}")
    nationalities = set(nationalities or [])
    hits = []
    for person in candidates.select_related("town")[:CANDIDATE_LIMIT]:
        name_score = fuzz.token_set_ratio(folded, person.search_name) / 100
        phonetic_overlap = len(codes & _codes(person)) / max(len(codes), 1)
        date_score = birth_dates_compatible(
            birth_date, birth_date_precision, person.birth_date, person.birth_date_precision
        )
        score = 100 * (0.45 * name_score + 0.25 * phonetic_overlap + 0.3 * date_score)
        if nationalities and nationalities & {c.code for c in person.nationalities}:
            score += 5
        if score >= DUPLICATE_THRESHOLD:
            hits.append(Hit(person=person, score=min(score, 100.0)))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def _codes(person: Person) -> set[str]:
    return {phonetic(t) for t in person.search_name.split() if phonetic(t)}
