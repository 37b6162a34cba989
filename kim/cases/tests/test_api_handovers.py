"""The handover API: requests on a case (/api/v1/cases/{id}/handovers/) and the
answers of the receiving side (/api/v1/handovers/).

`cm` (unit A, responsible) asks `cm_b` (unit B) to take the case; `lead_b`
leads unit B. The sending unit sees the handover through the case, the
receiving side while it is pending; everybody else gets 404.
"""

import pytest
from rest_framework.test import APIClient

from kim.cases.models import Case, CaseHandover
from kim.cases.services import handover_request
from kim.core.actor import get_actor
from kim.core.models import AuditEvent

USERS = ["cm", "lead", "colleague", "cm_b", "lead_b", "coordination", "authority"]
USERS += ["data_protection", "admin", "outsider"]
SENDERS = {"cm", "lead"}  # steer the case
CASE_VIEWERS = {"cm", "lead", "colleague"}
RECEIVERS = {"cm_b", "lead_b"}  # the addressed case manager and the lead of the unit


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def as_user(process, username):
    if username in ("colleague", "lead_b"):
        return getattr(process, username)
    return getattr(process.world, username)


def pending(process, **kwargs) -> CaseHandover:
    kwargs.setdefault("to_user", process.world.cm_b)
    return handover_request(
        actor=get_actor(process.world.cm),
        case=process.case,
        to_unit=process.world.unit_b,
        note="Umzug in den Süden",
        **kwargs,
    )


def url(handover, action="") -> str:
    return f"/api/v1/handovers/{handover.pk}/" + (f"{action}/" if action else "")


# --- permission matrix --------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_a_pending_handover_is_seen_by_the_case_and_the_receiving_side(process, api, username):
    handover = pending(process)

    response = api(as_user(process, username)).get(url(handover))

    expected = 200 if username in CASE_VIEWERS | RECEIVERS else 404
    assert response.status_code == expected


@pytest.mark.parametrize("username", USERS)
def test_incoming_lists_the_pending_handovers_addressed_to_the_actor(process, api, username):
    handover = pending(process)

    response = api(as_user(process, username)).get("/api/v1/handovers/")

    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == ([handover.pk] if username in RECEIVERS else [])


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize(
    ("action", "body", "allowed", "state"),
    [
        ("accept", {}, RECEIVERS, "accepted"),
        ("decline", {"reason": "Keine Kapazität"}, RECEIVERS, "declined"),
        ("withdraw", {}, SENDERS, "withdrawn"),
    ],
)
def test_answering_a_handover(process, api, username, action, body, allowed, state):
    handover = pending(process)

    response = api(as_user(process, username)).post(url(handover, action), body, format="json")

    handover.refresh_from_db()
    if username in allowed:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == state
        assert handover.state == state
    else:
        visible = username in CASE_VIEWERS | RECEIVERS
        assert response.status_code == (403 if visible else 404)
        assert handover.state == "pending"


# --- behaviour ----------------------------------------------------------------------


