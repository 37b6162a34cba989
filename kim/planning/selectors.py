"""Reads of assessments, plans and barriers, always scoped to what the actor may see."""

from datetime import date

from django.db.models import Count, Max, Prefetch, QuerySet, Subquery

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.models import FieldOfAction, Organisation
from kim.core.permissions import CASE_VIEW
from kim.planning.models import (
    Action,
    Assessment,
    AssessmentItem,
    Barrier,
    BarrierCategory,
    CaseConference,
    ConferenceParticipant,
    Goal,
    LegalDomain,
)

# --- assessment -----------------------------------------------------------------


def assessment_versions(case: Case) -> QuerySet[Assessment]:
    """All versions of a case's assessment, newest first (without their items)."""
    return (
        Assessment.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("created_by")
        .order_by("-number")
    )


def latest_assessment_items(case: Case) -> list[AssessmentItem]:
    """The items of the newest version, with their version and field (one query)."""
    newest = assessment_versions(case).values("number")[:1]
    return list(
        AssessmentItem.objects.filter(tenant_id=case.tenant_id, assessment__case=case)
        .filter(assessment__number=Subquery(newest))
        .select_related("assessment", "assessment__created_by", "field")
        .order_by("field__position", "field__name")
    )


def assessment_with_items(case: Case, number: int) -> Assessment | None:
    assessment = assessment_versions(case).filter(number=number).first()
    if assessment is not None:
        assessment.item_list = list(
            assessment.items.select_related("field").order_by("field__position", "field__name")
        )
    return assessment


def items_of_versions(case: Case, numbers: list[int]) -> list[AssessmentItem]:
    """The items of some versions of a case's assessment (one query)."""
    return list(
        AssessmentItem.objects.filter(
            tenant_id=case.tenant_id, assessment__case=case, assessment__number__in=numbers
        ).select_related("assessment", "field")
    )


def latest_assessment(case: Case) -> Assessment | None:
    latest = assessment_versions(case).values_list("number", flat=True).first()
    return assessment_with_items(case, latest) if latest else None


def latest_assessment_number(case: Case) -> int:
    return (
        Assessment.objects.filter(tenant_id=case.tenant_id, case=case).aggregate(n=Max("number"))[
            "n"
        ]
        or 0
    )


# --- support plan ---------------------------------------------------------------


def goals_of_case(case: Case) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("field", "evaluated_by")
        .order_by("target_date", "id")
    )


def actions_of_case(case: Case) -> QuerySet[Action]:
    return (
        Action.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("organisation")
        .order_by("due_date", "id")
    )


def support_plan(case: Case) -> tuple[list[Goal], list[Action]]:
    """The goals, each with `.action_list`, and the actions without a goal (two queries)."""
    goals = list(goals_of_case(case))
    by_goal = {goal.pk: goal for goal in goals}
    for goal in goals:
        goal.case = case
        goal.action_list = []
    loose = []
    for action in actions_of_case(case):
        action.case = case
        if action.goal_id in by_goal:
            action.goal = by_goal[action.goal_id]
            by_goal[action.goal_id].action_list.append(action)
        else:
            loose.append(action)
    return goals, loose


def unevaluated_goals(case: Case) -> list[Goal]:
    """Goals still to be evaluated before the case is closed."""
    return list(goals_of_case(case).filter(evaluation=""))


def actions_due(actor: Actor, until: date) -> QuerySet[Action]:
    """Open actions due on or before `until`, in open cases the actor may see.

    For the follow-up generator: actions of closed cases are left out, since a
    closed case can no longer be documented in.
    """
    units = actor.units(CASE_VIEW)
    if not units or actor.tenant_id is None:
        return Action.objects.none()
    return (
        Action.objects.filter(
            tenant_id=actor.tenant_id,
            status=Action.Status.OPEN,
            due_date__lte=until,
            case__unit_id__in=units,
            case__status=Case.Status.OPEN,
        )
        .select_related("case", "case__person", "case__unit", "goal", "organisation")
        .order_by("due_date", "id")
    )


def open_actions_due_in_tenant(tenant_id: int, until: date) -> QuerySet[Action]:
    """For the system's follow-up generator (no acting user): like `actions_due`,
    for the whole tenant."""
    return Action.objects.filter(
        tenant_id=tenant_id,
        status=Action.Status.OPEN,
        due_date__lte=until,
        case__status=Case.Status.OPEN,
    ).order_by("due_date", "id")


def organisations(actor: Actor) -> QuerySet[Organisation]:
    """The tenant's organisations (configuration, no personal data): who an action is with."""
    return Organisation.objects.filter(tenant_id=actor.tenant_id).order_by("name")


def fields_of_action(tenant_id: int) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(tenant_id=tenant_id, active=True).order_by(
        "position", "name"
    )


# --- barriers -------------------------------------------------------------------


def barriers_of_case(case: Case) -> QuerySet[Barrier]:
    return (
        Barrier.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("field", "category", "created_by")
        .order_by("-flagged_on", "-id")
    )


def barrier_categories(tenant_id: int) -> QuerySet[BarrierCategory]:
    return BarrierCategory.objects.filter(tenant_id=tenant_id, active=True).order_by(
        "position", "name"
    )


def barrier_counts(
    actor: Actor, *, since: date | None = None, until: date | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Barriers of the actor's tenant counted by category, field of action and legal
    domain: counts only, no case or person.

    Every active catalogue entry is listed, also with zero; the caller suppresses
    small numbers.
    """
    barriers = Barrier.objects.filter(tenant_id=actor.tenant_id)
    if since:
        barriers = barriers.filter(flagged_on__gte=since)
    if until:
        barriers = barriers.filter(flagged_on__lte=until)

    def counted(key: str) -> dict:
        return dict(
            barriers.order_by().values_list(key).annotate(n=Count("id")).values_list(key, "n")
        )

    by_category, by_field, by_domain = (
        counted("category"),
        counted("field"),
        counted("legal_domain"),
    )
    categories = BarrierCategory.objects.filter(tenant_id=actor.tenant_id).order_by(
        "position", "name"
    )
    fields = FieldOfAction.objects.filter(tenant_id=actor.tenant_id).order_by("position", "name")
    return {
        "category": [
            (c.name, by_category.get(c.pk, 0))
            for c in categories
            if c.active or by_category.get(c.pk)
        ],
        "field": [
            (f.name, by_field.get(f.pk, 0)) for f in fields if f.active or by_field.get(f.pk)
        ],
        "legal_domain": [(label, by_domain.get(value, 0)) for value, label in LegalDomain.choices],
    }


# --- case conferences --------------------------------------------------------------------


def _conferences(case: Case) -> QuerySet[CaseConference]:
    return (
        CaseConference.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("created_by", "updated_by")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ConferenceParticipant.objects.select_related(
                    "unit", "organisation", "consent"
                ),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("due_date", "id")),
        )
        .order_by("-held_on", "-id")
    )


def conferences_of_case(case: Case) -> list[CaseConference]:
    """The case's conferences, newest first, with their participants and agreed actions
    (three queries, however many there are)."""
    return list(_conferences(case))


def conference_of_case(case: Case, pk: int) -> CaseConference | None:
    return _conferences(case).filter(pk=pk).first()


def conference_units(tenant_id: int):
    """The tenant's active units: who may take part as a unit."""
    from kim.core.models import Unit

    return (
        Unit.objects.filter(tenant_id=tenant_id, active=True)
        .select_related("organisation")
        .order_by("name")
    )
