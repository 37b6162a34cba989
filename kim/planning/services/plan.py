"""The support plan: goals (with their evaluation) and actions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import FieldOfAction, Organisation
from kim.planning.models import (
    Action,
    ActionStatusChange,
    CaseConference,
    Goal,
    GoalStatusChange,
)
from kim.planning.services.common import locked_case, not_in_future, require, same_tenant

GOAL_FIELDS = ["field", "wording", "target_date", "status"]


def _goal_snapshot(goal: Goal) -> dict:
    return {
        "field": goal.field.name,
        "wording": goal.wording,
        "target_date": goal.target_date,
        "status": goal.status,
    }


def _goal_status_changed(actor: Actor, goal: Goal) -> None:
    GoalStatusChange.objects.create(
        tenant_id=goal.tenant_id, goal=goal, status=goal.status, changed_by=actor.user
    )


@transaction.atomic
def goal_create(
    *,
    actor: Actor,
    case: Case,
    field: FieldOfAction,
    wording: str,
    target_date: date,
    status: str = Goal.Status.OPEN,
) -> Goal:
    case = locked_case(case.pk)
    require(actor, case, "plan")
    same_tenant(case, field=field)
    goal = Goal(
        tenant_id=case.tenant_id,
        case=case,
        field=field,
        wording=wording.strip(),
        target_date=target_date,
        status=status,
        created_by=actor.user,
    )
    goal.full_clean(exclude=["tenant", "case", "created_by", "evaluated_by"])
    goal.save()
    _goal_status_changed(actor, goal)
    audit(
        actor=actor,
        action="goal.create",
        obj=goal,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff({}, _goal_snapshot(goal)) | {"case": case.number},
    )
    return goal


def _locked_goal(goal: Goal) -> Goal:
    case = locked_case(goal.case_id)
    current = Goal.objects.select_for_update(of=("self",)).select_related("field").get(pk=goal.pk)
    current.case = case
    return current


@transaction.atomic
def goal_update(
    *,
    actor: Actor,
    goal: Goal,
    version: int,
    field: FieldOfAction,
    wording: str,
    target_date: date,
    status: str,
) -> Goal:
    current = _locked_goal(goal)
    require(actor, current.case, "plan")
    if current.version != version:
        raise StaleEdit(current)
    same_tenant(current.case, field=field)
    before = _goal_snapshot(current)
    current.field, current.wording = field, wording.strip()
    current.target_date, current.status = target_date, status
    current.full_clean(exclude=["tenant", "case", "created_by", "evaluated_by"])
    current.version += 1
    current.save()
    if current.status != before["status"]:
        _goal_status_changed(actor, current)
    audit(
        actor=actor,
        action="goal.update",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes=diff(before, _goal_snapshot(current)) | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def goal_evaluate(
    *,
    actor: Actor,
    goal: Goal,
    version: int,
    result: str,
    reason: str,
    evaluated_on: date | None = None,
) -> Goal:
    """Evaluate a goal (at closure): result and reason; the status follows the result."""
    current = _locked_goal(goal)
    require(actor, current.case, "evaluate")
    if current.version != version:
        raise StaleEdit(current)
    evaluated_on = evaluated_on or timezone.localdate()
    not_in_future(
        "evaluated_on", evaluated_on, _("Eine Bewertung kann nicht in der Zukunft liegen.")
    )
    if result not in Goal.Evaluation.values:
        raise ValidationError({"result": _("Bitte ein Ergebnis wählen.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Bewertung.")})
    before = {
        "evaluation": current.evaluation,
        "evaluation_reason": current.evaluation_reason,
        "evaluated_on": current.evaluated_on,
        "status": current.status,
    }
    current.evaluation, current.evaluation_reason = result, reason.strip()
    current.evaluated_on, current.evaluated_by = evaluated_on, actor.user
    current.status = result  # the evaluation results are the final statuses
    current.version += 1
    current.save()
    if current.status != before["status"]:
        _goal_status_changed(actor, current)
    after = {
        "evaluation": current.evaluation,
        "evaluation_reason": current.evaluation_reason,
        "evaluated_on": current.evaluated_on,
        "status": current.status,
    }
    audit(
        actor=actor,
        action="goal.evaluate",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes=diff(before, after) | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def goals_evaluate(
    *, actor: Actor, case: Case, evaluations: list[dict], evaluated_on: date | None = None
) -> list[Goal]:
    """Evaluate several goals of a case at once, all or none.

    `evaluations` are dicts with goal, version, result and reason.
    """
    require(actor, locked_case(case.pk), "evaluate")
    done = []
    for item in evaluations:
        if item["goal"].case_id != case.pk:
            raise NotAllowed
        done.append(goal_evaluate(actor=actor, evaluated_on=evaluated_on, **item))
    return done


# --- actions --------------------------------------------------------------------


def _action_snapshot(action: Action) -> dict:
    return {
        "what": action.what,
        "who": action.who,
        "who_name": action.who_name,
        "organisation": action.organisation.name if action.organisation_id else None,
        "due_date": action.due_date,
        "status": action.status,
        "goal": action.goal_id,
    }


def _check_action(case: Case, action: Action) -> None:
    same_tenant(case, organisation=action.organisation)
    if action.goal is not None and action.goal.case_id != case.pk:
        raise ValidationError({"goal": _("Bitte eine gültige Auswahl treffen.")})
    external = action.who in (Action.Who.PROVIDER, Action.Who.OFFICE)
    if external and action.organisation is None and not action.who_name.strip():
        raise ValidationError(
            {"organisation": _("Bitte eine Organisation wählen oder den Namen eintragen.")}
        )
    if not external and action.organisation is not None:
        raise ValidationError(
            {
                "organisation": _(
                    "Eine Organisation passt nur, wenn ein Träger oder eine Stelle die Maßnahme übernimmt."
                )
            }
        )
    action.full_clean(exclude=["tenant", "case", "created_by"])


def _action_status_changed(actor: Actor, action: Action) -> None:
    ActionStatusChange.objects.create(
        tenant_id=action.tenant_id, action=action, status=action.status, changed_by=actor.user
    )


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    case: Case,
    what: str,
    who: str,
    who_name: str = "",
    organisation: Organisation | None = None,
    due_date: date | None = None,
    goal: Goal | None = None,
    status: str = Action.Status.OPEN,
    conference: CaseConference | None = None,
) -> Action:
    """A new action; `conference` when it was agreed in that case conference."""
    case = locked_case(case.pk)
    require(actor, case, "plan")
    if conference is not None and conference.case_id != case.pk:
        raise ValidationError(_("Die Fallkonferenz gehört zu einem anderen Fall."))
    action = Action(
        tenant_id=case.tenant_id,
        case=case,
        conference=conference,
        goal=goal,
        what=what.strip(),
        who=who,
        who_name=who_name.strip(),
        organisation=organisation,
        due_date=due_date,
        status=status,
        created_by=actor.user,
    )
    _check_action(case, action)
    action.save()
    _action_status_changed(actor, action)
    audit(
        actor=actor,
        action="action.create",
        obj=action,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff({}, _action_snapshot(action))
        | {"case": case.number}
        | ({"conference": conference.pk} if conference is not None else {}),
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: Action,
    version: int,
    what: str,
    who: str,
    who_name: str = "",
    organisation: Organisation | None = None,
    due_date: date | None = None,
    goal: Goal | None = None,
    status: str = Action.Status.OPEN,
) -> Action:
    case = locked_case(action.case_id)
    current = (
        Action.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=action.pk)
    )
    current.case = case
    require(actor, current.case, "plan")
    if current.version != version:
        raise StaleEdit(current)
    before = _action_snapshot(current)
    current.what, current.who, current.who_name = what.strip(), who, who_name.strip()
    current.organisation, current.due_date = organisation, due_date
    current.goal, current.status = goal, status
    _check_action(current.case, current)
    current.version += 1
    current.save()
    if current.status != before["status"]:
        _action_status_changed(actor, current)
    audit(
        actor=actor,
        action="action.update",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes=diff(before, _action_snapshot(current)) | {"version": [version, current.version]},
    )
    return current