def test_a_request_through_the_api_leaves_the_case_with_the_sender(process, api):
    response = api(process.world.cm).post(
        f"/api/v1/cases/{process.case.pk}/handovers/",
        {"to_unit": process.world.unit_b.pk, "note": "Umzug"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["to_unit"], body["to_user"]) == (
        "pending",
        process.world.unit_b.pk,
        None,
    )
    assert body["abilities"] == {"view": True, "accept": False, "decline": False, "withdraw": True}
    assert process.fresh().unit == process.world.unit_a


def test_accepting_moves_the_case_and_the_lead_may_name_the_case_manager(process, api):
    handover = pending(process, to_user=None)

    response = api(process.lead_b).post(
        url(handover, "accept"), {"case_manager": process.world.cm_b.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    case = process.fresh()
    assert (case.unit, case.case_manager) == (process.world.unit_b, process.world.cm_b)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"to_unit": 999999, "note": "x"}, "to_unit", "können keine Fälle übergeben werden"),
        ({"to_unit": "B"}, "to_unit", "als Zahl (ID)"),
        ({"to_unit": "unit_b", "to_user": "outsider", "note": "x"}, "to_user", "gibt es nicht"),
        ({"to_unit": "unit_b", "to_user": "cm", "note": "x"}, "to_user", "arbeitet nicht"),
        ({"to_unit": "unit_b", "note": " "}, "note", "darf nicht leer sein"),
        ({"to_unit": "unit_a", "note": "x"}, "to_user", "an eine bestimmte Person"),
    ],
)
def test_a_request_is_validated_in_german(process, api, body, field, message):
    names = {"unit_a": process.world.unit_a.pk, "unit_b": process.world.unit_b.pk}
    users = {"outsider": process.world.outsider.pk, "cm": process.world.cm.pk}
    body = dict(body)
    if body.get("to_unit") in names:
        body["to_unit"] = names[body["to_unit"]]
    if body.get("to_user") in users:
        body["to_user"] = users[body["to_user"]]

    response = api(process.world.cm).post(
        f"/api/v1/cases/{process.case.pk}/handovers/", body, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert not CaseHandover.objects.exists()


def test_a_second_request_and_a_decline_without_reason_are_refused(process, api):
    handover = pending(process)

    second = api(process.world.lead).post(
        f"/api/v1/cases/{process.case.pk}/handovers/",
        {"to_unit": process.world.unit_b.pk, "to_user": process.world.cm_b.pk, "note": "x"},
        format="json",
    )
    decline = api(process.world.cm_b).post(url(handover, "decline"), {}, format="json")

    assert second.status_code == 400
    assert "bereits eine Übergabe angefragt" in second.json()["non_field_errors"][0]
    assert decline.status_code == 400
    assert "reason" in decline.json()


def test_a_decided_handover_cannot_be_answered_again(process, api):
    handover = pending(process)
    api(process.world.cm).post(url(handover, "withdraw"), format="json")

    response = api(process.world.cm_b).post(url(handover, "accept"), {}, format="json")

    assert response.status_code == 404  # no longer pending: the receiver does not see it
    assert Case.objects.get(pk=process.case.pk).unit == process.world.unit_a


# --- audit and queries -----------------------------------------------------------------


def test_handover_reads_are_audited(process, api):
    handover = pending(process)

    api(process.world.cm_b).get("/api/v1/handovers/")
    api(process.world.cm_b).get(url(handover))
    api(process.world.cm).get(f"/api/v1/cases/{process.case.pk}/handovers/")

    listed = AuditEvent.objects.get(action="handover.list", actor=process.world.cm_b)
    viewed = AuditEvent.objects.get(action="handover.view")
    of_case = AuditEvent.objects.get(action="handover.list", actor=process.world.cm)
    assert listed.changes == {"ids": [handover.pk], "person_ids": [process.person.pk]}
    assert (viewed.actor, viewed.object_id, viewed.person_id) == (
        process.world.cm_b,
        handover.pk,
        process.person.pk,
    )
    assert (of_case.object_id, of_case.person_id, of_case.changes) == (
        process.case.pk,
        process.person.pk,
        {"ids": [handover.pk]},
    )


@pytest.mark.parametrize(
    ("action", "user", "body"),
    [
        ("accept", "cm_b", {}),
        ("decline", "cm_b", {"reason": "Keine Kapazität"}),
        ("withdraw", "cm", {}),
    ],
)
def test_answers_are_audited_by_the_services(process, api, action, user, body):
    handover = pending(process)

    api(as_user(process, user)).post(url(handover, action), body, format="json")

    event = AuditEvent.objects.get(action=f"handover.{action}")
    assert (event.channel, event.object_id) == ("api", handover.pk)


@pytest.mark.parametrize("rows", [2, 12])
def test_the_handover_history_needs_a_bounded_number_of_queries(
    process, api, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        api(process.world.cm).post(url(pending(process), "withdraw"), format="json")
    client = api(process.world.cm)

    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/cases/{process.case.pk}/handovers/")

    assert len(response.json()["results"]) == rows
