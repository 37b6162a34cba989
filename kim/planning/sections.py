"""The planning sections of the case page and the start page."""

from django.utils import timezone

from kim.cases.abilities import case_parts_visible
from kim.cases.models import Case
from kim.cases.parts import INTERNAL, Part
from kim.core.actor import Actor
from kim.core.permissions import CASE_MANAGE, STATISTICS_VIEW
from kim.core.slots import CASE_DETAIL, CASE_TAB_NETWORK, CASE_TAB_PLAN, Section, register
from kim.planning.abilities import plan_abilities
from kim.planning.action_links import attach_action_links
from kim.planning.selectors import (
    barriers_of_case,
    conferences_of_case,
    latest_assessment_items,
    support_plan,
)


@register(CASE_DETAIL, tab=CASE_TAB_PLAN)
def assessment_section(actor: Actor, case: Case) -> Section | None:
    if Part.ASSESSMENT not in case_parts_visible(actor, case):
        return None
    can = plan_abilities(actor, case)
    items = latest_assessment_items(case)
    return Section(
        "planning/case_assessment.html",
        10,
        {
            "case": case,
            "can": can,
            "items": items,
            "assessment": items[0].assessment if items else None,
        },
    )


@register(CASE_DETAIL, tab=CASE_TAB_PLAN)
def support_plan_section(actor: Actor, case: Case) -> Section | None:
    if Part.PLAN not in case_parts_visible(actor, case):
        return None
    can = plan_abilities(actor, case)
    goals, loose_actions = support_plan(case)
    attach_action_links(
        actor, case, [a for goal in goals for a in goal.action_list] + loose_actions
    )
    return Section(
        "planning/case_plan.html",
        20,
        {
            "case": case,
            "can": can,
            "goals": goals,
            "loose_actions": loose_actions,
            "unevaluated": sum(1 for goal in goals if not goal.evaluation),
            "today": timezone.localdate(),
        },
    )


@register(CASE_DETAIL, tab=CASE_TAB_PLAN)
def barriers_section(actor: Actor, case: Case) -> Section | None:
    if Part.PLAN not in case_parts_visible(actor, case):
        return None
    can = plan_abilities(actor, case)
    return Section(
        "planning/case_barriers.html",
        30,
        {"case": case, "can": can, "barriers": list(barriers_of_case(case))},
    )


def may_see_barrier_counts(actor: Actor) -> bool:
    return actor.has(STATISTICS_VIEW) or actor.has(CASE_MANAGE)


@register(CASE_DETAIL, tab=CASE_TAB_NETWORK)
def conferences_section(actor: Actor, case: Case) -> Section | None:
    """The case conferences (three queries): for the case's unit and an emergency access,
    not for a unit the case is only shared with."""
    if INTERNAL not in case_parts_visible(actor, case):
        return None
    return Section(
        "planning/case_conferences.html",
        30,
        {
            "case": case,
            "can": plan_abilities(actor, case),
            "conferences": conferences_of_case(case),
        },
    )
