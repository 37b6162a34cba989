"""Helpers shared by the planning services."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.errors import NotAllowed
from kim.planning.abilities import plan_abilities


def locked_case(case_id: int) -> Case:
    """The case row, locked: serialises writes on one case and sees its current status.

    Always locked first, before any goal or action row, so that writers never
    wait for each other in opposite order.
    """
    return Case.objects.select_for_update().get(pk=case_id)


def require(actor: Actor, case: Case, ability: str) -> None:
    if actor.tenant_id != case.tenant_id or not plan_abilities(actor, case)[ability]:
        raise NotAllowed


def not_in_future(field: str, value: date | None, message: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: message})


def same_tenant(case: Case, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.tenant_id != case.tenant_id:
            raise ValidationError({name: _("Bitte eine gültige Auswahl treffen.")})
