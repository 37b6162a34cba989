"""What a user may do with the planning records of a case.

Everything follows the case: whoever may see the case sees its assessment,
plan and barriers; whoever may document in it (open case, own unit) may
write them. Closed cases are therefore read-only.
"""

from kim.cases.abilities import case_abilities
from kim.cases.models import Case
from kim.core.abilities import register
from kim.core.actor import Actor
from kim.planning.models import Action, Assessment, Barrier, Goal


def plan_abilities(actor: Actor, case: Case) -> dict[str, bool]:
    """The planning actions on a case, computed once per page."""
    on_case = case_abilities(actor, case)
    write = on_case["document"]
    return {
        "view": on_case["view"],
        "assess": write,
        "plan": write,
        "evaluate": write,
        "flag_barrier": write,
    }


@register(Assessment)
def assessment_abilities(actor: Actor, assessment: Assessment) -> dict[str, bool]:
    # Versions are never changed: a re-assessment is a new version on the case.
    return {"view": case_abilities(actor, assessment.case)["view"]}


@register(Goal)
def goal_abilities(actor: Actor, goal: Goal) -> dict[str, bool]:
    on_case = case_abilities(actor, goal.case)
    return {
        "view": on_case["view"],
        "change": on_case["document"],
        "evaluate": on_case["document"],
    }


@register(Action)
def action_abilities(actor: Actor, action: Action) -> dict[str, bool]:
    on_case = case_abilities(actor, action.case)
    return {"view": on_case["view"], "change": on_case["document"]}


@register(Barrier)
def barrier_abilities(actor: Actor, barrier: Barrier) -> dict[str, bool]:
    # Barriers are recorded, not edited: they are evidence for the structural work.
    return {"view": case_abilities(actor, barrier.case)["view"]}
