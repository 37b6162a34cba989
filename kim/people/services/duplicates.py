"""Finding duplicate persons and recording "not a duplicate" decisions.

The scan runs per tenant in the background (nightly `manage.py duplicates_scan`,
or once on the first visit of the list) and stores the pairs it finds in
`DuplicatePair`; the team lead's list then only filters that table by
visibility, so the list costs the same for 200 or 80,000 persons.

Candidate blocks come from the indexed phonetic name keys (`PersonNameKey`),
never from comparing every person with every other; `candidate_pairs` says
which blocks, following what can reach the threshold in `kim.people.matching`.
"""

import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import combinations

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.people.matching import THRESHOLD, Record, is_imprecise, score_pair
from kim.people.models import (
    DuplicatePair,
    DuplicateScan,
    NotDuplicate,
    Person,
    PersonAlias,
    PersonMerge,
    PersonNameKey,
)
from kim.people.selectors.duplicates import may_merge

BLOCK_LIMIT = 2000  # a block this big says nothing about identity: skipped


def records_of(person_ids: Iterable[int] | None, *, tenant_id: int) -> dict[int, Record]:
    """The scoring view of persons: the given ids, or every live person of the tenant."""
    persons = Person.objects.filter(tenant_id=tenant_id).exclude(
        id__in=PersonMerge.objects.filter(tenant_id=tenant_id).values("merged_id")
    )
    aliases = PersonAlias.objects.filter(tenant_id=tenant_id)
    if person_ids is not None:
        ids = list(person_ids)
        persons, aliases = persons.filter(id__in=ids), aliases.filter(person_id__in=ids)
    by_person: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, family, given in aliases.values_list("person_id", "family_name", "given_names"):
        by_person[person_id].append((family, given))
    return {
        pk: Record.of(
            family_name=family,
            given_names=given,
            birth_date=birth,
            birth_date_precision=precision,
            nationalities=[str(c) for c in nationalities or ()],
            aliases=by_person.get(pk, ()),
        )
        for pk, family, given, birth, precision, nationalities in persons.values_list(
            "id",
            "family_name",
            "given_names",
            "birth_date",
            "birth_date_precision",
            "nationalities",
        ).iterator(chunk_size=5000)
    }


def candidate_pairs(
    codes_by_person: dict[int, set[str]], dates: dict[int, tuple[date | None, str]]
) -> set[tuple[int, int]]:
    """The pairs (lower id first) that can reach the threshold, found through
    blocks of phonetic codes, never by comparing everyone with everyone:

    - a code and the same day of birth, day and month read either way;
    - two codes and the same year, when one of the two has a stand-in or
      month-only date;
    - one code and the same year, when the name has only one code at all;
    - two codes (one for a one-code name), any year, when one has no date.
    """
    pairs: set[tuple[int, int]] = set()
    by_day: dict[tuple, list[int]] = defaultdict(list)
    by_two_codes_year: dict[tuple, list[int]] = defaultdict(list)
    by_code_year: dict[tuple, list[int]] = defaultdict(list)
    by_two_codes: dict[tuple, list[int]] = defaultdict(list)
    by_code: dict[str, list[int]] = defaultdict(list)
    imprecise, undated, one_code = set(), set(), set()
    for person_id, codes in codes_by_person.items():
        birth, precision = dates.get(person_id, (None, "day"))
        ordered = sorted(codes)
        two_codes = list(combinations(ordered, 2))
        if len(ordered) == 1:
            one_code.add(person_id)
        if birth is None:
            undated.add(person_id)
        elif is_imprecise(birth, precision):
            imprecise.add(person_id)
        else:
            day = (birth.year, *sorted((birth.day, birth.month)))
            for code in ordered:
                by_day[(code, *day)].append(person_id)
        year = birth.year if birth else None
        for key in two_codes:
            by_two_codes_year[(*key, year)].append(person_id)
            by_two_codes[key].append(person_id)
        for code in ordered:
            by_code_year[(code, year)].append(person_id)
            by_code[code].append(person_id)

    def add(a: int, b: int) -> None:
        if a != b:
            pairs.add((a, b) if a < b else (b, a))

    for block in by_day.values():
        if len(block) <= BLOCK_LIMIT:
            for a, b in combinations(block, 2):
                add(a, b)
    for (*_codes, year), block in by_two_codes_year.items():
        if year is None or len(block) > BLOCK_LIMIT:
            continue
        for a in block:
            if a in imprecise:
                for b in block:
                    add(a, b)
    for person_id in undated | one_code:
        codes = sorted(codes_by_person[person_id])
        if person_id in one_code:
            birth = dates.get(person_id, (None, ""))[0]
            year = birth.year if birth else None
            if year is None:
                blocks = [by_code[codes[0]]]
            else:
                blocks = [by_code_year[(codes[0], year)], by_code_year[(codes[0], None)]]
        else:
            blocks = [by_two_codes[key] for key in combinations(codes, 2)]
        for block in blocks:
            if len(block) <= BLOCK_LIMIT:
                for other in block:
                    add(person_id, other)
    return pairs


