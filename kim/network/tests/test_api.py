"""The directory API: search, services and organisations with the pages' rules, the finder."""

import pytest
from rest_framework.test import APIClient

from kim.core.models import AuditEvent
from kim.network.models import Service

READERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize("username", READERS)
def test_every_user_of_the_tenant_searches_the_directory(world, directory, api, username):
    client = api(getattr(world, username))
    assert names(client.get("/api/v1/services/")) == [
        "Aufenthaltsberatung",
        "Jobcoaching",
        "Sprachcafé",
        "Wohnraumberatung",
    ]
    assert names(
        client.get("/api/v1/services/", {"language": "ar", "town": directory.town.pk})
    ) == ["Aufenthaltsberatung"]
    row = client.get(f"/api/v1/services/{directory.language_cafe.pk}/").json()
    assert row["languages"] == ["ar", "uk", "de"]
    assert row["fields"] == ["sprache"]
    assert row["target_groups"] == ["neuzugewanderte"]
    assert row["organisation_name"] == "AWO Testland"
    assert row["abilities"]["change"] is (username == "coordination")


def test_each_filter_of_the_api(world, directory, api):
    client = api(world.cm)
    assert names(client.get("/api/v1/services/", {"field": "arbeit"})) == ["Jobcoaching"]
    assert names(client.get("/api/v1/services/", {"legal_domain": "asylblg"})) == [
        "Aufenthaltsberatung"
    ]
    assert names(client.get("/api/v1/services/", {"accepts_referrals": "true"})) == ["Jobcoaching"]
    assert names(client.get("/api/v1/services/", {"max_waiting_weeks": 0})) == ["Sprachcafé"]
    assert names(client.get("/api/v1/services/", {"organisation_kind": "jobcenter"})) == [
        "Jobcoaching"
    ]
    assert names(client.get("/api/v1/services/", {"district": directory.district.pk})) == [
        "Aufenthaltsberatung",
        "Jobcoaching",
        "Wohnraumberatung",
    ]
    assert names(client.get("/api/v1/services/", {"target_group": "neuzugewanderte"})) == [
        "Sprachcafé"
    ]
    assert names(client.get("/api/v1/services/", {"q": "wohnung"})) == ["Wohnraumberatung"]
    assert names(client.get("/api/v1/services/", {"review_due": "true"})) == [
        "Aufenthaltsberatung",
        "Sprachcafé",
        "Wohnraumberatung",
    ]


def test_bad_filters_get_german_messages(world, directory, api):
    client = api(world.cm)
    response = client.get("/api/v1/services/", {"field": "kochen", "language": "xx", "town": 0})
    assert response.status_code == 400
    errors = response.json()
    assert errors["field"] == ["Unbekanntes Handlungsfeld „kochen“."]
    assert set(errors) == {"field", "language", "town"}
    # Archived services are for the coordination.
    assert client.get("/api/v1/services/", {"status": "archived"}).status_code == 403


def test_the_other_tenant_gets_404_and_its_own_list(world, directory, api):
    client = api(world.outsider)
    assert client.get(f"/api/v1/services/{directory.housing.pk}/").status_code == 404
    assert client.get(f"/api/v1/organisations/{directory.awo.pk}/").status_code == 404
    assert names(client.get("/api/v1/services/")) == ["Sprachcafé Anderswo"]
    response = client.patch(
        f"/api/v1/services/{directory.housing.pk}/", {"version": 1, "name": "X"}, format="json"
    )
    assert response.status_code == 404


