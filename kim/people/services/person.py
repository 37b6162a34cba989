"""Every write to persons goes through these functions."""

from django.db import transaction
from django.forms.models import model_to_dict

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import Unit
from kim.core.permissions import PERSON_CHANGE, PERSON_REGISTER
from kim.people.models import PERSON_DATA_FIELDS, Person, PersonAlias, PersonNameKey, PersonUnit
from kim.people.names import search_entries

AUDITED_FIELDS = PERSON_DATA_FIELDS


def _snapshot(person: Person) -> dict:
    data = model_to_dict(person, fields=AUDITED_FIELDS)
    data["nationalities"] = [str(c) for c in data.get("nationalities") or []]
    return data


def person_reindex(person: Person, aliases: list[PersonAlias] | None = None) -> None:
    """Rebuild the search keys and the folded search name of a person."""
    if aliases is None:
        aliases = list(person.aliases.all())
    names = [person.family_name, person.given_names]
    for alias in aliases:
        names += [alias.family_name, alias.given_names]
    person.search_name, keys = search_entries(names)
    Person.objects.filter(pk=person.pk).update(search_name=person.search_name)
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(tenant_id=person.tenant_id, person=person, token=token, phonetic=code)
        for token, code in keys
    )


@transaction.atomic
def person_register(
    *, actor: Actor, unit: Unit, aliases: list[dict] | None = None, **fields
) -> Person:
    if actor.tenant_id != unit.tenant_id or not actor.can_in_unit(PERSON_REGISTER, unit.pk):
        raise NotAllowed
    person = Person(tenant_id=unit.tenant_id, owner_unit=unit, created_by=actor.user, **fields)
    person.full_clean(exclude=["tenant", "owner_unit", "search_name"])
    person.save()
    alias_rows = [
        PersonAlias(tenant_id=person.tenant_id, person=person, **alias)
        for alias in (aliases or [])
        if alias.get("family_name") or alias.get("given_names")
    ]
    PersonAlias.objects.bulk_create(alias_rows)
    PersonUnit.objects.create(tenant_id=person.tenant_id, person=person, unit=unit)
    person_reindex(person, alias_rows)
    audit(
        actor=actor,
        action="person.register",
        obj=person,
        person_id=person.pk,
        unit_id=unit.pk,
        changes=diff({}, _snapshot(person)),
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Actor, person: Person, version: int, aliases: list[dict] | None = None, **fields
) -> Person:
    """Change a person's data; refused with StaleEdit if someone saved in between."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    if not actor.units(PERSON_CHANGE) & _holding_units(current):
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    before = _snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["tenant", "owner_unit", "search_name"])
    current.version += 1
    current.save()
    if aliases is not None:
        current.aliases.all().delete()
        PersonAlias.objects.bulk_create(
            PersonAlias(tenant_id=current.tenant_id, person=current, **alias)
            for alias in aliases
            if alias.get("family_name") or alias.get("given_names")
        )
    person_reindex(current)
    audit(
        actor=actor,
        action="person.update",
        obj=current,
        person_id=current.pk,
        unit_id=_acting_unit(actor, current),
        changes=diff(before, _snapshot(current)) | {"version": [version, current.version]},
    )
    return current


def person_grant_unit(*, person: Person, unit: Unit) -> None:
    """Let a unit hold a person (called when a case is opened there)."""
    PersonUnit.objects.get_or_create(tenant_id=person.tenant_id, person=person, unit=unit)
    # person_abilities caches the holding units on the object: let it look again.
    person.__dict__.pop("_holding_units", None)


def persons_release_unit(*, tenant_id: int, person_ids, unit_id: int) -> list[int]:
    """A unit no longer holds these persons (its last case with them moved elsewhere).

    Returns the ids released. The caller decides that the unit has no reason left
    to see them and records it in its audit event.
    """
    rows = PersonUnit.objects.filter(tenant_id=tenant_id, unit_id=unit_id, person_id__in=person_ids)
    released = sorted(rows.values_list("person_id", flat=True))
    rows.delete()
    return released


def _holding_units(person: Person) -> set[int]:
    return set(PersonUnit.objects.filter(person=person).values_list("unit_id", flat=True))


def _acting_unit(actor: Actor, person: Person) -> int | None:
    shared = sorted(actor.unit_ids & _holding_units(person))
    return shared[0] if shared else actor.primary_unit_id
