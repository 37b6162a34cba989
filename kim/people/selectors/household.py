"""Reads of family ties and households.

Persons the actor may not see still appear as rows ("weitere Person"), but
never with their name: rows carry `visible`, and templates show names only
where it is true.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.people.models import Household, HouseholdMember, Person, PersonRelation
from kim.people.selectors.common import changeable, visible
from kim.people.selectors.person import visible_persons


@dataclass
class Tie:
    """A relation as seen from one person: `other` is `kind` of that person."""

    relation: PersonRelation
    other: Person
    kind: str
    kind_label: str
    visible: bool


def relations_of(actor: Actor, person: Person) -> list[Tie]:
    """The person's ties, both directions, in one query."""
    if not abilities(actor, person)["view"]:
        return []
    rows = (
        PersonRelation.objects.filter(tenant_id=actor.tenant_id)
        .filter(Q(person=person) | Q(related=person))
        .select_related("person", "related")
        .annotate(person_visible=visible(actor, "person_id"))
        .annotate(related_visible=visible(actor, "related_id"))
        .order_by("id")
    )
    labels = dict(PersonRelation.Kind.choices)
    ties = []
    for relation in rows:
        mine = relation.person_id == person.pk
        kind = relation.kind_seen_from(person.pk)
        if mine:
            relation.person = person
        else:
            relation.related = person
        ties.append(
            Tie(
                relation=relation,
                other=relation.related if mine else relation.person,
                kind=kind,
                kind_label=str(labels[kind]),
                visible=relation.related_visible if mine else relation.person_visible,
            )
        )
    order = list(PersonRelation.Kind.values)
    ties.sort(key=lambda t: (order.index(t.kind), not t.visible, t.other.sort_name))
    return ties


@dataclass
class HouseholdView:
    household: Household
    membership: HouseholdMember  # the person's own
    current: list[HouseholdMember] = field(default_factory=list)
    former: list[HouseholdMember] = field(default_factory=list)

    @property
    def others(self) -> list[HouseholdMember]:
        return [m for m in self.current if m.person_id != self.membership.person_id]


def household_of(actor: Actor, person: Person, *, on: date | None = None) -> HouseholdView | None:
    """The household the person lives in on the day, with all members (one query).

    Each member row carries `visible` and `changeable` (may the actor record
    their moving out).
    """
    if not abilities(actor, person)["view"]:
        return None
    on = on or timezone.localdate()
    households = HouseholdMember.objects.current(on).filter(person=person).values("household_id")
    members = list(
        HouseholdMember.objects.filter(tenant_id=actor.tenant_id, household_id__in=households)
        .select_related("household", "person")
        .annotate(visible=visible(actor, "person_id"))
        .annotate(changeable=changeable(actor, "person_id"))
        .order_by("valid_from", "id")
    )
    own = next((m for m in members if m.person_id == person.pk and _holds(m, on)), None)
    if own is None:
        return None
    for member in members:
        if member.person_id == person.pk:
            member.person = person
    return HouseholdView(
        household=own.household,
        membership=own,
        current=[m for m in members if _holds(m, on)],
        former=[m for m in members if not _holds(m, on)],
    )


def _holds(member: HouseholdMember, on: date) -> bool:
    return member.valid_from <= on and (member.valid_until is None or member.valid_until >= on)


def household_members(actor: Actor, person: Person, *, on: date | None = None) -> QuerySet[Person]:
    """The other persons living in the person's household on the day, that the actor may see.

    For the case page: a case can involve several members of one household.
    """
    if not abilities(actor, person)["view"]:
        return Person.objects.none()
    households = HouseholdMember.objects.current(on).filter(person=person).values("household_id")
    members = (
        HouseholdMember.objects.current(on)
        .filter(household_id__in=households)
        .exclude(person_id=person.pk)
        .values("person_id")
    )
    return visible_persons(actor).filter(id__in=members)


def memberships_of(actor: Actor, person: Person) -> list[HouseholdMember]:
    """All the person's stays in households, newest first (for the household page)."""
    if not abilities(actor, person)["view"]:
        return []
    rows = list(
        HouseholdMember.objects.filter(tenant_id=actor.tenant_id, person=person)
        .select_related("household")
        .order_by("-valid_from", "-id")
    )
    for row in rows:
        row.person = person
    return rows
