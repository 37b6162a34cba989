"""Writes of family ties and households."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.people.models import Household, HouseholdMember, Person, PersonRelation
from kim.people.services.common import (
    acting_unit,
    lock_persons,
    not_in_future,
    period_in_order,
    require_on_person,
)


def _relation_snapshot(relation: PersonRelation) -> dict:
    return {
        "person_id": relation.person_id,
        "related_id": relation.related_id,
        "kind": relation.kind,
        "note": relation.note,
    }


def _audit_both(actor: Actor, action: str, relation: PersonRelation, changes: dict) -> None:
    """A tie is data about both persons: each gets the event in their trail."""
    for person in (relation.person, relation.related):
        audit(
            actor=actor,
            action=action,
            obj=relation,
            person_id=person.pk,
            unit_id=acting_unit(actor, relation.person),
            changes=changes,
        )


@transaction.atomic
def person_relation_add(
    *, actor: Actor, person: Person, related: Person, kind: str, note: str = ""
) -> PersonRelation:
    """Record that `related` is the `kind` (child, partner …) of `person`."""
    require_on_person(actor, person, "change")
    require_on_person(actor, related, "view")
    if person.pk == related.pk:
        raise ValidationError(
            {"related": _("Eine Person kann nicht mit sich selbst verbunden sein.")}
        )
    lock_persons(person, related)
    existing = PersonRelation.objects.filter(
        Q(person=person, related=related) | Q(person=related, related=person)
    ).first()
    if existing is not None:
        raise ValidationError(
            {
                "related": _(
                    "Zwischen %(a)s und %(b)s ist bereits eine Beziehung erfasst "
                    "(%(kind)s). Bitte diese bearbeiten."
                )
                % {
                    "a": person.full_name,
                    "b": related.full_name,
                    "kind": existing.get_kind_display(),
                }
            }
        )
    relation = PersonRelation(
        tenant_id=person.tenant_id,
        person=person,
        related=related,
        kind=kind,
        note=note,
        created_by=actor.user,
    )
    relation.full_clean(exclude=["tenant", "person", "related"])
    relation.save()
    _audit_both(actor, "relation.create", relation, diff({}, _relation_snapshot(relation)))
    return relation


@transaction.atomic
def person_relation_update(
    *, actor: Actor, relation: PersonRelation, version: int, kind: str, note: str = ""
) -> PersonRelation:
    current = PersonRelation.objects.select_for_update().select_related("person", "related")
    current = current.get(pk=relation.pk)
    current.person, current.related = relation.person, relation.related  # keep cached abilities
    if not abilities(actor, current)["change"]:
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    before = _relation_snapshot(current)
    current.kind, current.note = kind, note
    current.full_clean(exclude=["tenant", "person", "related"])
    current.version += 1
    current.save()
    _audit_both(
        actor,
        "relation.update",
        current,
        diff(before, _relation_snapshot(current)) | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def person_relation_remove(*, actor: Actor, relation: PersonRelation, reason: str = "") -> None:
    """Remove a tie recorded in error; the audit trail keeps what it was."""
    if not abilities(actor, relation)["change"]:
        raise NotAllowed
    snapshot = _relation_snapshot(relation)
    _audit_both(actor, "relation.remove", relation, diff(snapshot, {}) | {"reason": reason})
    PersonRelation.objects.filter(pk=relation.pk).delete()


def _check_free(person: Person, valid_from: date, *, household: Household | None) -> None:
    """A person lives in one household at a time."""
    overlapping = (
        HouseholdMember.objects.filter(person=person)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        .select_related("household")
        .first()
    )
    if overlapping is None:
        return
    if household is not None and overlapping.household_id == household.pk:
        message = _("%(name)s gehört diesem Haushalt bereits an.")
    else:
        message = _(
            "%(name)s lebt laut den erfassten Daten ab diesem Datum in einem anderen Haushalt. "
            "Bitte dort zuerst den Auszug erfassen."
        )
    raise ValidationError({"person": message % {"name": person.full_name}})


def _member_snapshot(member: HouseholdMember) -> dict:
    return {
        "household_id": member.household_id,
        "person_id": member.person_id,
        "valid_from": member.valid_from,
        "valid_until": member.valid_until,
    }


def _add(actor, household, person, valid_from) -> HouseholdMember:
    member = HouseholdMember.objects.create(
        tenant_id=household.tenant_id,
        household=household,
        person=person,
        valid_from=valid_from,
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="household.add_member",
        obj=member,
        person_id=person.pk,
        unit_id=acting_unit(actor, person),
        changes=diff({}, _member_snapshot(member)),
    )
    return member


@transaction.atomic
def household_create(
    *, actor: Actor, persons: list[Person], valid_from: date, name: str = ""
) -> Household:
    """Found a household of persons who live together from `valid_from` on."""
    if not persons:
        raise ValidationError({"person": _("Ein Haushalt braucht mindestens eine Person.")})
    if len({p.pk for p in persons}) != len(persons):
        raise ValidationError({"person": _("Jede Person kann nur einmal Mitglied sein.")})
    for person in persons:
        require_on_person(actor, person, "change")
    not_in_future(valid_from, "valid_from")
    lock_persons(*persons)
    for person in persons:
        _check_free(person, valid_from, household=None)
    household = Household(tenant_id=actor.tenant_id, name=name.strip(), created_by=actor.user)
    household.full_clean(exclude=["tenant"])
    household.save()
    audit(
        actor=actor,
        action="household.create",
        obj=household,
        person_id=persons[0].pk,
        unit_id=acting_unit(actor, persons[0]),
        changes={"name": [None, household.name], "person_ids": [p.pk for p in persons]},
    )
    for person in persons:
        _add(actor, household, person, valid_from)
    return household


@transaction.atomic
def household_add_member(
    *, actor: Actor, household: Household, person: Person, valid_from: date
) -> HouseholdMember:
    if household.tenant_id != actor.tenant_id or not abilities(actor, household)["add_member"]:
        raise NotAllowed
    require_on_person(actor, person, "change")
    not_in_future(valid_from, "valid_from")
    lock_persons(person)
    _check_free(person, valid_from, household=household)
    return _add(actor, household, person, valid_from)


@transaction.atomic
def household_member_leave(
    *, actor: Actor, member: HouseholdMember, version: int, valid_until: date
) -> HouseholdMember:
    """Record that a person moved out: their last day in the household."""
    current = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    current.person = member.person
    require_on_person(actor, member.person, "change")
    if current.version != version:
        raise StaleEdit(current)
    if current.valid_until is not None:
        raise ValidationError(
            {
                "valid_until": _("Der Auszug ist bereits erfasst (%(day)s).")
                % {"day": f"{current.valid_until:%d.%m.%Y}"}
            }
        )
    period_in_order(current.valid_from, valid_until)
    before = _member_snapshot(current)
    current.valid_until = valid_until
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="household.leave",
        obj=current,
        person_id=current.person_id,
        unit_id=acting_unit(actor, member.person),
        changes=diff(before, _member_snapshot(current)) | {"version": [version, current.version]},
    )
    return current