def test_the_coordination_creates_and_changes_a_service(world, directory, api):
    client = api(world.coordination)
    response = client.post(
        "/api/v1/services/",
        {
            "organisation": directory.awo.pk,
            "name": "Nähcafé",
            "description": "Nähen lernen.",
            "fields": ["sprache"],
            "languages": ["ar", "fa"],
            "legal_domains": ["sgb12"],
            "towns": [directory.town.pk],
            "waiting_weeks": 1,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["languages"] == ["ar", "fa"]
    assert created["version"] == 1
    assert AuditEvent.objects.filter(action="service.create", object_id=created["id"]).exists()
    url = f"/api/v1/services/{created['id']}/"
    response = client.patch(url, {"version": 1, "waiting_weeks": 4}, format="json")
    assert response.status_code == 200
    assert response.json()["waiting_weeks"] == 4
    assert response.json()["fields"] == ["sprache"]  # untouched
    stale = client.patch(url, {"version": 1, "waiting_weeks": 9}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["waiting_weeks"] == 4
    missing = client.patch(url, {"waiting_weeks": 9}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()


def test_the_service_layer_errors_come_back_by_field(world, directory, api):
    client = api(world.coordination)
    response = client.post(
        "/api/v1/services/",
        {
            "organisation": directory.awo.pk,
            "name": "Sprachcafé",
            "description": "Doppelt.",
            "accepts_referrals": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "name": ["Diese Organisation hat schon ein Angebot mit diesem Namen."],
        "referral_email": ["Wer Vermittlungen annimmt, braucht eine E-Mail-Adresse dafür."],
    }


@pytest.mark.parametrize("username", ["cm", "lead", "authority", "admin"])
def test_others_may_not_write(world, directory, api, username):
    client = api(getattr(world, username))
    service = f"/api/v1/services/{directory.housing.pk}/"
    organisation = f"/api/v1/organisations/{directory.awo.pk}/"
    responses = [
        client.post("/api/v1/services/", {"organisation": directory.awo.pk}, format="json"),
        client.patch(service, {"version": 1, "name": "X"}, format="json"),
        client.post(service + "archive/", {"version": 1}, format="json"),
        client.post(service + "review/", {"version": 1}, format="json"),
        client.post("/api/v1/organisations/", {"name": "X", "kind": "other"}, format="json"),
        client.patch(organisation, {"version": 1, "name": "X"}, format="json"),
        client.post(organisation + "archive/", {"version": 1}, format="json"),
    ]
    assert [r.status_code for r in responses] == [403] * len(responses)
    assert Service.objects.get(pk=directory.housing.pk).archived_at is None


def test_archive_restore_and_review(world, directory, api):
    client = api(world.coordination)
    url = f"/api/v1/services/{directory.housing.pk}/"
    archived = client.post(url + "archive/", {"version": 1, "reason": "Ende"}, format="json")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert names(client.get("/api/v1/services/", {"status": "archived"})) == ["Wohnraumberatung"]
    again = client.post(url + "archive/", {"version": 2}, format="json")
    assert again.status_code == 400
    restored = client.post(url + "restore/", {"version": 2}, format="json")
    assert restored.json()["abilities"]["archive"] is True
    reviewed = client.post(url + "review/", {"version": 3}, format="json")
    assert reviewed.json()["reviewed_by_name"] == str(world.coordination)


def test_organisations_in_the_api(world, directory, api):
    client = api(world.coordination)
    rows = client.get("/api/v1/organisations/", {"kind": "welfare"}).json()["results"]
    awo = next(row for row in rows if row["name"] == "AWO Testland")
    assert awo["service_count"] == 3
    assert awo["city"] == "Feldberg"
    created = client.post(
        "/api/v1/organisations/",
        {"name": "Tafel Testland", "kind": "volunteer", "email": "tafel@example.org"},
        format="json",
    )
    assert created.status_code == 201
    url = f"/api/v1/organisations/{created.json()['id']}/"
    changed = client.patch(url, {"version": 1, "phone": "0123"}, format="json")
    assert changed.json()["phone"] == "0123" and changed.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "phone": "9"}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["phone"] == "0123"
    archived = client.post(url + "archive/", {"version": 2}, format="json")
    assert archived.json()["archived"] is True
    taken = client.post(
        "/api/v1/organisations/", {"name": "awo testland", "kind": "other"}, format="json"
    )
    assert taken.json() == {"name": ["Eine Organisation mit diesem Namen gibt es bereits."]}


def test_the_finder_in_the_api(world, directory, api):
    client = api(world.cm)
    found = client.get(
        "/api/v1/responsibilities/find/",
        {"field": "arbeit", "legal_domain": "sgb2", "address": "12345"},
    ).json()
    assert found["found"] is True
    assert found["organisation"]["name"] == "Jobcenter Testland"
    assert found["organisation"]["phone"] == "02331 1000"
    assert found["service"]["name"] == "Jobcoaching"
    assert found["reasons"] == ["Handlungsfeld „Arbeit“", "Rechtskreis SGB II", "für alle Orte"]
    assert found["town"] == directory.town.pk
    none = client.get("/api/v1/responsibilities/find/", {"field": "sprache"}).json()
    assert none["found"] is False and none["organisation"] is None
    bad = client.get("/api/v1/responsibilities/find/", {"field": "sprache", "address": "99999"})
    assert bad.status_code == 400
    assert bad.json()["address"] == ["Zu dieser Postleitzahl oder Anschrift kennen wir keinen Ort."]
    assert client.get("/api/v1/responsibilities/find/").status_code == 400
