"""Support plan: goals and actions, their validation, history and stale saves;
the actions due for the follow-up generator."""

from datetime import date

import pytest
from django.urls import reverse

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.models import AuditEvent, FieldOfAction, Organisation
from kim.planning.models import Action, ActionStatusChange, Goal, GoalStatusChange
from kim.planning.selectors import actions_due, unevaluated_goals
from kim.planning.services import action_create, action_update, goal_create, goal_update
from kim.testing.factories import OrganisationFactory, open_case, register_person


@pytest.fixture
def cm_client(client, setting):
    client.force_login(setting.world.cm)
    return client


def make_goal(setting, wording="B1-Prüfung bestehen", **kwargs):
    return goal_create(
        actor=setting.actor(),
        case=kwargs.pop("case", setting.case),
        field=kwargs.pop("field", setting.world.fields[0]),
        wording=wording,
        target_date=kwargs.pop("target_date", date(2026, 9, 30)),
        **kwargs,
    )


def make_action(setting, what="Kurs suchen", case=None, actor=None, **kwargs):
    kwargs.setdefault("who", Action.Who.PERSON)
    return action_create(
        actor=actor or setting.actor(), case=case or setting.case, what=what, **kwargs
    )


def goal_form(setting, **changes):
    return {
        "field": setting.world.fields[0].pk,
        "wording": "Eine Wohnung finden",
        "target_date": "2026-12-31",
        "status": "open",
    } | changes


# --- goals ----------------------------------------------------------------------


