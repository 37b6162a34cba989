"""The API of the case process: phase, intake, members, closure and reopening
(/api/v1/cases/{id}/phase/, …/intake/, …/members/, …/closure/, …/reopen/).

The case belongs to unit A; `cm` is responsible, `lead` leads unit A, the
`colleague` works in unit A without being responsible. Everybody else sees
nothing of it: `cm_b` (unit B), `outsider` (other tenant) and the roles
without case access.
"""

import pytest
from rest_framework.test import APIClient

from kim.cases.models import Case, CaseMember, CasePhaseChange, TargetGroup
from kim.cases.services import case_member_add, handover_request
from kim.cases.tests.conftest import close, move, record_intake
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.testing.factories import open_case, register_person

USERS = ["cm", "lead", "colleague", "cm_b", "coordination", "authority", "data_protection"]
USERS += ["admin", "outsider"]
SEES = {"cm", "lead", "colleague"}
STEERS = {"cm", "lead"}


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def as_user(process, username):
    if username == "colleague":
        return process.colleague
    return getattr(process.world, username)


def url(case, part: str) -> str:
    return f"/api/v1/cases/{case.pk}/{part}/"


def child_of(process, given_names="Omar"):
    return register_person(
        process.world.cm, process.world.unit_a, family_name="Haddad", given_names=given_names
    )


def add_member(process, person=None):
    return case_member_add(
        actor=get_actor(process.world.cm),
        case=process.case,
        person=person or child_of(process),
        role_in_case="child",
    )


# --- permission matrix --------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("part", ["phase", "intake", "closure", "members", "handovers"])
def test_process_reads_are_for_those_who_see_the_case(process, api, username, part):
    response = api(as_user(process, username)).get(url(process.case, part))

    assert response.status_code == (200 if username in SEES else 404), response.content


def write_phase(client, process):
    response = client.post(
        url(process.case, "phase"),
        {"version": process.case.version, "to_phase": "paused", "reason": "Urlaub"},
        format="json",
    )
    return response, process.fresh().phase == "paused"


def write_intake(client, process):
    response = client.patch(
        url(process.case, "intake"),
        {"version": process.case.version, "access_route": "self"},
        format="json",
    )
    return response, process.fresh().access_route == "self"


def write_member_add(client, process):
    sibling = child_of(process, "Sami")
    response = client.post(
        url(process.case, "members"),
        {"person": sibling.pk, "role_in_case": "sibling"},
        format="json",
    )
    return response, CaseMember.objects.filter(case=process.case, person=sibling).exists()


def write_member_remove(client, process):
    member = add_member(process)
    process.fresh()
    response = client.delete(f"{url(process.case, 'members')}{member.pk}/")
    return response, not CaseMember.objects.filter(pk=member.pk).exists()


def write_handover(client, process):
    response = client.post(
        url(process.case, "handovers"),
        {"to_unit": process.world.unit_b.pk, "to_user": process.world.cm_b.pk, "note": "Umzug"},
        format="json",
    )
    return response, process.case.handovers.exists()


def write_close(client, process):
    response = client.post(
        url(process.case, "closure"),
        {"version": process.case.version, "reason": "moved_away", "summary": "verzogen"},
        format="json",
    )
    return response, process.fresh().status == Case.Status.CLOSED


WRITES = {
    "phase": (write_phase, 200),
    "intake": (write_intake, 200),
    "member_add": (write_member_add, 201),
    "member_remove": (write_member_remove, 204),
    "handover": (write_handover, 201),
    "close": (write_close, 200),
}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("write", WRITES)
def test_process_writes_are_for_the_responsible_and_the_lead(process, api, username, write):
    do, success = WRITES[write]

    response, happened = do(api(as_user(process, username)), process)

    if username in STEERS:
        assert response.status_code == success, response.content
        assert happened
    else:
        assert response.status_code == (403 if username in SEES else 404), response.content
        assert not happened


