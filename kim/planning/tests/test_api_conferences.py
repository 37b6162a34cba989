"""Case conferences in the API: the pages' rules (own unit writes, others 404), the
consent gate with German messages, versioned changes and agreed actions."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.people.models import Disclosure
from kim.planning.models import Action

USERS = ["cm", "lead", "cm_b", "authority", "data_protection", "outsider"]


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def body(setting, **extra):
    return {
        "held_on": timezone.localdate().isoformat(),
        "agenda": "Wohnsituation",
        "data_categories": ["base", "family"],
        "participants": [
            {"kind": "unit", "unit": setting.world.unit_a.pk},
            {"kind": "unit", "unit": setting.world.unit_b.pk},
            {"kind": "person", "name": "Lina Haddad", "role": "Klientin"},
        ],
        "legal_mandate": "§ 4 TIntG",
    } | extra


@pytest.mark.parametrize("username", USERS)
def test_who_documents_and_reads_conferences(setting, api, username):
    client = api(getattr(setting.world, username))
    url = f"/api/v1/cases/{setting.case.pk}/conferences/"
    created = client.post(url, body(setting), format="json")
    listed = client.get(url)
    if username in ("cm", "lead"):
        assert (created.status_code, listed.status_code) == (201, 200), created.content
        answer = created.json()
        assert [p["label"] for p in answer["participants"]] == [
            setting.world.unit_a.name,
            setting.world.unit_b.name,
            "Lina Haddad, Klientin",
        ]
        [row] = Disclosure.objects.all()
        assert row.recipient_unit == setting.world.unit_b
        assert row.legal_mandate == "§ 4 TIntG"
    else:
        assert (created.status_code, listed.status_code) == (404, 404)


def test_the_consent_gate_answers_in_german(setting, api):
    response = api(setting.world.cm).post(
        f"/api/v1/cases/{setting.case.pk}/conferences/",
        body(setting, legal_mandate=""),
        format="json",
    )
    assert response.status_code == 400
    messages = response.json()["legal_mandate"]
    assert any(setting.world.unit_b.name in m for m in messages)
    response = api(setting.world.cm).post(
        f"/api/v1/cases/{setting.case.pk}/conferences/",
        body(setting, participants=[{"kind": "unit"}], agenda=""),
        format="json",
    )
    assert response.status_code == 400
    assert "agenda" in response.json()


def test_changes_need_the_version_and_agreed_actions_link_back(setting, api):
    client = api(setting.world.cm)
    conference = client.post(
        f"/api/v1/cases/{setting.case.pk}/conferences/", body(setting), format="json"
    ).json()
    url = f"/api/v1/cases/{setting.case.pk}/conferences/{conference['id']}/"
    assert client.patch(url, {"minutes": "Ergebnis"}, format="json").status_code == 400
    changed = client.patch(url, {"minutes": "Ergebnis", "version": 1}, format="json")
    assert changed.status_code == 200
    assert changed.json()["minutes"] == "Ergebnis"
    assert len(changed.json()["participants"]) == 3
    stale = client.patch(url, {"minutes": "alt", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["minutes"] == "Ergebnis"
    action = client.post(
        f"/api/v1/cases/{setting.case.pk}/actions/",
        {"what": "Kita anmelden", "who": "person", "conference": conference["id"]},
        format="json",
    )
    assert action.status_code == 201
    assert action.json()["conference"] == conference["id"]
    assert Action.objects.get().conference_id == conference["id"]
    detail = client.get(url).json()
    assert [a["what"] for a in detail["actions"]] == ["Kita anmelden"]