def test_adding_a_goal_records_it_its_first_status_and_the_audit_event(cm_client, setting):
    response = cm_client.post(
        reverse("planning:goal_new", args=[setting.case.pk]), goal_form(setting)
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#hilfeplan")
    goal = Goal.objects.get(case=setting.case)
    assert (goal.wording, goal.target_date, goal.status, goal.version) == (
        "Eine Wohnung finden",
        date(2026, 12, 31),
        "open",
        1,
    )
    assert list(goal.status_history.values_list("status", flat=True)) == ["open"]
    event = AuditEvent.objects.get(action="goal.create")
    assert (event.object_id, event.person_id) == (goal.pk, setting.person.pk)
    assert event.changes["wording"] == [None, "Eine Wohnung finden"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wording": ""}, "zwingend erforderlich"),
        ({"wording": "x" * 501}, "höchstens 500 Zeichen"),
        ({"target_date": ""}, "zwingend erforderlich"),
        ({"target_date": "31.12."}, "gültiges Datum"),
        ({"status": "vielleicht"}, "gültige Auswahl"),
        ({"field": "999999"}, "gültige Auswahl"),
    ],
)
def test_bad_goal_input_gets_a_german_message_and_keeps_the_wording(
    cm_client, setting, changes, message
):
    data = goal_form(setting, wording="Ein Ziel, das bleiben muss") | changes
    response = cm_client.post(reverse("planning:goal_new", args=[setting.case.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    if "wording" not in changes:
        assert "Ein Ziel, das bleiben muss" in html
    assert not Goal.objects.exists()


def test_a_field_of_action_of_another_tenant_is_not_a_valid_choice(cm_client, setting):
    foreign = FieldOfAction.objects.create(
        tenant=setting.world.other_tenant, code="x", name="Fremd"
    )
    response = cm_client.post(
        reverse("planning:goal_new", args=[setting.case.pk]), goal_form(setting, field=foreign.pk)
    )
    assert "gültige Auswahl" in response.content.decode()
    assert not Goal.objects.exists()


def test_a_status_change_of_a_goal_is_a_new_history_row(setting):
    goal = make_goal(setting)
    goal = goal_update(
        actor=setting.actor(),
        goal=goal,
        version=1,
        field=goal.field,
        wording="B1-Prüfung bestehen (Juni)",
        target_date=goal.target_date,
        status=Goal.Status.OPEN,
    )
    assert goal.status_history.count() == 1  # wording only: no status change
    goal = goal_update(
        actor=setting.actor(),
        goal=goal,
        version=2,
        field=goal.field,
        wording=goal.wording,
        target_date=goal.target_date,
        status=Goal.Status.IN_PROGRESS,
    )
    assert list(goal.status_history.values_list("status", flat=True)) == ["open", "in_progress"]
    assert GoalStatusChange.objects.get(status="in_progress").changed_by == setting.world.cm


def test_a_stale_goal_save_is_refused_and_shows_what_changed(cm_client, setting):
    goal = make_goal(setting)
    url = reverse("planning:goal_edit", args=[setting.case.pk, goal.pk])
    base = goal_form(setting, version=1, wording="B1-Prüfung bestehen")
    assert cm_client.post(url, base | {"wording": "Fassung der Kollegin"}).status_code == 302
    response = cm_client.post(url, base | {"wording": "meine Fassung"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "inzwischen geändert" in html
    assert "Fassung der Kollegin" in html and "meine Fassung" in html
    assert response.context["form"]["version"].value() == 2
    assert Goal.objects.get(pk=goal.pk).wording == "Fassung der Kollegin"


def test_the_goal_page_shows_its_status_history_and_audits_the_read(cm_client, setting):
    goal = make_goal(setting)
    html = cm_client.get(
        reverse("planning:goal_edit", args=[setting.case.pk, goal.pk])
    ).content.decode()
    assert "Statusverlauf" in html
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.person_id) == (
        "goal.view",
        goal.pk,
        setting.person.pk,
    )


# --- actions --------------------------------------------------------------------


def action_form(**changes):
    return {
        "what": "Antrag Wohnberechtigungsschein",
        "who": "case_manager",
        "status": "open",
    } | changes


def test_adding_an_action_to_a_goal_records_it_and_audits(cm_client, setting):
    goal = make_goal(setting)
    url = reverse("planning:action_new", args=[setting.case.pk])
    assert f'value="{goal.pk}" selected' in cm_client.get(url, {"ziel": goal.pk}).content.decode()
    response = cm_client.post(url, action_form(goal=goal.pk, due_date="2026-04-01"))
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.goal, action.due_date, action.status) == (goal, date(2026, 4, 1), "open")
    assert list(action.status_history.values_list("status", flat=True)) == ["open"]
    event = AuditEvent.objects.get(action="action.create")
    assert (event.object_id, event.person_id) == (action.pk, setting.person.pk)


def test_an_action_with_a_provider_names_the_organisation(cm_client, setting):
    awo = OrganisationFactory(tenant=setting.world.tenant, name="AWO Testhausen")
    response = cm_client.post(
        reverse("planning:action_new", args=[setting.case.pk]),
        action_form(who="provider", organisation=awo.pk, who_name="Frau K."),
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.who_display == "ein Träger / Angebot: AWO Testhausen, Frau K."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"who": "office"}, "Bitte eine Organisation wählen oder den Namen eintragen."),
        ({"who": "person", "organisation": "ORG"}, "Eine Organisation passt nur"),
        ({"what": ""}, "zwingend erforderlich"),
        ({"who": ""}, "zwingend erforderlich"),
        ({"due_date": "bald"}, "gültiges Datum"),
        ({"goal": "999999"}, "gültige Auswahl"),
        ({"organisation": "FOREIGN", "who": "office"}, "gültige Auswahl"),
    ],
)
def test_bad_action_input_gets_a_german_message_and_keeps_the_input(
    cm_client, setting, changes, message
):
    org = Organisation.objects.create(
        tenant=setting.world.tenant, name="Jobcenter", kind="jobcenter"
    )
    foreign = Organisation.objects.create(
        tenant=setting.world.other_tenant, name="Fremd", kind="other"
    )
    changes = {k: {"ORG": org.pk, "FOREIGN": foreign.pk}.get(v, v) for k, v in changes.items()}
    data = action_form(what="Maßnahme, die bleiben muss") | changes
    response = cm_client.post(reverse("planning:action_new", args=[setting.case.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    if "what" not in changes:
        assert "Maßnahme, die bleiben muss" in html
    assert not Action.objects.exists()


def test_an_action_cannot_belong_to_a_goal_of_another_case(setting):
    other_case = open_case(setting.world.cm, setting.person, setting.world.unit_a)
    foreign_goal = make_goal(setting, case=other_case)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_action(setting, goal=foreign_goal)


def test_a_stale_action_save_is_refused_and_keeps_the_input(cm_client, setting):
    action = make_action(setting)
    url = reverse("planning:action_edit", args=[setting.case.pk, action.pk])
    base = action_form(version=1, who="person")
    assert cm_client.post(url, base | {"status": "done"}).status_code == 302
    response = cm_client.post(url, base | {"status": "cancelled", "what": "mein Text"})
    html = response.content.decode()
    assert "inzwischen geändert" in html
    assert "mein Text" in html
    assert "erledigt" in html  # what is saved now
    assert Action.objects.get(pk=action.pk).status == "done"
    assert list(ActionStatusChange.objects.values_list("status", flat=True)) == ["open", "done"]


def test_the_action_page_audits_the_read(cm_client, setting):
    action = make_action(setting)
    cm_client.get(reverse("planning:action_edit", args=[setting.case.pk, action.pk]))
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id) == ("action.view", action.pk)


def test_updating_an_action_audits_the_changes(setting):
    action = make_action(setting, due_date=date(2026, 3, 1))
    action_update(
        actor=setting.actor(),
        action=action,
        version=1,
        what=action.what,
        who=action.who,
        due_date=date(2026, 3, 15),
        status="open",
    )
    event = AuditEvent.objects.filter(action="action.update").get()
    assert event.changes["due_date"] == ["2026-03-01", "2026-03-15"]
    assert event.changes["version"] == [1, 2]


# --- the case page --------------------------------------------------------------


def test_the_case_page_lists_goals_with_their_actions_and_the_loose_actions(cm_client, setting):
    goal = make_goal(setting, wording="Wohnung finden")
    make_action(setting, what="Wohnungsamt anrufen", goal=goal, due_date=date(2026, 1, 10))
    make_action(setting, what="Unterlagen sammeln")
    html = cm_client.get(reverse("cases:plan", args=[setting.case.pk])).content.decode()
    section = html[html.index('id="hilfeplan"') : html.index('id="huerden"')]
    assert section.index("Wohnung finden") < section.index("Wohnungsamt anrufen")
    assert section.index("Maßnahmen ohne Ziel") < section.index("Unterlagen sammeln")
    assert "(überfällig)" in section  # 10.01.2026 is past, and said in words


# --- unevaluated goals and actions due ---------------------------------------------


def test_unevaluated_goals_lists_the_goals_without_evaluation(setting):
    first, second = make_goal(setting, "eins"), make_goal(setting, "zwei")
    Goal.objects.filter(pk=first.pk).update(evaluation="achieved")
    assert unevaluated_goals(setting.case) == [second]


@pytest.fixture
def due_world(setting):
    world = setting.world
    until = date(2026, 3, 31)
    expected = {
        make_action(setting, "am Stichtag", due_date=until).pk,
        make_action(setting, "vorher", due_date=date(2026, 1, 2)).pk,
    }
    make_action(setting, "einen Tag danach", due_date=date(2026, 4, 1))
    make_action(setting, "ohne Datum")
    make_action(setting, "erledigt", due_date=date(2026, 3, 1), status=Action.Status.DONE)
    make_action(setting, "abgebrochen", due_date=date(2026, 3, 1), status=Action.Status.CANCELLED)
    closed = open_case(world.cm, setting.person, world.unit_a)
    make_action(setting, "im abgeschlossenen Fall", case=closed, due_date=date(2026, 3, 1))
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    person_b = register_person(world.cm_b, world.unit_b, family_name="Nowak")
    case_b = open_case(world.cm_b, person_b, world.unit_b)
    unit_b_action = make_action(
        setting, "Einheit Süd", case=case_b, actor=get_actor(world.cm_b), due_date=date(2026, 3, 1)
    )
    return setting, until, expected, unit_b_action


def test_actions_due_are_the_open_ones_due_by_the_date_inclusive(due_world):
    setting, until, expected, unit_b_action = due_world
    due = actions_due(setting.actor(), until)
    assert {a.pk for a in due} == expected
    assert [a.what for a in due] == ["vorher", "am Stichtag"]  # by due date


def test_actions_due_follow_case_visibility(due_world):
    setting, until, expected, unit_b_action = due_world
    world = setting.world
    assert {a.pk for a in actions_due(get_actor(world.lead), until)} == expected
    assert {a.pk for a in actions_due(get_actor(world.cm_b), until)} == {unit_b_action.pk}
    for username in ("coordination", "authority", "admin", "outsider"):
        assert not actions_due(get_actor(getattr(world, username)), until).exists()


def test_actions_due_a_day_earlier_leave_out_the_boundary(due_world):
    setting, until, expected, unit_b_action = due_world
    assert [a.what for a in actions_due(setting.actor(), date(2026, 3, 30))] == ["vorher"]


# --- follow-ups -------------------------------------------------------------------


def test_open_actions_falling_due_become_follow_ups_of_the_case_manager(setting):
    from kim.followups.models import FollowUp
    from kim.followups.services import followups_generate

    today = date(2026, 3, 1)
    soon = make_action(setting, "Antrag abgeben", due_date=date(2026, 3, 8))  # a week ahead
    make_action(setting, "später", due_date=date(2026, 3, 9))
    make_action(setting, "erledigt", due_date=date(2026, 2, 1), status=Action.Status.DONE)
    followups_generate(tenant=setting.world.tenant, today=today)
    generated = FollowUp.objects.get(source=FollowUp.Source.ACTION)
    assert (generated.case, generated.assignee, generated.due_on) == (
        setting.case,
        setting.world.cm,
        date(2026, 3, 8),
    )
    assert generated.title == "Maßnahme fällig: Antrag abgeben"
    # Done: the follow-up is no longer current and closes itself.
    action_update(
        actor=setting.actor(),
        action=soon,
        version=1,
        what=soon.what,
        who=soon.who,
        due_date=soon.due_date,
        status=Action.Status.DONE,
    )
    followups_generate(tenant=setting.world.tenant, today=today)
    generated.refresh_from_db()
    assert generated.done_on == today
