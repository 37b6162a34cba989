"""Further persons a case involves (household members and others)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kim.cases.abilities import case_process_abilities
from kim.cases.models import Case, CaseMember
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.people.models import Person
from kim.people.selectors import visible_persons
from kim.people.services import person_grant_unit


@transaction.atomic
def case_member_add(*, actor: Actor, case: Case, person: Person, role_in_case: str) -> CaseMember:
    """Add a person the actor may see to the case; the case's unit then holds the person."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if not case_process_abilities(actor, current)["manage_members"]:
        raise NotAllowed
    if not visible_persons(actor).filter(pk=person.pk).exists():
        raise NotAllowed
    if person.pk == current.person_id:
        raise ValidationError({"person": _("Die Person ist die Hauptperson dieses Falls.")})
    if CaseMember.objects.filter(case=current, person=person).exists():
        raise ValidationError({"person": _("Die Person gehört bereits zu diesem Fall.")})
    if role_in_case not in CaseMember.Role.values:
        raise ValidationError({"role_in_case": _("Bitte wählen Sie die Rolle im Fall.")})
    member = CaseMember.objects.create(
        tenant_id=current.tenant_id,
        case=current,
        person=person,
        role_in_case=role_in_case,
        added_by=actor.user,
    )
    person_grant_unit(person=person, unit=current.unit)
    audit(
        actor=actor,
        action="case.member_add",
        obj=current,
        person_id=person.pk,
        changes={
            "case_person_id": current.person_id,
            "member": [None, person.pk],
            "role_in_case": [None, role_in_case],
        },
    )
    return member


@transaction.atomic
def case_member_remove(*, actor: Actor, member: CaseMember) -> None:
    current = Case.objects.select_for_update().get(pk=member.case_id)
    if not case_process_abilities(actor, current)["manage_members"]:
        raise NotAllowed
    deleted, _rows = CaseMember.objects.filter(pk=member.pk, case=current).delete()
    if not deleted:
        return  # someone else removed the person just now: the result is the same
    audit(
        actor=actor,
        action="case.member_remove",
        obj=current,
        person_id=member.person_id,
        changes={
            "case_person_id": current.person_id,
            "member": [member.person_id, None],
            "role_in_case": [member.role_in_case, None],
        },
    )
