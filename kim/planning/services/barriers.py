"""Barriers flagged in a case."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.models import FieldOfAction
from kim.planning.models import Barrier, BarrierCategory
from kim.planning.services.common import locked_case, not_in_future, require, same_tenant


@transaction.atomic
def barrier_flag(
    *,
    actor: Actor,
    case: Case,
    field: FieldOfAction,
    legal_domain: str,
    category: BarrierCategory,
    description: str = "",
    flagged_on: date | None = None,
    source: str = Barrier.Source.CONTACT,
    source_id: int | None = None,
) -> Barrier:
    """Record a barrier met in a case (while documenting a contact, by default)."""
    case = locked_case(case.pk)
    require(actor, case, "flag_barrier")
    same_tenant(case, field=field, category=category)
    flagged_on = flagged_on or timezone.localdate()
    not_in_future("flagged_on", flagged_on, _("Eine Hürde kann nicht in der Zukunft liegen."))
    barrier = Barrier(
        tenant_id=case.tenant_id,
        case=case,
        field=field,
        legal_domain=legal_domain,
        category=category,
        description=description.strip(),
        flagged_on=flagged_on,
        source=source,
        source_id=source_id,
        created_by=actor.user,
    )
    barrier.full_clean(exclude=["tenant", "case", "created_by"])
    barrier.save()
    audit(
        actor=actor,
        action="barrier.flag",
        obj=barrier,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff(
            {},
            {
                "field": field.name,
                "legal_domain": legal_domain,
                "category": category.name,
                "description": barrier.description,
                "flagged_on": flagged_on,
                "source": source,
                "source_id": source_id,
            },
        )
        | {"case": case.number},
    )
    return barrier
