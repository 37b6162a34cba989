"""Shares, emergency access and the disclosure log in the API, with the pages' rules:
role × action × own unit / receiving unit / other unit / other tenant."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.cases.models import CaseShare, EmergencyAccess
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record
from kim.testing.factories import UserFactory, member, open_case, register_person

USERS = ["cm", "lead", "cm_b", "authority", "coordination", "data_protection", "admin"]
USERS += ["outsider"]
UNTIL = (timezone.localdate() + timedelta(days=30)).isoformat()


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def case(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    return open_case(world.cm, person, world.unit_a, case_manager=world.cm)


def share_body(world, **extra):
    return {
        "to_unit": world.unit_authority.pk,
        "parts": ["base", "residence"],
        "purpose_category": "residence",
        "purpose": "Prüfung § 25b AufenthG",
        "valid_until": UNTIL,
        "legal_mandate": "§ 87 AufenthG",
    } | extra


@pytest.mark.parametrize("username", USERS)
def test_who_lists_and_creates_shares_of_a_case(world, case, api, username):
    client = api(getattr(world, username))
    listed = client.get(f"/api/v1/cases/{case.pk}/shares/")
    created = client.post(f"/api/v1/cases/{case.pk}/shares/", share_body(world), format="json")
    if username in ("cm", "lead"):
        assert (listed.status_code, created.status_code) == (200, 201), created.content
        answer = created.json()
        assert answer["parts"] == ["base", "residence"]
        assert answer["state"] == "active"
        assert answer["legal_mandate"] == "§ 87 AufenthG"
        assert answer["to_unit_name"] == world.unit_authority.name
    else:
        assert (listed.status_code, created.status_code) == (404, 404)
        assert not CaseShare.objects.exists()


def test_a_share_without_consent_or_mandate_is_refused_with_the_reason(world, case, api):
    client = api(world.cm)
    response = client.post(
        f"/api/v1/cases/{case.pk}/shares/", share_body(world, legal_mandate=""), format="json"
    )
    assert response.status_code == 400
    assert "keine gültige Einwilligung" in response.json()["legal_mandate"][0]
    response = client.post(
        f"/api/v1/cases/{case.pk}/shares/",
        share_body(world, to_unit=world.unit_other.pk, parts=["internal"]),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"to_unit", "parts"}


def test_a_share_within_a_consent_names_it(world, case, api):
    consent = consent_record(
        actor=get_actor(world.cm),
        person=case.person,
        data_categories=["base", "residence", "benefits"],
        purpose="Aufenthalt",
        purpose_category="residence",
        given_on=timezone.localdate(),
        form="written",
        recipient_organisations=[world.unit_authority.organisation],
    )
    response = api(world.cm).post(
        f"/api/v1/cases/{case.pk}/shares/", share_body(world, legal_mandate=""), format="json"
    )
    assert response.status_code == 201
    assert response.json()["consent"] == consent.pk


def test_ending_a_share_through_the_api(world, case, api):
    share_id = (
        api(world.cm)
        .post(f"/api/v1/cases/{case.pk}/shares/", share_body(world), format="json")
        .json()["id"]
    )
    url = f"/api/v1/cases/{case.pk}/shares/{share_id}/end/"
    assert api(world.authority).post(url, {"reason": "x"}, format="json").status_code == 404
    response = api(world.cm).post(url, {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["reason"] == ["Bitte angeben, warum die Freigabe endet."]
    response = api(world.lead).post(url, {"reason": "Antrag gestellt"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "ended"
    assert response.json()["end_reason"] == "Antrag gestellt"
    assert api(world.cm).post(url, {"reason": "nochmal"}, format="json").status_code == 400


@pytest.mark.parametrize("username", USERS)
def test_the_receivers_list(world, case, api, username):
    api(world.cm).post(f"/api/v1/cases/{case.pk}/shares/", share_body(world), format="json")
    response = api(getattr(world, username)).get("/api/v1/shares/received/")
    if username == "authority":
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["case_number"] == case.number
        assert AuditEvent.objects.filter(action="case.list", actor=world.authority).exists()
    elif username in ("cm", "lead", "cm_b", "outsider"):
        assert response.status_code == 200
        assert response.json()["results"] == []
    else:
        assert response.status_code == 404


def test_the_receiver_gets_no_case_content_through_the_api(world, case, api):
    api(world.cm).post(f"/api/v1/cases/{case.pk}/shares/", share_body(world), format="json")
    client = api(world.authority)
    for url in (
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/{case.pk}/contacts/",
        f"/api/v1/cases/{case.pk}/goals/",
        f"/api/v1/cases/{case.pk}/documents/",
        f"/api/v1/cases/{case.pk}/conferences/",
        f"/api/v1/cases/{case.pk}/summary/",
    ):
        assert client.get(url).status_code == 404, url


# --- emergency access -----------------------------------------------------------------


@pytest.fixture
def lead_b(world):
    user = UserFactory(username="lead_b", tenant=world.tenant)
    member(user, world.unit_b, "team_lead")
    return user


@pytest.mark.parametrize("username", USERS)
def test_only_team_leads_break_the_glass_through_the_api(world, case, api, username):
    response = api(getattr(world, username)).post(
        "/api/v1/emergency-accesses/",
        {"number": case.number, "reason": "Akute Krise am Empfang"},
        format="json",
    )
    if username == "lead":  # the case is in the lead's own unit
        assert response.status_code == 400
        assert "ohne Notfallzugriff" in response.json()["number"][0]
    else:
        assert response.status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_emergency_access_through_the_api_and_its_list(world, case, api, lead_b):
    response = api(lead_b).post(
        "/api/v1/emergency-accesses/", {"number": case.number, "reason": "kurz"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    response = api(lead_b).post(
        "/api/v1/emergency-accesses/",
        {"number": case.number, "reason": "Akute Krise am Empfang"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["running"] is True
    assert response.json()["case_number"] == case.number
    assert api(lead_b).get("/api/v1/emergency-accesses/").status_code == 404
    listed = api(world.data_protection).get("/api/v1/emergency-accesses/", {"number": case.number})
    assert listed.status_code == 200
    assert [a["reason"] for a in listed.json()["results"]] == ["Akute Krise am Empfang"]
    assert (
        api(world.data_protection)
        .get("/api/v1/emergency-accesses/", {"since": "gestern"})
        .status_code
        == 400
    )


# --- disclosure log -------------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_the_disclosure_log_follows_the_person(world, case, api, username):
    api(world.cm).post(f"/api/v1/cases/{case.pk}/shares/", share_body(world), format="json")
    response = api(getattr(world, username)).get(f"/api/v1/persons/{case.person_id}/disclosures/")
    if username in ("cm", "lead"):
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["kind"] == "case_share"
        assert row["data_categories"] == ["base", "residence", "benefits"]
        assert row["recipient"].startswith(world.unit_authority.name)
        assert row["legal_mandate"] == "§ 87 AufenthG"
        assert row["effective_end"] == UNTIL
        event = AuditEvent.objects.get(action="disclosure.view")
        assert event.changes["ids"] == [row["id"]]
    else:
        assert response.status_code == 404
    assert Disclosure.objects.count() == 1


def test_consent_data_in_the_log(world, case, api):
    consent_record(
        actor=get_actor(world.cm),
        person=case.person,
        data_categories=["base", "residence", "benefits"],
        purpose="Aufenthalt",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=timezone.localdate(),
        form="written",
        recipient_organisations=[world.unit_authority.organisation],
    )
    api(world.cm).post(
        f"/api/v1/cases/{case.pk}/shares/", share_body(world, legal_mandate=""), format="json"
    )
    [row] = api(world.cm).get(f"/api/v1/persons/{case.person_id}/disclosures/").json()["results"]
    assert row["consent"] is not None
    assert row["purpose_category"] == "residence"