def _dismissed(tenant_id: int) -> set[tuple[int, int]]:
    return set(
        NotDuplicate.objects.filter(tenant_id=tenant_id, withdrawn_at__isnull=True).values_list(
            "first_id", "second_id"
        )
    )


def _scored(pairs, records: dict[int, Record], tenant_id: int) -> list[DuplicatePair]:
    dismissed = _dismissed(tenant_id)
    found = []
    for first, second in pairs:
        if (first, second) in dismissed or first not in records or second not in records:
            continue
        match = score_pair(records[first], records[second])
        if match.score >= THRESHOLD:
            found.append(
                DuplicatePair(
                    tenant_id=tenant_id,
                    first_id=first,
                    second_id=second,
                    score=match.score,
                    name_similarity=match.name_similarity,
                    factors=list(match.factors),
                )
            )
    return found


def duplicates_scan(*, tenant_id: int) -> DuplicateScan:
    """Find the probable duplicates of a tenant and replace its stored pairs."""
    started, clock = timezone.now(), time.monotonic()
    records = records_of(None, tenant_id=tenant_id)
    codes_by_person: dict[int, set[str]] = defaultdict(set)
    for person_id, code in (
        PersonNameKey.objects.filter(tenant_id=tenant_id)
        .values_list("person_id", "phonetic")
        .iterator(chunk_size=20000)
    ):
        if code and person_id in records:
            codes_by_person[person_id].add(code)
    dates = {pk: (r.birth_date, r.birth_date_precision) for pk, r in records.items()}
    pairs = candidate_pairs(codes_by_person, dates)
    found = _scored(pairs, records, tenant_id)
    with transaction.atomic():
        _store(tenant_id, found)
        scan = DuplicateScan.objects.create(
            tenant_id=tenant_id,
            started_at=started,
            finished_at=started + timedelta(seconds=time.monotonic() - clock),
            persons=len(records),
            compared=len(pairs),
            pairs=len(found),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_duplicatepair")  # the list's plans follow the new sizes
    return scan


def _store(tenant_id: int, found: list[DuplicatePair]) -> None:
    """Replace the tenant's pairs by `found`, touching only what changed: a pair
    keeps the day it was first found, and the table does not churn every night."""
    existing = {
        (pair.first_id, pair.second_id): pair
        for pair in DuplicatePair.objects.filter(tenant_id=tenant_id).only(
            "id", "first_id", "second_id", "score", "name_similarity", "factors"
        )
    }
    new, changed = [], []
    for pair in found:
        old = existing.pop((pair.first_id, pair.second_id), None)
        if old is None:
            new.append(pair)
        elif (old.score, old.name_similarity, old.factors) != (
            pair.score,
            pair.name_similarity,
            pair.factors,
        ):
            old.score, old.name_similarity, old.factors = (
                pair.score,
                pair.name_similarity,
                pair.factors,
            )
            changed.append(old)
    gone = [pair.pk for pair in existing.values()]
    for start in range(0, len(gone), 2000):
        DuplicatePair.objects.filter(pk__in=gone[start : start + 2000]).delete()
    DuplicatePair.objects.bulk_update(
        changed, ["score", "name_similarity", "factors"], batch_size=1000
    )
    # ignore_conflicts: two first visits of the list may scan at the same moment.
    DuplicatePair.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)


