"""Before a case is closed, every goal of its support plan is evaluated."""

from datetime import date

from kim.planning.closure import goals_not_evaluated
from kim.planning.services import goal_create, goal_evaluate


def make_goal(setting, wording):
    return goal_create(
        actor=setting.actor(),
        case=setting.case,
        field=setting.world.fields[0],
        wording=wording,
        target_date=date(2026, 6, 30),
    )


def test_a_case_without_goals_may_be_closed(setting):
    assert goals_not_evaluated(setting.case) == []


def test_unevaluated_goals_hold_the_closure_back_and_are_named(setting):
    make_goal(setting, "Wohnung finden")
    make_goal(setting, "B1-Prüfung bestehen")
    assert goals_not_evaluated(setting.case) == [
        "2 Ziele sind noch nicht bewertet: „Wohnung finden“, „B1-Prüfung bestehen“. "
        "Bewerten Sie sie im Hilfeplan unter „Ziele bewerten“."
    ]


def test_once_every_goal_is_evaluated_nothing_holds_the_closure_back(setting):
    goal = make_goal(setting, "Wohnung finden")
    assert len(goals_not_evaluated(setting.case)) == 1
    goal_evaluate(actor=setting.actor(), goal=goal, version=1, result="obsolete", reason="verzogen")
    assert goals_not_evaluated(setting.case) == []