@pytest.mark.parametrize("username", ["cm", "lead"])
@pytest.mark.parametrize("write", [w for w in WRITES if w != "member_remove"])
def test_a_closed_case_is_read_only(process, api, username, write):
    close(process.world.cm, process.case)
    process.fresh()

    response, happened = WRITES[write][0](api(as_user(process, username)), process)

    assert response.status_code == 403
    assert response.json() == {"detail": "Dazu fehlt Ihnen die Berechtigung."}
    if write != "close":  # "happened" there means: closed, which it already was
        assert not happened


@pytest.mark.parametrize("username", USERS)
def test_only_the_team_lead_reopens_a_closed_case(process, api, username):
    close(process.world.cm, process.case)
    version = process.fresh().version

    response = api(as_user(process, username)).post(
        url(process.case, "reopen"),
        {"version": version, "to_phase": "assessment", "reason": "Neuer Bedarf"},
        format="json",
    )

    if username == "lead":
        assert response.status_code == 200, response.content
        assert (response.json()["status"], response.json()["phase"]) == ("open", "assessment")
    else:
        assert response.status_code == (403 if username in SEES else 404)
        assert process.fresh().status == Case.Status.CLOSED


def test_the_case_shows_the_process_abilities_of_the_caller(process, api):
    def process_abilities(user):
        return api(user).get(f"/api/v1/cases/{process.case.pk}/").json()["process_abilities"]

    steer = dict.fromkeys(
        ["change_phase", "record_intake", "manage_members", "hand_over", "close"], True
    )
    assert process_abilities(process.world.cm) == steer | {"reopen": False}
    assert process_abilities(process.colleague) == dict.fromkeys([*steer, "reopen"], False)
    close(process.world.cm, process.case)
    assert process_abilities(process.world.cm) == dict.fromkeys([*steer, "reopen"], False)
    assert process_abilities(process.world.lead) == dict.fromkeys(steer, False) | {"reopen": True}


# --- behaviour ----------------------------------------------------------------------


def test_phase_shows_the_allowed_changes_and_the_history(process, api):
    move(process.world.cm, process.case, "assessment")

    body = api(process.world.cm).get(url(process.case, "phase")).json()

    assert body["phase"] == "assessment"
    assert body["allowed_transitions"] == ["planning", "paused"]
    assert [(h["from_phase"], h["to_phase"]) for h in body["history"]] == [
        ("", "intake"),
        ("intake", "assessment"),
    ]
    assert body["history"][1]["changed_by"] == process.world.cm.pk


