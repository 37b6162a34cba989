"""Writing structural issues through the API: only the coordination, through the
services the pages use – same checks, German messages, versions (409) and audit."""

import pytest
from rest_framework.test import APIClient

from kim.core.models import AuditEvent
from kim.steering.models import StructuralIssue
from kim.steering.tests.test_api import Steering

URL = "/api/v1/steering/issues/"


@pytest.fixture
def steering(counted):
    return Steering(counted)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail(issue, part: str = "") -> str:
    return f"{URL}{issue.pk}/{part}"


def test_the_coordination_creates_an_issue_with_the_years_counts_as_evidence(steering):
    response = api(steering.world.coordination).post(
        URL,
        {
            "title": "Wartezeiten bei der Ausländerbehörde",
            "description": "Termine erst nach Monaten.",
            "categories": ["wartezeit"],
            "fields": ["arbeit"],
            "legal_domains": ["aufenthg"],
            "offices": [steering.world.unit_authority.organisation_id],
            "evidence_year": 2026,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["version"]) == ("reported", 1)
    assert body["owner_name"] == str(steering.world.coordination)
    assert body["categories"] == [{"code": "wartezeit", "name": "Wartezeit"}]
    assert body["offices"][0]["id"] == steering.world.unit_authority.organisation_id
    assert "< 3" in body["evidence"]["rows"][0]["quarters"]  # suppressed as on the page
    event = AuditEvent.objects.get(action="structural_issue.create", object_id=body["id"])
    assert event.channel == "api"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "darf nicht leer sein"),
        ({"categories": ["gibtsnicht"]}, "categories", "Unbekannte Art der Hürde"),
        ({"fields": ["kochen"]}, "fields", "Unbekanntes Handlungsfeld"),
        ({"legal_domains": ["sgb99"]}, "legal_domains", "keine gültige Option"),
        ({"offices": [999999]}, "offices", "Unbekannte Organisation"),
        ({"evidence_year": 1999}, "evidence_year", "Für 1999 gibt es keine Auswertung"),
    ],
)
def test_issue_input_is_checked_in_german(steering, change, field, message):
    data = {"title": "Thema", "description": "Beschreibung."} | change

    response = api(steering.world.coordination).post(URL, data, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_the_owner_must_be_someone_of_the_coordination(steering):
    response = api(steering.world.coordination).post(
        URL,
        {"title": "Thema", "description": "Beschreibung.", "owner": steering.world.lead.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "Koordination" in str(response.json()["owner"])


def test_another_tenants_codes_are_unknown(steering):
    response = api(steering.other_coordination).post(
        URL,
        {
            "title": "Thema",
            "description": "Beschreibung.",
            "fields": ["sprache"],
            "offices": [steering.world.unit_a.organisation_id],
        },
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"fields", "offices"}


@pytest.mark.parametrize(
    ("username", "status"),
    [("lead", 403), ("cm", 403), ("partner", 403), ("other_coordination", 404)],
)
def test_only_the_coordination_of_the_tenant_writes(steering, username, status):
    client = api(steering.user(username))
    issue = steering.waiting

    answers = [
        client.patch(detail(issue), {"version": 1, "title": "Neu"}, format="json").status_code,
        client.post(
            detail(issue, "move/"), {"version": 1, "to": "reviewed"}, format="json"
        ).status_code,
        client.post(detail(issue, "notes/"), {"text": "Notiz"}, format="json").status_code,
    ]

    assert answers == [status] * 3
    if username != "other_coordination":
        created = client.post(URL, {"title": "T", "description": "B."}, format="json")
        assert created.status_code == 403
    issue.refresh_from_db()
    assert (issue.version, issue.title, issue.status) == (1, "Lange Wartezeiten", "reported")


def test_a_change_keeps_what_was_not_sent_and_a_stale_one_is_409(steering):
    client = api(steering.world.coordination)
    issue = steering.waiting

    changed = client.patch(
        detail(issue), {"version": 1, "title": "Wartezeiten im Jobcenter"}, format="json"
    )
    stale = client.patch(detail(issue), {"version": 1, "title": "Alt"}, format="json")
    missing = client.patch(detail(issue), {"title": "Ohne Version"}, format="json")

    assert changed.status_code == 200
    body = changed.json()
    assert (body["title"], body["version"]) == ("Wartezeiten im Jobcenter", 2)
    assert body["categories"] == [{"code": "wartezeit", "name": "Wartezeit"}]
    assert body["legal_domains"][0]["code"] == "sgb2"
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Wartezeiten im Jobcenter"
    assert "Version 2" in stale.json()["detail"]
    assert missing.status_code == 400 and "Version fehlt" in str(missing.json()["version"])
    assert AuditEvent.objects.filter(action="structural_issue.update", channel="api").count() == 1


def test_an_issue_moves_one_step_at_a_time_with_german_reasons(steering):
    client = api(steering.world.coordination)
    issue = steering.waiting

    skipped = client.post(
        detail(issue, "move/"), {"version": 1, "to": "decided", "note": "x"}, format="json"
    )
    reviewed = client.post(detail(issue, "move/"), {"version": 1, "to": "reviewed"}, format="json")
    stale = client.post(detail(issue, "move/"), {"version": 1, "to": "prioritised"}, format="json")
    client.post(detail(issue, "move/"), {"version": 2, "to": "prioritised"}, format="json")
    no_work = client.post(detail(issue, "move/"), {"version": 3, "to": "in_work"}, format="json")
    in_work = client.post(
        detail(issue, "move/"),
        {"version": 3, "to": "in_work", "work": "AG Existenzsicherung", "on": "2026-11-02"},
        format="json",
    )

    assert skipped.status_code == 400 and "nicht möglich" in str(skipped.json()["to"])
    assert reviewed.status_code == 200
    assert reviewed.json()["allowed_transitions"] == ["prioritised", "rejected"]
    assert stale.status_code == 409 and stale.json()["current"]["status"] == "reviewed"
    assert no_work.status_code == 400 and "Arbeitsgruppe" in str(no_work.json()["work"])
    assert in_work.status_code == 200
    body = in_work.json()
    assert (body["status"], body["work"]) == ("in_work", "AG Existenzsicherung")
    assert [s["status"] for s in body["steps"]][-1] == "in_work"
    assert body["steps"][-1]["on"] == "2026-11-02"
    assert AuditEvent.objects.filter(action="structural_issue.move", channel="api").count() == 3


def test_a_note_is_added_and_an_empty_one_refused(steering):
    client = api(steering.world.coordination)

    added = client.post(
        detail(steering.waiting, "notes/"), {"text": "Quelle: Jobcenter-Statistik"}, format="json"
    )
    empty = client.post(detail(steering.waiting, "notes/"), {"text": ""}, format="json")

    assert added.status_code == 201
    assert added.json()["text"] == "Quelle: Jobcenter-Statistik"
    assert added.json()["by"] == str(steering.world.coordination)
    assert empty.status_code == 400 and "text" in empty.json()
    issue = client.get(detail(steering.waiting)).json()
    assert [n["text"] for n in issue["notes"]] == ["Quelle: Jobcenter-Statistik"]
    assert StructuralIssue.objects.get(pk=steering.waiting.pk).notes.count() == 1
