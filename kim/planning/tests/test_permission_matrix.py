"""Who may open which planning page and write which planning record.

The case belongs to unit A: `cm` (its case manager) and `lead` (team lead of
unit A) may see and write; everybody else – `cm_b` of unit B, the
coordination, the authority, data protection, administration and the
case manager of another tenant – gets 404, never 403, and writes nothing.
"""

from datetime import date

import pytest
from django.urls import reverse

from kim.cases.models import Case
from kim.core.abilities import abilities
from kim.planning.abilities import plan_abilities
from kim.planning.models import Action, Assessment, Barrier, Goal
from kim.planning.services import action_create, barrier_flag, goal_create
from kim.planning.tests.conftest import assess, item

ALL_USERS = [
    "cm",
    "cm_b",
    "lead",
    "coordination",
    "authority",
    "data_protection",
    "admin",
    "outsider",
]
CAN_WRITE = {"cm", "lead"}
NOTHING = {"view": False, "assess": False, "plan": False, "evaluate": False, "flag_barrier": False}
EVERYTHING = dict.fromkeys(NOTHING, True)


@pytest.fixture
def records(setting):
    fields = setting.world.fields
    assessment = assess(setting, item(fields[0], needs="Sprachkurs B1"))
    goal = goal_create(
        actor=setting.actor(),
        case=setting.case,
        field=fields[0],
        wording="B1-Prüfung bestehen",
        target_date=date(2026, 9, 30),
    )
    action = action_create(
        actor=setting.actor(), case=setting.case, goal=goal, what="Kurs suchen", who="person"
    )
    barrier = barrier_flag(
        actor=setting.actor(),
        case=setting.case,
        field=fields[0],
        legal_domain="sgb2",
        category=setting.categories[1],
        flagged_on=date(2026, 2, 1),
    )
    return setting, assessment, goal, action, barrier


def pages(case, goal, action):
    return {
        "assessment.new": reverse("planning:assessment_new", args=[case.pk]),
        "assessment.compare": reverse("planning:assessment_compare", args=[case.pk]),
        "goal.new": reverse("planning:goal_new", args=[case.pk]),
        "goal.edit": reverse("planning:goal_edit", args=[case.pk, goal.pk]),
        "goal.evaluation": reverse("planning:goal_evaluation", args=[case.pk]),
        "action.new": reverse("planning:action_new", args=[case.pk]),
        "action.edit": reverse("planning:action_edit", args=[case.pk, action.pk]),
        "barrier.new": reverse("planning:barrier_new", args=[case.pk]),
    }


PAGES = [
    "assessment.new",
    "assessment.compare",
    "goal.new",
    "goal.edit",
    "goal.evaluation",
    "action.new",
    "action.edit",
    "barrier.new",
]
READ_ONLY_PAGES = {"assessment.compare"}


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("page", PAGES)
def test_planning_pages_open_only_for_the_units_case_workers(client, records, username, page):
    setting, assessment, goal, action, barrier = records
    client.force_login(getattr(setting.world, username))
    response = client.get(pages(setting.case, goal, action)[page])
    assert response.status_code == (200 if username in CAN_WRITE else 404), f"{username} {page}"


@pytest.mark.parametrize("username", ["cm", "lead"])
@pytest.mark.parametrize("page", PAGES)
def test_a_closed_case_shows_its_plan_but_takes_no_writes(client, records, username, page):
    setting, assessment, goal, action, barrier = records
    Case.objects.filter(pk=setting.case.pk).update(status=Case.Status.CLOSED)
    client.force_login(getattr(setting.world, username))
    response = client.get(pages(setting.case, goal, action)[page])
    assert response.status_code == (200 if page in READ_ONLY_PAGES else 404)


def test_records_of_another_case_are_not_reachable_through_this_case(client, records):
    setting, assessment, goal, action, barrier = records
    from kim.testing.factories import open_case

    other = open_case(setting.world.cm, setting.person, setting.world.unit_a)
    client.force_login(setting.world.cm)
    assert client.get(reverse("planning:goal_edit", args=[other.pk, goal.pk])).status_code == 404
    assert (
        client.get(reverse("planning:action_edit", args=[other.pk, action.pk])).status_code == 404
    )


