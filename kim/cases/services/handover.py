"""Handing a case over to another case manager or unit.

The sender asks, the receiving side accepts or declines; until then the case
stays with the sender. Every request stays as a row: the handover history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import case_process_abilities, is_handover_receiver
from kim.cases.handover_hooks import run_handover_hooks
from kim.cases.models import Case, CaseHandover, CaseMember
from kim.cases.selectors import case_managers, handover_target_units, team_leads
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.models import Unit
from kim.core.permissions import CASE_MANAGE
from kim.people.models import Person
from kim.people.services import person_grant_unit, persons_release_unit


@transaction.atomic
def handover_request(
    *, actor: Actor, case: Case, to_unit: Unit, to_user=None, note: str
) -> CaseHandover:
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    if not case_process_abilities(actor, current)["hand_over"]:
        raise NotAllowed
    note = note.strip()
    errors = {}
    if not handover_target_units(current.tenant_id).filter(pk=to_unit.pk).exists():
        errors["to_unit"] = _("An diese Einheit können keine Fälle übergeben werden.")
    elif to_user is not None and (
        not case_managers(current.tenant_id, [to_unit.pk]).filter(pk=to_user.pk).exists()
    ):
        errors["to_user"] = _("%(name)s arbeitet nicht in der Einheit %(unit)s.") % {
            "name": to_user,
            "unit": to_unit,
        }
    elif to_unit.pk == current.unit_id and to_user is None:
        errors["to_user"] = _(
            "Innerhalb der eigenen Einheit wird an eine bestimmte Person übergeben."
        )
    elif to_user is not None and to_user.pk == current.case_manager_id:
        errors["to_user"] = _("%(name)s ist bereits für den Fall verantwortlich.") % {
            "name": to_user
        }
    elif to_user is None and not team_leads(current.tenant_id, [to_unit.pk]).exists():
        errors["to_user"] = _(
            "Die Einheit %(unit)s hat keine Teamleitung, die die Übergabe annehmen kann. "
            "Bitte wählen Sie eine Person."
        ) % {"unit": to_unit}
    if not note:
        errors["note"] = _("Bitte schreiben Sie, was die übernehmende Seite wissen muss.")
    if errors:
        raise ValidationError(errors)
    if CaseHandover.objects.filter(case=current, state=CaseHandover.State.PENDING).exists():
        raise ValidationError(_("Für diesen Fall ist bereits eine Übergabe angefragt."))
    handover = CaseHandover.objects.create(
        tenant_id=current.tenant_id,
        case=current,
        from_unit_id=current.unit_id,
        from_user_id=current.case_manager_id,
        to_unit=to_unit,
        to_user=to_user,
        note=note,
        requested_by=actor.user,
    )
    audit(
        actor=actor,
        action="handover.request",
        obj=handover,
        person_id=current.person_id,
        unit_id=current.unit_id,
        changes={
            "case": current.number,
            "to_unit": [None, str(to_unit)],
            "to_user": [None, str(to_user) if to_user else None],
            "note": [None, note],
        },
    )
    return handover


def _locked_handover(handover: CaseHandover) -> CaseHandover:
    locked = CaseHandover.objects.select_for_update().get(pk=handover.pk)
    locked.case = Case.objects.select_for_update().select_related("unit").get(pk=locked.case_id)
    return locked


def _still_pending(handover: CaseHandover) -> None:
    if not handover.is_pending:
        raise ValidationError(
            _("Die Übergabe ist nicht mehr offen: Sie wurde inzwischen %(state)s.")
            % {"state": handover.get_state_display()}
        )


@transaction.atomic
def handover_accept(*, actor: Actor, handover: CaseHandover, case_manager=None) -> CaseHandover:
    """Take the case over: it moves to the receiving unit and case manager.

    A team lead of the receiving unit may name the case manager (default: the
    addressed one, else the lead); an addressed case manager takes it over
    themselves.
    """
    current = _locked_handover(handover)
    if not is_handover_receiver(actor, current):
        raise NotAllowed
    _still_pending(current)
    case = current.case
    leads = actor.can_in_unit(CASE_MANAGE, current.to_unit_id)
    new_manager = case_manager or current.to_user
    if new_manager is None:
        new_manager = actor.user
    if not leads and new_manager.pk != actor.user.pk:
        raise NotAllowed
    if not case_managers(case.tenant_id, [current.to_unit_id]).filter(pk=new_manager.pk).exists():
        raise ValidationError(
            {
                "case_manager": _("%(name)s arbeitet nicht in der Einheit %(unit)s.")
                % {"name": new_manager, "unit": current.to_unit}
            }
        )
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("Der Fall ist inzwischen abgeschlossen."))
    before = {"unit": str(case.unit), "case_manager": str(case.case_manager)}
    old_manager_id = case.case_manager_id
    case.unit_id = current.to_unit_id
    case.case_manager = new_manager
    case.version += 1
    case.save()
    # The new unit holds the person and everyone else the case involves; the old
    # unit lets go of those it has no other case with (data minimisation).
    involved = [
        case.person_id,
        *CaseMember.objects.filter(case=case).values_list("person_id", flat=True),
    ]
    for person in Person.objects.filter(pk__in=involved):
        person_grant_unit(person=person, unit=current.to_unit)
    released = _release_old_unit(case, current.from_unit_id, involved)
    run_handover_hooks(
        actor=actor,
        case=case,
        from_unit_id=current.from_unit_id,
        old_manager_id=old_manager_id,
        new_manager=new_manager,
    )
    current.state = CaseHandover.State.ACCEPTED
    current.accepted_by = actor.user
    current.accepted_at = timezone.now()
    current.save()
    audit(
        actor=actor,
        action="handover.accept",
        obj=current,
        person_id=case.person_id,
        unit_id=current.to_unit_id,
        changes={
            "case": case.number,
            "unit": [before["unit"], str(current.to_unit)],
            "case_manager": [before["case_manager"], str(new_manager)],
            "released_from_old_unit": released,
        },
    )
    return current


def _release_old_unit(case: Case, unit_id: int, person_ids: list[int]) -> list[int]:
    """Release the persons of a handed-over case the old unit has no other case with."""
    if unit_id == case.unit_id:
        return []
    in_unit = Case.objects.filter(tenant_id=case.tenant_id, unit_id=unit_id)
    still = set(in_unit.filter(person_id__in=person_ids).values_list("person_id", flat=True))
    still |= set(
        CaseMember.objects.filter(case__in=in_unit, person_id__in=person_ids).values_list(
            "person_id", flat=True
        )
    )
    return persons_release_unit(
        tenant_id=case.tenant_id,
        person_ids=[pid for pid in person_ids if pid not in still],
        unit_id=unit_id,
    )


@transaction.atomic
def handover_decline(*, actor: Actor, handover: CaseHandover, reason: str) -> CaseHandover:
    current = _locked_handover(handover)
    if not is_handover_receiver(actor, current):
        raise NotAllowed
    _still_pending(current)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie an, warum Sie ablehnen.")})
    current.state = CaseHandover.State.DECLINED
    current.declined_by = actor.user
    current.declined_at = timezone.now()
    current.decline_reason = reason
    current.save()
    audit(
        actor=actor,
        action="handover.decline",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.to_unit_id if current.to_unit_id in actor.unit_ids else None,
        reason=reason,
        changes={"case": current.case.number, "state": ["pending", "declined"]},
    )
    return current


@transaction.atomic
def handover_withdraw(*, actor: Actor, handover: CaseHandover) -> CaseHandover:
    current = _locked_handover(handover)
    if not case_process_abilities(actor, current.case)["hand_over"]:
        raise NotAllowed
    _still_pending(current)
    current.state = CaseHandover.State.WITHDRAWN
    current.withdrawn_by = actor.user
    current.withdrawn_at = timezone.now()
    current.save()
    audit(
        actor=actor,
        action="handover.withdraw",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes={"case": current.case.number, "state": ["pending", "withdrawn"]},
    )
    return current
