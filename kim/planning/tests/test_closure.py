"""Before a case is closed, every goal of its support plan is evaluated."""

from datetime import date

import pytest

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


def test_closing_a_case_with_unevaluated_goals_is_refused_with_the_goals_named(setting):
    from django.core.exceptions import ValidationError

    from kim.cases.models import Case
    from kim.cases.services import case_close

    make_goal(setting, "Wohnung finden")
    setting.case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        case_close(
            actor=setting.actor(),
            case=setting.case,
            version=setting.case.version,
            reason="moved_away",
            summary="nach Köln verzogen",
        )
    assert error.value.messages == [
        "Ein Ziel ist noch nicht bewertet: „Wohnung finden“. "
        "Bewerten Sie es im Hilfeplan unter „Ziele bewerten“."
    ]
    assert Case.objects.get(pk=setting.case.pk).status == Case.Status.OPEN


def test_the_close_page_names_the_goals_still_to_evaluate(client, setting):
    from django.urls import reverse

    make_goal(setting, "Wohnung finden")
    client.force_login(setting.world.cm)
    html = client.get(reverse("cases:close", args=[setting.case.pk])).content.decode()
    assert "Ein Ziel ist noch nicht bewertet: „Wohnung finden“." in html


def test_a_case_whose_goals_are_all_evaluated_can_be_closed(setting):
    from kim.cases.models import Case
    from kim.cases.services import case_close

    goal = make_goal(setting, "Wohnung finden")
    goal_evaluate(actor=setting.actor(), goal=goal, version=1, result="obsolete", reason="verzogen")
    setting.case.refresh_from_db()
    case = case_close(
        actor=setting.actor(),
        case=setting.case,
        version=setting.case.version,
        reason="moved_away",
        summary="nach Köln verzogen",
    )
    assert case.status == Case.Status.CLOSED
