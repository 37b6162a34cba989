"""Opening and changing a case."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import case_abilities
from kim.cases.models import Case, CasePhaseChange
from kim.cases.selectors import case_managers
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import FieldOfAction, Unit
from kim.core.permissions import CASE_OPEN
from kim.people.abilities import person_abilities
from kim.people.models import Person
from kim.people.services import person_grant_unit


def _check_case_manager(user, unit: Unit) -> None:
    if (
        user is not None
        and not case_managers(unit.tenant_id, [unit.pk]).filter(pk=user.pk).exists()
    ):
        raise ValidationError(
            {
                "case_manager": _("%(name)s arbeitet nicht in der Einheit %(unit)s.")
                % {"name": user, "unit": unit}
            }
        )


def _next_number(unit: Unit, year: int) -> str:
    Unit.objects.select_for_update().get(pk=unit.pk)  # serialises numbering per unit
    prefix = f"{unit.code}-{year}-"
    # The longest, then highest number is the last one (0001 … 9999, 10000 …).
    last = (
        Case.objects.filter(tenant_id=unit.tenant_id, number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    person: Person,
    unit: Unit,
    case_manager=None,
    reason: str = "",
    fields: list[FieldOfAction] | None = None,
    opened_on: date | None = None,
) -> Case:
    if (
        actor.tenant_id != unit.tenant_id
        or person.tenant_id != unit.tenant_id
        or not actor.can_in_unit(CASE_OPEN, unit.pk)
        or not person_abilities(actor, person)["view"]
    ):
        raise NotAllowed
    _check_case_manager(case_manager, unit)
    opened_on = opened_on or timezone.localdate()
    case = Case.objects.create(
        tenant_id=unit.tenant_id,
        person=person,
        unit=unit,
        case_manager=case_manager or actor.user,
        number=_next_number(unit, opened_on.year),
        opened_on=opened_on,
        reason=reason,
    )
    if fields:
        case.fields.set(fields)
    CasePhaseChange.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        from_phase="",
        to_phase=case.phase,
        changed_by=actor.user,
    )
    person_grant_unit(person=person, unit=unit)
    audit(
        actor=actor,
        action="case.open",
        obj=case,
        person_id=person.pk,
        unit_id=unit.pk,
        changes={
            "number": [None, case.number],
            "case_manager": [None, str(case.case_manager)],
            "fields": [None, [f.name for f in fields or []]],
            "phase": [None, case.phase],
        },
    )
    return case


@transaction.atomic
def case_update(
    *,
    actor: Actor,
    case: Case,
    version: int,
    reason: str,
    fields: list[FieldOfAction],
    case_manager=None,
) -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    allowed = case_abilities(actor, current)
    if not allowed["change"]:
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    before = {
        "reason": current.reason,
        "fields": sorted(f.name for f in current.fields.all()),
        "case_manager": str(current.case_manager),
    }
    current.reason = reason
    if case_manager is not None and case_manager != current.case_manager:
        if not allowed["assign"]:
            raise NotAllowed
        _check_case_manager(case_manager, current.unit)
        current.case_manager = case_manager
    current.version += 1
    current.save()
    current.fields.set(fields)
    after = {
        "reason": current.reason,
        "fields": sorted(f.name for f in fields),
        "case_manager": str(current.case_manager),
    }
    audit(
        actor=actor,
        action="case.update",
        obj=current,
        person_id=current.person_id,
        changes=diff(before, after) | {"version": [version, current.version]},
    )
    return current