def test_a_phase_change_is_recorded_with_its_reason(process, api):
    move(process.world.cm, process.case, "assessment", "planning")
    version = process.fresh().version

    response = api(process.world.lead).post(
        url(process.case, "phase"),
        {"version": version, "to_phase": "assessment", "reason": "Neue Lage"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "assessment"
    assert response.json()["version"] == version + 1
    change = CasePhaseChange.objects.filter(case=process.case).last()
    assert (change.to_phase, change.reason, change.changed_by) == (
        "assessment",
        "Neue Lage",
        process.world.lead,
    )


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"to_phase": "evaluation"}, "to_phase", "kann der Fall nicht in „Evaluation“ wechseln"),
        ({"to_phase": "closed"}, "to_phase", "über „Fall abschließen“ beendet"),
        ({"to_phase": "paused"}, "reason", "Bitte geben Sie einen Grund an"),
        ({"to_phase": "assessment"}, "to_phase", "noch nicht festgehalten"),
        ({"to_phase": "fertig"}, "to_phase", "keine gültige Option"),
        ({"to_phase": "paused", "reason": "x", "version": None}, "version", "null"),
    ],
)
def test_phase_changes_are_validated_in_german(process, api, payload, field, message):
    body = {"version": process.case.version, **payload}

    response = api(process.world.cm).post(url(process.case, "phase"), body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert process.fresh().phase == "intake"


def test_intake_changes_only_what_is_sent(process, api):
    groups = list(TargetGroup.objects.filter(tenant=process.world.tenant)[:2])
    client = api(process.world.cm)

    response = client.patch(
        url(process.case, "intake"),
        {"version": 1, "target_groups": [g.code for g in groups], "cm_indicated": "yes"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = client.get(url(process.case, "intake")).json()
    assert sorted(body["target_groups"]) == sorted(g.code for g in groups)
    assert (body["cm_indicated"], body["consent_status"], body["version"]) == ("yes", "pending", 2)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"cm_indicated": "no"}, "cm_indicated_reason", "Bitte begründen Sie"),
        ({"target_groups": ["gibtsnicht"]}, "target_groups", "Unbekannte Zielgruppe"),
        ({"access_route": "zufall"}, "access_route", "keine gültige Option"),
        ({"consent_status": "vielleicht"}, "consent_status", "keine gültige Option"),
        ({}, "version", "Die Version fehlt."),
    ],
)
def test_intake_is_validated_in_german(process, api, payload, field, message):
    body = ({"version": 1} if field != "version" else {}) | payload

    response = api(process.world.cm).patch(url(process.case, "intake"), body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert process.fresh().version == 1


@pytest.mark.parametrize(
    ("part", "method", "payload"),
    [
        ("phase", "post", {"to_phase": "paused", "reason": "Urlaub"}),
        ("intake", "patch", {"access_route": "self"}),
        ("closure", "post", {"reason": "moved_away", "summary": "verzogen"}),
    ],
)
def test_a_stale_version_gives_409_with_the_current_state(process, api, part, method, payload):
    record_intake(process.world.lead, process.case, access_route="school")

    response = getattr(api(process.world.cm), method)(
        url(process.case, part), {"version": 1, **payload}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["version"] == 2
    if part == "intake":
        assert response.json()["current"]["access_route"] == "school"
    case = process.fresh()
    assert (case.version, case.phase, case.access_route) == (2, "intake", "school")


def test_closing_and_reopening(process, api):
    closed = api(process.world.cm).post(
        url(process.case, "closure"),
        {"version": 1, "reason": "moved_away", "summary": "Nach Köln verzogen."},
        format="json",
    )
    state = api(process.world.cm).get(url(process.case, "closure")).json()
    reopened = api(process.world.lead).post(
        url(process.case, "reopen"),
        {"version": 2, "to_phase": "intake", "reason": "Zurückgezogen"},
        format="json",
    )

    assert closed.status_code == 200, closed.json()
    assert (closed.json()["status"], closed.json()["phase"]) == ("closed", "closed")
    assert state["closed"] is True
    assert state["closure"]["reason"] == "moved_away"
    assert state["closure"]["summary"] == "Nach Köln verzogen."
    assert reopened.status_code == 200
    assert process.fresh().status == Case.Status.OPEN


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"reason": "goals_reached"}, "reason", "setzt eine Evaluation voraus"),
        ({"reason": "weg"}, "reason", "keine gültige Option"),
        ({"summary": "  "}, "summary", "darf nicht leer sein"),
        ({"closed_on": "2999-01-01"}, "closed_on", "nicht in der Zukunft"),
        ({"closed_on": "01.01.2025"}, "closed_on", "Kein gültiges Datum"),
    ],
)
def test_closing_is_validated_in_german(process, api, payload, field, message):
    body = {"version": 1, "reason": "moved_away", "summary": "verzogen", **payload}

    response = api(process.world.cm).post(url(process.case, "closure"), body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert process.fresh().status == Case.Status.OPEN


def test_a_pending_handover_holds_the_closing_back_and_is_named(process, api):
    handover_request(
        actor=get_actor(process.world.cm),
        case=process.case,
        to_unit=process.world.unit_b,
        to_user=process.world.cm_b,
        note="Umzug",
    )
    client = api(process.world.cm)

    problems = client.get(url(process.case, "closure")).json()["problems"]
    response = client.post(
        url(process.case, "closure"),
        {"version": 1, "reason": "moved_away", "summary": "verzogen"},
        format="json",
    )

    assert problems and "Übergabe angefragt" in problems[0]
    assert response.status_code == 400
    assert "Übergabe angefragt" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"to_phase": "planning", "reason": "x"}, "to_phase", "im Intake oder im Assessment"),
        ({"to_phase": "intake", "reason": " "}, "reason", "darf nicht leer sein"),
    ],
)
def test_reopening_is_validated_in_german(process, api, payload, field, message):
    close(process.world.cm, process.case)

    response = api(process.world.lead).post(
        url(process.case, "reopen"), {"version": 2, **payload}, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_members_are_listed_added_and_removed(process, api):
    child = child_of(process)
    client = api(process.world.cm)

    added = client.post(
        url(process.case, "members"), {"person": child.pk, "role_in_case": "child"}, format="json"
    )
    listed = client.get(url(process.case, "members")).json()["results"]
    removed = client.delete(f"{url(process.case, 'members')}{added.json()['id']}/")

    assert added.status_code == 201, added.json()
    assert added.json()["person"]["given_names"] == "Omar"
    assert [(m["person"]["id"], m["role_in_case"]) for m in listed] == [(child.pk, "child")]
    assert removed.status_code == 204
    assert not CaseMember.objects.filter(case=process.case).exists()


@pytest.mark.parametrize(
    ("who", "field", "message"),
    [
        ("main", "person", "Hauptperson dieses Falls"),
        ("twice", "person", "gehört bereits zu diesem Fall"),
        ("hidden", "person", "nicht sichtbar"),
        ("role", "role_in_case", "keine gültige Option"),
    ],
)
def test_adding_a_member_is_validated_in_german(process, api, who, field, message):
    person = {
        "main": process.person,
        "twice": add_member(process).person,
        "hidden": register_person(process.world.cm_b, process.world.unit_b),
        "role": child_of(process, "Sami"),
    }[who]
    role = "Onkel" if who == "role" else "child"

    response = api(process.world.cm).post(
        url(process.case, "members"), {"person": person.pk, "role_in_case": role}, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_a_member_of_another_case_is_not_found(process, api):
    other = add_member(process)
    another_case = open_case(process.world.cm, process.person, process.world.unit_a)

    response = api(process.world.cm).delete(f"{url(another_case, 'members')}{other.pk}/")

    assert response.status_code == 404
    assert CaseMember.objects.filter(pk=other.pk).exists()


# --- audit --------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["phase", "intake", "closure"])
def test_process_reads_are_audited_as_a_view_of_the_case(process, api, part):
    api(process.world.cm).get(url(process.case, part))

    event = AuditEvent.objects.get(action="case.view")
    assert (event.actor, event.object_id, event.person_id, event.channel) == (
        process.world.cm,
        process.case.pk,
        process.person.pk,
        "api",
    )


def test_the_member_list_is_audited_with_the_members_shown(process, api):
    member = add_member(process)

    api(process.world.cm).get(url(process.case, "members"))

    event = AuditEvent.objects.get(action="case.view")
    assert event.changes == {"ids": [member.pk], "members": [member.person_id]}
    assert event.person_id == process.person.pk


def test_outsiders_leave_no_view_events(process, api):
    for part in ["phase", "intake", "closure", "members"]:
        api(process.world.outsider).get(url(process.case, part))

    assert not AuditEvent.objects.filter(actor=process.world.outsider).exists()


@pytest.mark.parametrize(
    ("write", "action"),
    [
        ("phase", "case.phase"),
        ("intake", "case.intake"),
        ("member_add", "case.member_add"),
        ("member_remove", "case.member_remove"),
        ("close", "case.close"),
    ],
)
def test_process_writes_are_audited_by_the_services(process, api, write, action):
    WRITES[write][0](api(process.world.cm), process)

    event = AuditEvent.objects.get(action=action, channel="api")
    assert event.actor == process.world.cm


# --- query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_member_list_needs_a_bounded_number_of_queries(
    process, api, django_assert_max_num_queries, rows
):
    for n in range(rows):
        add_member(process, child_of(process, f"Kind{n:02d}"))
    client = api(process.world.cm)

    with django_assert_max_num_queries(6):
        response = client.get(url(process.case, "members"))

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_phase_history_needs_a_bounded_number_of_queries(
    process, api, django_assert_max_num_queries, rows
):
    move(process.world.cm, process.case, "assessment")
    for _ in range(rows // 2):
        move(process.world.cm, process.case, "planning", "assessment", reason="zurück")
    client = api(process.world.cm)

    with django_assert_max_num_queries(5):
        response = client.get(url(process.case, "phase"))

    assert len(response.json()["history"]) == 2 + 2 * (rows // 2)