def posts(setting, goal, action):
    fields = setting.world.fields
    case = setting.case
    return {
        "assessment.new": (
            reverse("planning:assessment_new", args=[case.pk]),
            {
                "based_on": 1,
                "assessed_on": "2026-03-01",
                f"feld-{fields[0].pk}-needs": "neu",
                f"feld-{fields[0].pk}-urgency": "high",
            },
            lambda: Assessment.objects.filter(case=case).count() == 2,
        ),
        "goal.new": (
            reverse("planning:goal_new", args=[case.pk]),
            {
                "field": fields[1].pk,
                "wording": "Arbeit finden",
                "target_date": "2026-12-31",
                "status": "open",
            },
            lambda: Goal.objects.filter(case=case).count() == 2,
        ),
        "goal.edit": (
            reverse("planning:goal_edit", args=[case.pk, goal.pk]),
            {
                "version": goal.version,
                "field": fields[0].pk,
                "wording": "B2-Prüfung bestehen",
                "target_date": "2026-12-31",
                "status": "in_progress",
            },
            lambda: Goal.objects.get(pk=goal.pk).version == 2,
        ),
        "goal.evaluation": (
            reverse("planning:goal_evaluation", args=[case.pk]),
            {
                "evaluated_on": "2026-03-01",
                f"ziel-{goal.pk}-version": goal.version,
                f"ziel-{goal.pk}-result": "achieved",
                f"ziel-{goal.pk}-reason": "Prüfung bestanden",
            },
            lambda: Goal.objects.get(pk=goal.pk).evaluation == "achieved",
        ),
        "action.new": (
            reverse("planning:action_new", args=[case.pk]),
            {"what": "Termin Jobcenter", "who": "case_manager", "status": "open"},
            lambda: Action.objects.filter(case=case).count() == 2,
        ),
        "action.edit": (
            reverse("planning:action_edit", args=[case.pk, action.pk]),
            {"version": action.version, "what": "Kurs suchen", "who": "person", "status": "done"},
            lambda: Action.objects.get(pk=action.pk).status == "done",
        ),
        "barrier.new": (
            reverse("planning:barrier_new", args=[case.pk]),
            {
                "field": fields[0].pk,
                "category": setting.categories[0].pk,
                "legal_domain": "sgb12",
                "flagged_on": "2026-03-01",
            },
            lambda: Barrier.objects.filter(case=case).count() == 2,
        ),
    }


WRITES = [
    "assessment.new",
    "goal.new",
    "goal.edit",
    "goal.evaluation",
    "action.new",
    "action.edit",
    "barrier.new",
]


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("write", WRITES)
def test_planning_writes_are_refused_with_404_for_everybody_else(client, records, username, write):
    setting, assessment, goal, action, barrier = records
    url, data, written = posts(setting, goal, action)[write]
    client.force_login(getattr(setting.world, username))
    response = client.post(url, data)
    if username in CAN_WRITE:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert written()
    else:
        assert response.status_code == 404
        assert not written()


@pytest.mark.parametrize("username", ALL_USERS)
def test_plan_abilities_whole(records, username):
    setting, assessment, goal, action, barrier = records
    user = getattr(setting.world, username)
    from kim.core.actor import get_actor

    expected = EVERYTHING if username in CAN_WRITE else NOTHING
    assert plan_abilities(get_actor(user), setting.case) == expected
    sees = username in CAN_WRITE
    assert abilities(user, assessment) == {"view": sees}
    assert abilities(user, goal) == {"view": sees, "change": sees, "evaluate": sees}
    assert abilities(user, action) == {"view": sees, "change": sees}
    assert abilities(user, barrier) == {"view": sees}


def test_a_closed_case_may_be_read_but_not_planned(records):
    setting, assessment, goal, action, barrier = records
    Case.objects.filter(pk=setting.case.pk).update(status=Case.Status.CLOSED)
    setting.case.refresh_from_db()
    goal.case.refresh_from_db()
    assert plan_abilities(setting.actor(), setting.case) == NOTHING | {"view": True}
    assert abilities(setting.world.cm, goal) == {"view": True, "change": False, "evaluate": False}


def test_services_refuse_a_closed_case_even_when_called_directly(records):
    setting, assessment, goal, action, barrier = records
    from kim.core.errors import NotAllowed

    Case.objects.filter(pk=setting.case.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(NotAllowed):
        goal_create(
            actor=setting.actor(),
            case=setting.case,  # the caller's copy still says "open"
            field=setting.world.fields[0],
            wording="x",
            target_date=date(2026, 5, 1),
        )


@pytest.mark.parametrize("username", ALL_USERS)
def test_the_case_page_shows_planning_actions_only_to_writers(client, records, username):
    setting = records[0]
    client.force_login(getattr(setting.world, username))
    response = client.get(reverse("cases:plan", args=[setting.case.pk]))
    if username not in CAN_WRITE:
        assert response.status_code == 404
        return
    html = response.content.decode()
    for name in ("assessment_new", "goal_new", "action_new", "barrier_new", "goal_evaluation"):
        assert reverse(f"planning:{name}", args=[setting.case.pk]) in html


def test_a_closed_case_page_shows_the_plan_without_any_planning_button(client, records):
    setting = records[0]
    Case.objects.filter(pk=setting.case.pk).update(status=Case.Status.CLOSED)
    client.force_login(setting.world.lead)
    html = client.get(reverse("cases:plan", args=[setting.case.pk])).content.decode()
    assert "B1-Prüfung bestehen" in html and "Kurs suchen" in html and "Wartezeit" in html
    assert "/planung/" in html  # the comparison stays reachable
    for name in ("assessment_new", "goal_new", "action_new", "barrier_new", "goal_evaluation"):
        assert reverse(f"planning:{name}", args=[setting.case.pk]) not in html


@pytest.mark.parametrize(
    "tampered",
    [{"based_on": "abc"}, {"based_on": "-1"}],
)
def test_a_tampered_hidden_field_gives_a_message_not_an_error_page(client, records, tampered):
    setting = records[0]
    client.force_login(setting.world.cm)
    field = setting.world.fields[0]
    response = client.post(
        reverse("planning:assessment_new", args=[setting.case.pk]),
        {
            "assessed_on": "2026-03-01",
            f"feld-{field.pk}-needs": "x",
            f"feld-{field.pk}-urgency": "low",
        }
        | tampered,
    )
    assert response.status_code == 200
    assert "Grundlage (Fassung)" in response.content.decode()