def duplicates_refresh_person(person: Person) -> int:
    """Score one person again against the tenant (after a merge or a withdrawn
    decision) and replace the pairs it is part of; returns the pairs found."""
    tenant_id = person.tenant_id
    codes = set(
        PersonNameKey.objects.filter(person=person)
        .exclude(phonetic="")
        .values_list("phonetic", flat=True)
    )
    DuplicatePair.objects.involving(person.pk).delete()
    if not codes:
        return 0
    sharing = (
        PersonNameKey.objects.filter(tenant_id=tenant_id, phonetic__in=codes)
        .exclude(person_id=person.pk)
        .values("person_id")
        .annotate(shared=Count("phonetic", distinct=True))
    )
    others = Person.objects.filter(tenant_id=tenant_id)
    if person.birth_date is not None:
        same_year = Q(birth_date__year=person.birth_date.year) | Q(birth_date__isnull=True)
        others = others.filter(same_year, id__in=sharing.values("person_id"))
    else:
        others = others.filter(
            id__in=sharing.filter(shared__gte=min(2, len(codes))).values("person_id")
        )
    other_ids = list(others.values_list("id", flat=True))
    records = records_of([person.pk, *other_ids], tenant_id=tenant_id)
    pairs = [(min(person.pk, o), max(person.pk, o)) for o in other_ids]
    found = _scored(pairs, records, tenant_id)
    DuplicatePair.objects.bulk_create(found)
    return len(found)


def latest_scan(tenant_id: int) -> DuplicateScan | None:
    return DuplicateScan.objects.filter(tenant_id=tenant_id).order_by("-finished_at").first()


# --- decisions ---------------------------------------------------------------------


@transaction.atomic
def duplicate_dismiss(
    *, actor: Actor, first: Person, second: Person, reason: str = ""
) -> NotDuplicate:
    """Record that two records are different persons; the pair leaves the list."""
    if not may_merge(actor, first, second):
        raise NotAllowed
    a, b = sorted((first, second), key=lambda p: p.pk)
    standing = NotDuplicate.objects.filter(first=a, second=b, withdrawn_at__isnull=True)
    decision = standing.first()
    if decision is None:
        try:
            with transaction.atomic():
                decision = NotDuplicate.objects.create(
                    tenant_id=actor.tenant_id,
                    first=a,
                    second=b,
                    reason=reason[:300],
                    decided_by=actor.user,
                )
        except IntegrityError:  # decided at the same moment by someone else
            decision = standing.get()
    DuplicatePair.objects.of(a.pk, b.pk).delete()
    audit(
        actor=actor,
        action="duplicate.dismiss",
        obj=decision,
        person_id=a.pk,
        reason=reason,
        changes={"person_ids": [a.pk, b.pk]},
    )
    return decision


@transaction.atomic
def duplicate_restore(*, actor: Actor, decision: NotDuplicate) -> None:
    """Withdraw a "not a duplicate" decision: the pair is scored again at once."""
    decision = NotDuplicate.objects.select_for_update().get(pk=decision.pk)
    if decision.withdrawn_at is not None:
        return
    if not may_merge(actor, decision.first, decision.second):
        raise NotAllowed
    decision.withdrawn_at, decision.withdrawn_by = timezone.now(), actor.user
    decision.save(update_fields=["withdrawn_at", "withdrawn_by"])
    records = records_of([decision.first_id, decision.second_id], tenant_id=decision.tenant_id)
    DuplicatePair.objects.of(decision.first_id, decision.second_id).delete()
    DuplicatePair.objects.bulk_create(
        _scored([(decision.first_id, decision.second_id)], records, decision.tenant_id)
    )
    audit(
        actor=actor,
        action="duplicate.restore",
        obj=decision,
        person_id=decision.first_id,
        changes={"person_ids": [decision.first_id, decision.second_id]},
    )
