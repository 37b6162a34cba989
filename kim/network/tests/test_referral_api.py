"""Referrals in the API: /api/v1/cases/{id}/referrals/ for the case's unit; the
consent gate, the status changes and the partner links as on the pages."""

import hashlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.core.models import AuditEvent
from kim.network.models import Referral, ReferralLink
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import BASE, HEALTH, build_setting
from kim.people.models import Disclosure


@pytest.fixture
def s(world):
    return build_setting(world)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(s) -> str:
    return f"/api/v1/cases/{s.case.pk}/referrals/"


def body(s, **overrides):
    data = {
        "service": s.service.pk,
        "action": s.action.pk,
        "purpose": "Deutschkurs B1",
        "data_categories": [BASE],
        "message": "vormittags",
    }
    data.update(overrides)
    return data


def test_create_send_and_read_a_referral(s):
    consent = s.consent()
    client = api(s.world.cm)
    created = client.post(base(s), body(s, consent=consent.pk), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and data["reference"] == f"V-{data['id']}"
    assert data["abilities"]["send"] is True
    sent = client.post(f"{base(s)}{data['id']}/send/", {"version": data["version"]}, format="json")
    assert sent.status_code == 200
    assert sent.json()["status"] == "sent"
    assert [row["status"] for row in sent.json()["status_history"]] == ["draft", "sent"]
    assert Disclosure.objects.filter(source_id=data["id"]).count() == 1
    listed = client.get(base(s))
    assert [row["id"] for row in listed.json()["results"]] == [data["id"]]
    assert AuditEvent.objects.filter(action="referral.list", person_id=s.person.pk).exists()


def test_sending_without_consent_is_a_400_with_the_reason(s):
    client = api(s.world.cm)
    data = client.post(base(s), body(s), format="json").json()
    response = client.post(f"{base(s)}{data['id']}/send/", {"version": 1}, format="json")
    assert response.status_code == 400
    assert "Ohne passende Einwilligung" in response.json()["consent"][0]
    assert Referral.objects.get().status == Status.DRAFT


def test_a_consent_missing_a_category_is_named_in_the_error(s):
    consent = s.consent(categories=[BASE])
    client = api(s.world.cm)
    data = client.post(
        base(s), body(s, consent=consent.pk, data_categories=[BASE, HEALTH]), format="json"
    ).json()
    response = client.post(f"{base(s)}{data['id']}/send/", {"version": 1}, format="json")
    assert "Gesundheit" in response.json()["consent"][0]


def test_bad_input_gets_german_field_errors(s):
    client = api(s.world.cm)
    response = client.post(
        base(s), body(s, purpose="", data_categories=["documents"], service=999999), format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"purpose", "data_categories", "service"}
    assert errors["service"] == ["Dieses Angebot gibt es nicht."]


def test_a_stale_draft_edit_is_a_409_with_the_current_state(s):
    client = api(s.world.cm)
    data = client.post(base(s), body(s), format="json").json()
    client.patch(f"{base(s)}{data['id']}/", body(s, version=1, purpose="neu"), format="json")
    response = client.patch(
        f"{base(s)}{data['id']}/", body(s, version=1, purpose="alt"), format="json"
    )
    assert response.status_code == 409
    assert response.json()["current"]["purpose"] == "neu"


def test_status_changes_follow_the_machine(s):
    referral = s.sent()
    client = api(s.world.cm)
    url = f"{base(s)}{referral.pk}/status/"
    wrong = client.post(
        url, {"version": 2, "status": "completed", "outcome": "received"}, format="json"
    )
    assert wrong.status_code == 400 and "status" in wrong.json()
    no_reason = client.post(url, {"version": 2, "status": "declined"}, format="json")
    assert no_reason.json() == {"reason": ["Bitte den Grund der Ablehnung angeben."]}
    accepted = client.post(
        url,
        {"version": 2, "status": "accepted", "first_appointment_on": timezone.localdate()},
        format="json",
    )
    assert accepted.json()["status"] == "accepted" and accepted.json()["waiting_days"] == 0
    done = client.post(
        url, {"version": 3, "status": "completed", "outcome": "received"}, format="json"
    )
    assert done.json()["status"] == "completed" and done.json()["outcome"] == "received"


def test_links_are_made_once_with_their_token_and_revoked(s):
    referral = s.sent()
    client = api(s.world.cm)
    response = client.post(f"{base(s)}{referral.pk}/links/", {"days": 5}, format="json")
    assert response.status_code == 201
    token = response.json()["token"]
    assert response.json()["url"].endswith(f"/partner/{token}/")
    assert response["Cache-Control"] == "no-store, private"
    link = ReferralLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    shown = client.get(f"{base(s)}{referral.pk}/").json()
    assert shown["links"][0]["state"] == "active" and "token" not in shown["links"][0]
    revoked = client.post(f"{base(s)}{referral.pk}/links/{link.pk}/revoke/", {}, format="json")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    again = client.post(f"{base(s)}{referral.pk}/links/{link.pk}/revoke/", {}, format="json")
    assert again.status_code == 400


def test_a_draft_gets_no_link_403(s):
    referral = s.draft()
    response = api(s.world.cm).post(f"{base(s)}{referral.pk}/links/", {}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("cm", 200, 201),
        ("lead", 200, 201),
        ("cm_b", 404, 404),
        ("coordination", 404, 404),
        ("outsider", 404, 404),
        ("partner", 404, 404),
    ],
)
def test_the_api_permission_matrix(s, who, read, write):
    referral = s.sent()
    user = getattr(s.world, who, None) or getattr(s, who)
    client = api(user)
    assert client.get(f"{base(s)}{referral.pk}/").status_code == read
    assert client.get(base(s)).status_code == read
    assert client.post(base(s), body(s), format="json").status_code == write


def test_a_closed_case_is_read_only_403(s):
    from kim.cases.models import Case

    referral = s.sent()
    Case.objects.filter(pk=s.case.pk).update(status=Case.Status.CLOSED, phase="closed")
    client = api(s.world.cm)
    assert client.get(f"{base(s)}{referral.pk}/").status_code == 200
    assert client.post(base(s), body(s), format="json").status_code == 403
    response = client.post(
        f"{base(s)}{referral.pk}/status/",
        {"version": referral.version, "status": "cancelled", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_a_draft_patch_changes_only_what_is_sent_and_needs_the_version(s):
    client = api(s.world.cm)
    data = client.post(base(s), body(s), format="json").json()
    missing = client.patch(f"{base(s)}{data['id']}/", {"purpose": "neu"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    changed = client.patch(
        f"{base(s)}{data['id']}/", {"purpose": "neu", "version": 1}, format="json"
    ).json()
    assert changed["purpose"] == "neu" and changed["message"] == "vormittags"
    assert changed["data_categories"] == [BASE] and changed["version"] == 2
