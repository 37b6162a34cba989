"""Who may steer the process of a case of unit A (user × page/action).

`cm` is responsible for the case, `lead` leads unit A; `cm_b` works in unit B
and receives the handover in these tests; `outsider` works in another tenant.
Everybody else has no access to case content. Outsiders get 404, never 403.
"""

import pytest
from django.urls import reverse

from kim.cases.abilities import case_process_abilities
from kim.cases.models import Case, CaseHandover, CaseMember
from kim.cases.services import case_member_add, handover_request
from kim.cases.tests.conftest import close
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.testing.factories import register_person

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
STEER = {"cm", "lead"}
STEER_PAGES = ["phase", "intake", "close", "member_add", "handover_new"]


def user(process, username):
    return getattr(process.world, username)


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("page", STEER_PAGES)
def test_steering_pages_of_an_open_case(client, process, username, page):
    client.force_login(user(process, username))
    response = client.get(reverse(f"cases:{page}", args=[process.case.pk]))
    assert response.status_code == (200 if username in STEER else 404), f"{username} {page}"


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("page", [*STEER_PAGES, "reopen"])
def test_a_closed_case_is_only_reopened_by_the_team_lead(client, process, username, page):
    close(process.world.cm, process.case)
    client.force_login(user(process, username))
    response = client.get(reverse(f"cases:{page}", args=[process.case.pk]))
    expected = 200 if (page, username) == ("reopen", "lead") else 404
    assert response.status_code == expected, f"{username} {page}"


def test_a_colleague_in_the_unit_sees_the_case_but_does_not_steer_it(client, process):
    client.force_login(process.colleague)
    assert client.get(reverse("cases:detail", args=[process.case.pk])).status_code == 200
    for page in STEER_PAGES:
        assert client.get(reverse(f"cases:{page}", args=[process.case.pk])).status_code == 404


# --- writes by POST ----------------------------------------------------------------------


def _pending_handover(process) -> CaseHandover:
    return handover_request(
        actor=get_actor(process.world.cm),
        case=process.case,
        to_unit=process.world.unit_b,
        to_user=process.world.cm_b,
        note="Umzug in den Süden",
    )


def _member(process) -> CaseMember:
    child = register_person(
        process.world.cm, process.world.unit_a, family_name="Haddad", given_names="Omar"
    )
    return case_member_add(
        actor=get_actor(process.world.cm), case=process.case, person=child, role_in_case="child"
    )


def post_phase(client, process):
    response = client.post(
        reverse("cases:phase", args=[process.case.pk]),
        {"version": process.case.version, "to_phase": "paused", "reason": "Urlaub"},
    )
    return response, process.fresh().phase == "paused"


def post_intake(client, process):
    response = client.post(
        reverse("cases:intake", args=[process.case.pk]),
        {
            "version": process.case.version,
            "access_route": "self",
            "cm_indicated": "yes",
            "consent_status": "given",
        },
    )
    return response, process.fresh().access_route == "self"


def post_member_add(client, process):
    sibling = register_person(
        process.world.lead, process.world.unit_a, family_name="Haddad", given_names="Sami"
    )
    response = client.post(
        reverse("cases:member_add", args=[process.case.pk]),
        {"person": sibling.pk, "role_in_case": "sibling"},
    )
    return response, CaseMember.objects.filter(case=process.case, person=sibling).exists()


def post_member_remove(client, process):
    member = _member(process)
    response = client.post(reverse("cases:member_remove", args=[process.case.pk, member.pk]))
    return response, not CaseMember.objects.filter(pk=member.pk).exists()


def post_handover_request(client, process):
    response = client.post(
        reverse("cases:handover_new", args=[process.case.pk]),
        {"to_unit": process.world.unit_b.pk, "to_user": process.world.cm_b.pk, "note": "Umzug"},
    )
    return response, CaseHandover.objects.filter(case=process.case).exists()


def post_close(client, process):
    response = client.post(
        reverse("cases:close", args=[process.case.pk]),
        {
            "version": process.case.version,
            "reason": "moved_away",
            "closed_on": process.case.opened_on.isoformat(),
            "summary": "verzogen",
        },
    )
    return response, process.fresh().status == Case.Status.CLOSED


