"""Every write to follow-ups goes through these functions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import case_abilities
from kim.cases.models import Case
from kim.cases.selectors import case_managers
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.models import Tenant
from kim.followups.abilities import followup_abilities
from kim.followups.models import FollowUp
from kim.followups.sources import SOURCES


@transaction.atomic
def followup_create(
    *, actor: Actor, case: Case, due_on: date, title: str, assignee=None, note: str = ""
) -> FollowUp:
    if not case_abilities(actor, case)["document"]:
        raise NotAllowed
    assignee = assignee or actor.user
    if not case_managers(case.tenant_id, [case.unit_id]).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {
                "assignee": _("%(name)s arbeitet nicht in der Einheit dieses Falls.")
                % {"name": assignee}
            }
        )
    followup = FollowUp.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        assignee=assignee,
        due_on=due_on,
        title=title,
        note=note,
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="followup.create",
        obj=followup,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes={
            "due_on": [None, due_on.isoformat()],
            "title": [None, title],
            "assignee": [None, str(assignee)],
        },
    )
    return followup


@transaction.atomic
def followup_complete(*, actor: Actor, followup: FollowUp, note: str = "") -> FollowUp:
    current = FollowUp.objects.select_for_update().select_related("case").get(pk=followup.pk)
    if not followup_abilities(actor, current)["complete"]:
        raise NotAllowed
    current.done_on = timezone.localdate()
    current.done_by = actor.user
    current.done_note = note[:300]
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="followup.complete",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes={"done_on": [None, current.done_on.isoformat()], "note": note[:300]},
    )
    return current


@transaction.atomic
def followups_generate(*, tenant: Tenant, today: date) -> dict[str, int]:
    """Create the follow-ups the sources call for and close generated ones that
    are no longer current (e.g. a contact happened). Idempotent per day."""
    created = closed = 0
    for source, find in SOURCES.items():
        wanted = {c.key: c for c in find(tenant, today)}
        existing = dict(
            FollowUp.objects.filter(tenant=tenant, source=source).values_list(
                "source_key", "done_on"
            )
        )
        new = [
            FollowUp(
                tenant=tenant,
                case_id=c.case_id,
                assignee_id=c.assignee_id,
                due_on=c.due_on,
                title=c.title[:200],
                source=source,
                source_key=c.key,
            )
            for key, c in wanted.items()
            if key not in existing
        ]
        FollowUp.objects.bulk_create(new)
        created += len(new)
        stale = [key for key, done in existing.items() if done is None and key not in wanted]
        if stale:
            closed += FollowUp.objects.filter(
                tenant=tenant, source=source, source_key__in=stale
            ).update(done_on=today, done_note=_("nicht mehr aktuell (automatisch erledigt)"))
    if created or closed:
        audit(
            actor=_system(tenant),
            action="followup.generate",
            changes={"created": created, "closed": closed, "date": today.isoformat()},
        )
    return {"created": created, "closed": closed}


def _system(tenant: Tenant) -> Actor:
    return Actor(user=None, tenant_id=tenant.pk)


def followups_pass_on(*, actor: Actor, case, from_unit_id, old_manager_id, new_manager) -> None:
    """A handed-over case's open follow-ups go to the new case manager (handover hook).

    Open follow-ups of anyone outside the receiving unit would otherwise stay
    with people who can no longer open the case. Done ones keep who did them.
    """
    moving = list(
        FollowUp.objects.select_for_update()
        .filter(tenant_id=case.tenant_id, case=case, done_on__isnull=True)
        .exclude(assignee_id=new_manager.pk)
    )
    if not moving:
        return
    FollowUp.objects.filter(pk__in=[f.pk for f in moving]).update(
        assignee=new_manager, version=F("version") + 1
    )
    audit(
        actor=actor,
        action="followup.pass_on",
        obj=case,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes={
            "followups": [f.pk for f in moving],
            "assignee": [sorted({f.assignee_id for f in moving}), new_manager.pk],
        },
    )
