"""Goals are evaluated before closure: every goal needs a result and a reason."""

from datetime import date

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.planning.models import Goal
from kim.planning.selectors import unevaluated_goals
from kim.planning.services import goal_create, goal_evaluate


@pytest.fixture
def goals(client, setting):
    client.force_login(setting.world.cm)
    made = [
        goal_create(
            actor=setting.actor(),
            case=setting.case,
            field=setting.world.fields[i],
            wording=wording,
            target_date=date(2026, 6, 30),
        )
        for i, wording in enumerate(["B1-Prüfung bestehen", "Ausbildungsplatz finden"])
    ]
    return setting, made


def url(setting):
    return reverse("planning:goal_evaluation", args=[setting.case.pk])


def evaluation(goals, **overrides):
    data = {"evaluated_on": "2026-07-01"}
    results = [("achieved", "Zertifikat liegt vor"), ("partly", "Praktikum, noch kein Vertrag")]
    for goal, (result, reason) in zip(goals, results, strict=True):
        data |= {
            f"ziel-{goal.pk}-version": goal.version,
            f"ziel-{goal.pk}-result": result,
            f"ziel-{goal.pk}-reason": reason,
        }
    return data | overrides


def test_the_page_lists_every_goal_with_result_and_reason(client, goals):
    setting, made = goals
    html = client.get(url(setting)).content.decode()
    for goal in made:
        assert f"<legend>{goal.wording}</legend>" in html
        assert f'name="ziel-{goal.pk}-result"' in html
    assert "nicht mehr relevant" in html


def test_evaluating_sets_result_reason_date_person_and_the_final_status(client, goals):
    setting, made = goals
    response = client.post(url(setting), evaluation(made))
    assert response.status_code == 302
    first, second = (Goal.objects.get(pk=g.pk) for g in made)
    assert (first.evaluation, first.evaluation_reason, first.status) == (
        "achieved",
        "Zertifikat liegt vor",
        "achieved",
    )
    assert (second.evaluation, second.status) == ("partly", "partly")
    assert first.evaluated_on == date(2026, 7, 1)
    assert first.evaluated_by == setting.world.cm
    assert list(first.status_history.values_list("status", flat=True)) == ["open", "achieved"]
    assert unevaluated_goals(setting.case) == []
    events = AuditEvent.objects.filter(action="goal.evaluate", person_id=setting.person.pk)
    assert events.count() == 2
    assert events.get(object_id=first.pk).changes["evaluation"] == ["", "achieved"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("result", "", "Bitte ein Ergebnis wählen."),
        ("result", "super", "gültige Auswahl"),
        ("reason", "", "Bitte begründen Sie die Bewertung."),
        ("reason", "   ", "Bitte begründen Sie die Bewertung."),
    ],
)
def test_each_goal_needs_a_result_and_a_reason(client, goals, field, value, message):
    setting, made = goals
    data = evaluation(made, **{f"ziel-{made[1].pk}-{field}": value})
    response = client.post(url(setting), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Ausbildungsplatz finden – " in html  # the error summary names the goal
    assert "Zertifikat liegt vor" in html  # the other goal's input is kept
    assert not Goal.objects.exclude(evaluation="").exists()  # all or nothing


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2999-01-01", "nicht in der Zukunft"),
        ("", "zwingend erforderlich"),
        ("x", "gültiges Datum"),
    ],
)
def test_the_evaluation_date_is_checked(client, goals, value, message):
    setting, made = goals
    response = client.post(url(setting), evaluation(made, evaluated_on=value))
    assert message in response.content.decode()
    assert not Goal.objects.exclude(evaluation="").exists()


def test_a_stale_evaluation_is_refused_shows_the_other_result_and_keeps_the_input(client, goals):
    setting, made = goals
    mine = evaluation(made)
    goal_evaluate(
        actor=setting.actor("lead"),
        goal=made[1],
        version=1,
        result="obsolete",
        reason="Person ist weggezogen",
        evaluated_on=date(2026, 6, 30),
    )
    response = client.post(url(setting), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "inzwischen geändert" in html
    assert "Person ist weggezogen" in html  # theirs
    assert "Praktikum, noch kein Vertrag" in html  # mine, still in the form
    assert Goal.objects.get(pk=made[0].pk).evaluation == ""  # nothing half-saved
    forms = response.context["forms"]
    assert forms[1]["version"].value() == 2
    again = client.post(url(setting), mine | {f"ziel-{made[1].pk}-version": 2})
    assert again.status_code == 302
    assert Goal.objects.get(pk=made[1].pk).evaluation == "partly"


def test_a_case_without_goals_has_nothing_to_evaluate(client, setting):
    client.force_login(setting.world.cm)
    response = client.get(url(setting))
    assert "keine Ziele vereinbart" in response.content.decode()
    assert client.post(url(setting), {"evaluated_on": "2026-07-01"}).status_code == 200


def test_the_evaluation_page_audits_the_read_of_the_goals(client, goals):
    setting, made = goals
    client.get(url(setting))
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "goal.view"
    assert event.person_id == setting.person.pk
    assert event.changes == {"goals": [g.pk for g in made]}


def test_an_evaluated_goal_is_prefilled_for_a_correction(client, goals):
    setting, made = goals
    goal_evaluate(
        actor=setting.actor(),
        goal=made[0],
        version=1,
        result="not_achieved",
        reason="Kurs abgebrochen",
    )
    response = client.get(url(setting))
    assert "Kurs abgebrochen" in response.content.decode()
    assert response.context["forms"][0]["result"].value() == "not_achieved"
    assert response.context["forms"][1]["result"].value() is None