ACTIONS = {
    "phase": post_phase,
    "intake": post_intake,
    "member_add": post_member_add,
    "member_remove": post_member_remove,
    "handover_request": post_handover_request,
    "close": post_close,
}


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_steering_writes_by_post(client, process, username, action):
    client.force_login(user(process, username))
    response, happened = ACTIONS[action](client, process)
    if username in STEER:
        assert response.status_code == 302, f"{username} {action}"
        assert happened
    else:
        assert response.status_code == 404, f"{username} {action}"
        assert not happened


@pytest.mark.parametrize("username", ALL_USERS)
def test_reopening_by_post(client, process, username):
    close(process.world.cm, process.case)
    client.force_login(user(process, username))
    response = client.post(
        reverse("cases:reopen", args=[process.case.pk]),
        {"version": process.fresh().version, "to_phase": "intake", "reason": "Neuer Bedarf"},
    )
    assert response.status_code == (302 if username == "lead" else 404)
    assert (process.fresh().status == Case.Status.OPEN) == (username == "lead")


HANDOVER_PAGE = {"cm", "lead", "cm_b"}  # the sending unit, and the addressed case manager
RECEIVER = {"cm_b"}


@pytest.mark.parametrize("username", ALL_USERS)
def test_the_handover_page(client, process, username):
    handover = _pending_handover(process)
    client.force_login(user(process, username))
    response = client.get(reverse("cases:handover", args=[handover.pk]))
    assert response.status_code == (200 if username in HANDOVER_PAGE else 404)


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize(
    ("action", "data", "allowed", "state"),
    [
        ("handover_accept", {}, RECEIVER, "accepted"),
        ("handover_decline", {"reason": "Keine Kapazität"}, RECEIVER, "declined"),
        ("handover_withdraw", {}, STEER, "withdrawn"),
    ],
)
def test_answering_a_handover_by_post(client, process, username, action, data, allowed, state):
    handover = _pending_handover(process)
    client.force_login(user(process, username))
    response = client.post(reverse(f"cases:{action}", args=[handover.pk]), data)
    handover.refresh_from_db()
    if username in allowed:
        assert response.status_code == 302
        assert handover.state == state
    else:
        assert response.status_code == 404
        assert handover.state == "pending"


@pytest.mark.parametrize(
    "action", ["handover_accept", "handover_decline", "handover_withdraw", "member_remove"]
)
def test_post_only_actions_refuse_get(client, process, action):
    handover = _pending_handover(process)
    member = _member(process)
    args = [process.case.pk, member.pk] if action == "member_remove" else [handover.pk]
    client.force_login(process.world.cm)
    assert client.get(reverse(f"cases:{action}", args=args)).status_code == 405


# --- abilities, whole ------------------------------------------------------------------

NOTHING = dict.fromkeys(
    ["change_phase", "record_intake", "manage_members", "hand_over", "close", "reopen"], False
)
STEERING = NOTHING | dict.fromkeys(
    ["change_phase", "record_intake", "manage_members", "hand_over", "close"], True
)


@pytest.mark.parametrize("username", ALL_USERS)
def test_process_abilities_whole(process, username):
    actor = get_actor(user(process, username))
    assert case_process_abilities(actor, process.case) == (
        STEERING if username in STEER else NOTHING
    )
    close(process.world.cm, process.case)
    expected_closed = NOTHING | {"reopen": True} if username == "lead" else NOTHING
    assert case_process_abilities(actor, process.fresh()) == expected_closed


def test_process_abilities_of_a_colleague_are_nothing(process):
    assert case_process_abilities(get_actor(process.colleague), process.case) == NOTHING


EXPECTED_HANDOVER = {
    "cm": {"view": True, "accept": False, "decline": False, "withdraw": True},
    "lead": {"view": True, "accept": False, "decline": False, "withdraw": True},
    "cm_b": {"view": True, "accept": True, "decline": True, "withdraw": False},
}


@pytest.mark.parametrize("username", ALL_USERS)
def test_handover_abilities_whole(process, username):
    handover = _pending_handover(process)
    nothing = dict.fromkeys(["view", "accept", "decline", "withdraw"], False)
    assert abilities(user(process, username), handover) == EXPECTED_HANDOVER.get(username, nothing)


def test_the_lead_of_the_receiving_unit_may_answer_a_handover_addressed_to_a_colleague(process):
    handover = _pending_handover(process)
    assert abilities(process.lead_b, handover) == {
        "view": True,
        "accept": True,
        "decline": True,
        "withdraw": False,
    }
