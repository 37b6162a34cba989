"""Reads of follow-ups, scoped to the cases the actor may see."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from kim.cases.abilities import case_parts_visible
from kim.cases.parts import INTERNAL
from kim.cases.selectors import visible_cases
from kim.core.actor import Actor
from kim.core.permissions import CASE_MANAGE
from kim.followups.models import FollowUp


def visible_followups(actor: Actor) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        tenant_id=actor.tenant_id, case_id__in=visible_cases(actor).values("id")
    )


def my_open_followups(actor: Actor, *, until: date) -> QuerySet[FollowUp]:
    """Open follow-ups assigned to the actor, due on or before `until`."""
    if actor.user is None:
        return FollowUp.objects.none()
    return (
        visible_followups(actor)
        .filter(assignee_id=actor.user.pk, done_on__isnull=True, due_on__lte=until)
        .select_related("case", "case__person")
        .order_by("due_on", "id")
    )


def case_open_followups(actor: Actor, case) -> QuerySet[FollowUp]:
    """The case's open follow-ups, for whoever may read the case's internal part (its
    unit, an emergency access); never for a unit the case is only shared with."""
    if INTERNAL not in case_parts_visible(actor, case):
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(tenant_id=case.tenant_id, case=case, done_on__isnull=True)
        .select_related("assignee")
        .order_by("due_on", "id")
    )


def unit_followup_overview(actor: Actor, *, today: date) -> list[dict]:
    """Per assignee in the team lead's units: open follow-ups due today and overdue."""
    units = actor.units(CASE_MANAGE)
    if not units:
        return []
    rows = (
        FollowUp.objects.filter(
            tenant_id=actor.tenant_id,
            case__unit_id__in=units,
            done_on__isnull=True,
            due_on__lte=today,
        )
        .values("assignee_id", "assignee__first_name", "assignee__last_name")
        .annotate(
            today=Count("id", filter=Q(due_on=today)),
            overdue=Count("id", filter=Q(due_on__lt=today)),
        )
        .order_by("assignee__last_name", "assignee__first_name")
    )
    return list(rows)


def unit_open_followups(
    actor: Actor, *, today: date, assignee_id: int | None = None
) -> QuerySet[FollowUp]:
    units = actor.units(CASE_MANAGE)
    followups = FollowUp.objects.filter(
        tenant_id=actor.tenant_id, case__unit_id__in=units, done_on__isnull=True, due_on__lte=today
    )
    if assignee_id:
        followups = followups.filter(assignee_id=assignee_id)
    return followups.select_related("case", "case__person", "assignee").order_by("due_on", "id")
