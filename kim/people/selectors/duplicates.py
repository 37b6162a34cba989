"""Reads for the duplicate list: which pairs an actor may see, dismiss and merge.

Visibility: persons are visible only to the units that hold them
(`PersonUnit`, ADR 0002). A pair is listed, and may be dismissed or merged,
only when *both* records are held by units in which the actor has
`person.merge` (and `person.view`). A pair where one record is held only by
other units of the tenant is not shown: the list says how many such pairs
there are and nothing else — no name, date, unit or id, because even "a
record like yours exists in unit X" tells that the person is counselled
there. Such pairs are for someone who holds `person.merge` in both units (a
lead over several units, or a tenant-wide data-quality role).
"""

from django.db.models import Count, Q, QuerySet

from kim.core.actor import Actor
from kim.core.permissions import PERSON_MERGE, PERSON_VIEW
from kim.people.models import DuplicatePair, NotDuplicate, Person, PersonMerge, PersonUnit
from kim.people.selectors.common import held_person_ids
from kim.people.selectors.person import visible_persons


def merge_units(actor: Actor) -> frozenset[int]:
    return actor.units(PERSON_MERGE) & actor.units(PERSON_VIEW)


def mergeable_ids(actor: Actor) -> QuerySet:
    """Ids of the persons the actor may merge, as a subquery (one indexable predicate)."""
    return PersonUnit.objects.filter(
        tenant_id=actor.tenant_id, unit_id__in=merge_units(actor)
    ).values("person_id")


def mergeable_persons(actor: Actor) -> QuerySet[Person]:
    if actor.tenant_id is None or not merge_units(actor):
        return Person.objects.none()
    return Person.objects.filter(tenant_id=actor.tenant_id, id__in=mergeable_ids(actor))


def may_merge(actor: Actor, first: Person, second: Person) -> bool:
    """Both records in the actor's tenant, distinct, and held by units where the actor merges."""
    if first.pk == second.pk or actor.tenant_id is None:
        return False
    if first.tenant_id != actor.tenant_id or second.tenant_id != actor.tenant_id:
        return False
    held = set(
        PersonUnit.objects.filter(
            person_id__in=[first.pk, second.pk], unit_id__in=merge_units(actor)
        ).values_list("person_id", flat=True)
    )
    return held == {first.pk, second.pk}


def duplicate_pairs(actor: Actor) -> QuerySet[DuplicatePair]:
    """The pairs the actor may review, best first."""
    if actor.tenant_id is None or not merge_units(actor):
        return DuplicatePair.objects.none()
    ids = mergeable_ids(actor)
    return (
        DuplicatePair.objects.filter(tenant_id=actor.tenant_id, first_id__in=ids, second_id__in=ids)
        .select_related("first", "second")
        .order_by("-score", "id")
    )


def pair_counts(actor: Actor) -> tuple[int, int]:
    """(pairs the actor may review, pairs of which they may merge one record only),
    in one pass over the tenant's pairs. The second is a number, nothing more."""
    if actor.tenant_id is None or not merge_units(actor):
        return 0, 0
    ids = mergeable_ids(actor)
    mine_first, mine_second = Q(first_id__in=ids), Q(second_id__in=ids)
    counts = (
        DuplicatePair.objects.filter(tenant_id=actor.tenant_id)
        .filter(mine_first | mine_second)
        .aggregate(
            both=Count("id", filter=mine_first & mine_second),
            one=Count("id", filter=~(mine_first & mine_second)),
        )
    )
    return counts["both"], counts["one"]


def hidden_pair_count(actor: Actor) -> int:
    return pair_counts(actor)[1]


def dismissed_pairs(actor: Actor) -> QuerySet[NotDuplicate]:
    """Standing "not a duplicate" decisions about records the actor may merge, newest first."""
    if actor.tenant_id is None or not merge_units(actor):
        return NotDuplicate.objects.none()
    ids = mergeable_ids(actor)
    return (
        NotDuplicate.objects.filter(
            tenant_id=actor.tenant_id,
            withdrawn_at__isnull=True,
            first_id__in=ids,
            second_id__in=ids,
        )
        .select_related("first", "second", "decided_by")
        .order_by("-decided_at", "-id")
    )


def merged_into(actor: Actor, pk: int) -> tuple[Person, PersonMerge] | None:
    """Where a merged record went: the surviving record the actor may see, following
    merges of merges, with the first merge; None if there is none to show."""
    if actor.tenant_id is None:
        return None
    merge = (
        PersonMerge.objects.filter(tenant_id=actor.tenant_id, merged_id=pk)
        .select_related("merged_by")
        .first()
    )
    if merge is None:
        return None
    survivor_id, seen = merge.survivor_id, {pk}
    while survivor_id not in seen:
        seen.add(survivor_id)
        later = PersonMerge.objects.filter(merged_id=survivor_id).values_list(
            "survivor_id", flat=True
        )
        if not later:
            break
        survivor_id = later[0]
    survivor = visible_persons(actor).filter(pk=survivor_id).first()
    return (survivor, merge) if survivor is not None else None


def merges_into(actor: Actor, person: Person) -> list[PersonMerge]:
    """The merges that kept this record, newest first, with who merged (one query);
    none unless the actor may see the record. What they tell of the merged
    records is what the merge stored: no unit holds those any more."""
    if actor.tenant_id is None or not actor.units(PERSON_VIEW):
        return []
    return list(
        PersonMerge.objects.filter(tenant_id=actor.tenant_id, survivor_id=person.pk)
        .filter(survivor_id__in=held_person_ids(actor))
        .select_related("merged_by")
        .order_by("-merged_at", "-id")
    )
