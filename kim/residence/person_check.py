"""The pre-check of one person: facts from the record, facts entered for the check
(kept in `CheckFacts`), the three checks. Reading and saving are audited."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.people.models import Person
from kim.people.selectors.person import visible_persons
from kim.residence import eligibility
from kim.residence.abilities import may_precheck
from kim.residence.models import CheckFacts
from kim.residence.recorded import Recorded, recorded_facts

ORDER = ("stag10", "aufenthg25b", "aufenthg25a")


def checkable_persons(actor: Actor):
    if not may_precheck(actor):
        return Person.objects.none()
    return visible_persons(actor)


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class PersonCheck:
    person: Person
    on: date
    recorded: dict[str, Recorded]
    entered: dict  # parsed facts entered for the check
    stored: CheckFacts | None

    @property
    def facts(self) -> dict:
        """The record, overridden by what was entered for the check."""
        return {name: r.value for name, r in self.recorded.items()} | self.entered

    @property
    def version(self) -> int:
        return self.stored.version if self.stored else 0

    def results(self) -> list[eligibility.CheckResult]:
        return [eligibility.check(code, self.facts, self.on) for code in ORDER]


def person_check(actor: Actor, person: Person, on: date | None = None) -> PersonCheck:
    """Read for a check (audited as a read of the person's data)."""
    if not checkable_persons(actor).filter(pk=person.pk).exists():
        raise NotAllowed
    on = on or timezone.localdate()
    stored = CheckFacts.objects.filter(tenant_id=person.tenant_id, person=person).first()
    entered, _errors = eligibility.parse_facts(stored.facts if stored else {})
    audit(actor=actor, action="eligibility.view", obj=person, person_id=person.pk)
    return PersonCheck(person, on, recorded_facts(actor, person, on), entered, stored)


@transaction.atomic
def facts_save(*, actor: Actor, person: Person, version: int, facts: dict, on: date) -> CheckFacts:
    """Keep what was entered for the check: only the facts that differ from the
    record (the record is read again at every check)."""
    if not checkable_persons(actor).filter(pk=person.pk).exists():
        raise NotAllowed
    recorded = recorded_facts(actor, person, on)
    kept = {
        name: _jsonable(value)
        for name, value in facts.items()
        if value is not None and (name not in recorded or recorded[name].value != value)
    }
    current = CheckFacts.objects.select_for_update().filter(person=person).first()
    if (current.version if current else 0) != version:
        raise StaleEdit(current)
    before = current.facts if current else {}
    if current is None:
        current = CheckFacts(tenant_id=person.tenant_id, person=person, updated_by=actor.user)
    else:
        current.version += 1
    current.facts = kept
    current.updated_by = actor.user
    current.updated_at = timezone.now()
    current.save()
    changed = sorted(set(before) ^ set(kept) | {k for k in kept if before.get(k) != kept[k]})
    audit(
        actor=actor,
        action="eligibility.facts_update",
        obj=person,
        person_id=person.pk,
        changes={"facts": changed},
    )
    return current
