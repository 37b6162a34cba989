"""Duplicates through the API, as on the team lead's list: the pairs, "not a
duplicate" decisions and their withdrawal.

Pairs (`duplicate_pairs`, conftest): `own` (both records in unit A), `unit_b`
(both in unit B), `mixed` (one in A, one only in B) and `foreign` (the other
tenant). Only `lead` (team lead of unit A) holds person.merge. Without it the
duplicate endpoints answer 403; a record named in a body that the caller does
not see is 400, a pair they see but may not merge 403.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import DuplicatePair, DuplicateScan, NotDuplicate
from kim.people.services.duplicates import duplicate_dismiss, duplicates_scan
from kim.people.tests.conftest import PAIR_VIEWERS, twin
from kim.testing.factories import UserFactory, member

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
PAIRS = ["own", "unit_b", "mixed", "foreign"]


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def merge_url(pair) -> str:
    return f"/api/v1/persons/{pair[0].pk}/merge/{pair[1].pk}/"


# --- the list --------------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_only_leads_list_duplicates_and_see_only_pairs_they_hold_both_records_of(
    world, duplicate_pairs, api, username
):
    response = api(getattr(world, username)).get("/api/v1/duplicates/")

    if username != "lead":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    data = response.json()
    one, other = duplicate_pairs["own"]
    assert (data["count"], data["hidden"]) == (1, 1)  # `mixed`: a number, nothing more
    [pair] = data["results"]
    assert (pair["first"]["id"], pair["second"]["id"]) == (one.pk, other.pk)
    assert pair["first"]["family_name"] == "Al-Hassan"
    assert "birth_swapped" in pair["factors"]
    assert "Tag und Monat vertauscht" in pair["factor_labels"]
    assert data["scanned_at"]
    text = response.content.decode()
    for hidden in ("Kowalenko", "Popesku", "Popescu", "Müller"):
        assert hidden not in text


def test_the_first_list_of_a_tenant_runs_the_scan(world, api):
    twin(world.cm, world.unit_a, "Müller", "Anna", date(1975, 11, 2))
    twin(world.cm, world.unit_a, "Mueller", "Anna", date(1975, 11, 2))
    assert not DuplicateScan.objects.exists()

    response = api(world.lead).get("/api/v1/duplicates/")

    assert [p["first"]["given_names"] for p in response.json()["results"]] == ["Anna"]
    assert DuplicateScan.objects.filter(tenant=world.tenant).count() == 1


def test_list_reads_are_audited_with_the_records_shown(world, duplicate_pairs, api):
    one, other = duplicate_pairs["own"]
    api(world.lead).get("/api/v1/duplicates/")
    duplicate_dismiss(actor=get_actor(world.lead), first=one, second=other)
    api(world.lead).get("/api/v1/duplicates/")  # empty now: nothing shown, nothing audited
    api(world.lead).get("/api/v1/duplicates/decisions/")

    events = AuditEvent.objects.filter(action="duplicate.list", channel="api").order_by("id")
    assert [(sorted(e.changes["ids"]), e.changes.get("dismissed")) for e in events] == [
        (sorted([one.pk, other.pk]), None),
        (sorted([one.pk, other.pk]), True),
    ]


def _make_pairs(world, n, start=0):
    for i in range(start, start + n):
        birth = date(1950 + i % 50, 1 + i % 12, 1 + i % 27)
        twin(world.cm, world.unit_a, f"Testperson{i:03d}", "Amina", birth)
        twin(world.cm, world.unit_a, f"Testperson{i:03d}", "Amina", birth)


def test_the_list_needs_as_many_queries_for_many_pairs_as_for_few(world, api):
    client = api(world.lead)
    _make_pairs(world, 2)
    duplicates_scan(tenant_id=world.tenant.pk)
    client.get("/api/v1/duplicates/")  # the actor is loaded once per user
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/duplicates/")
    _make_pairs(world, 25, start=2)
    duplicates_scan(tenant_id=world.tenant.pk)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/duplicates/", {"page_size": 30})

    assert response.json()["count"] == DuplicatePair.objects.count() == 27
    assert len(response.json()["results"]) == 27
    assert len(many) == len(few) <= 8


# --- "not a duplicate" ---------------------------------------------------------------


@pytest.mark.parametrize("where", PAIRS)
@pytest.mark.parametrize("username", USERS)
def test_marking_not_a_duplicate_follows_the_pages(world, duplicate_pairs, api, username, where):
    one, other = duplicate_pairs[where]

    response = api(getattr(world, username)).post(
        "/api/v1/duplicates/decisions/",
        {"first": one.pk, "second": other.pk, "reason": "Geschwister"},
        format="json",
    )

    first_seen, second_seen = PAIR_VIEWERS[where]
    if username != "lead":
        assert response.status_code == 403
    elif where == "own":
        assert response.status_code == 201, response.content
        assert (response.json()["reason"], response.json()["withdrawn"]) == ("Geschwister", False)
        assert response.json()["decided_by_name"] == str(world.lead)
    else:
        assert response.status_code == 400
        unseen = "first" if username not in first_seen else "second"
        assert "nicht sehen" in str(response.json()[unseen])
    assert NotDuplicate.objects.exists() == (response.status_code == 201)


def test_a_lead_who_sees_both_but_merges_in_one_unit_only_gets_403(world, duplicate_pairs, api):
    mixed_lead = UserFactory(username="lead_a_cm_b", tenant=world.tenant)
    member(mixed_lead, world.unit_a, "team_lead")
    member(mixed_lead, world.unit_b, "case_manager")
    client = api(mixed_lead)
    one, other = duplicate_pairs["mixed"]

    listed = client.get("/api/v1/duplicates/")
    marked = client.post(
        "/api/v1/duplicates/decisions/", {"first": one.pk, "second": other.pk}, format="json"
    )
    review = client.get(merge_url(duplicate_pairs["mixed"]))

    assert listed.json()["hidden"] == 1
    assert (marked.status_code, review.status_code) == (403, 403)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"first": "own0", "second": "own0"}, "second", "zwei verschiedene"),
        ({"first": "own0"}, "second", "beide Datensätze"),
        ({"first": "x", "second": "own1"}, "first", "als Zahl"),
        ({"first": "own0", "second": "own1", "reason": "x" * 301}, "reason", "300"),
    ],
)
def test_decisions_are_checked_in_german(world, duplicate_pairs, api, body, field, message):
    ids = {"own0": duplicate_pairs["own"][0].pk, "own1": duplicate_pairs["own"][1].pk}
    body = {key: ids.get(value, value) for key, value in body.items()}

    response = api(world.lead).post("/api/v1/duplicates/decisions/", body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_a_decision_leaves_the_list_and_comes_back_when_withdrawn(world, duplicate_pairs, api):
    client = api(world.lead)
    one, other = duplicate_pairs["own"]
    decision = client.post(
        "/api/v1/duplicates/decisions/", {"first": one.pk, "second": other.pk}, format="json"
    ).json()

    after = client.get("/api/v1/duplicates/").json()
    listed = client.get("/api/v1/duplicates/decisions/").json()
    withdrawn = client.post(f"/api/v1/duplicates/decisions/{decision['id']}/withdraw/")
    again = client.post(f"/api/v1/duplicates/decisions/{decision['id']}/withdraw/")
    back = client.get("/api/v1/duplicates/").json()

    assert after["count"] == 0
    assert [d["id"] for d in listed["results"]] == [decision["id"]]
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn"] is True
    assert again.status_code == 404
    assert back["count"] == 1
    assert DuplicatePair.objects.of(one.pk, other.pk).exists()
    actions = AuditEvent.objects.filter(channel="api", action__startswith="duplicate.")
    assert set(actions.values_list("action", flat=True)) == {
        "duplicate.dismiss",
        "duplicate.restore",
        "duplicate.list",
    }


@pytest.mark.parametrize("username", USERS)
def test_decisions_are_listed_and_withdrawn_only_by_leads_holding_both(
    world, duplicate_pairs, api, username
):
    decision = duplicate_dismiss(
        actor=get_actor(world.lead),
        first=duplicate_pairs["own"][0],
        second=duplicate_pairs["own"][1],
    )
    client = api(getattr(world, username))

    listed = client.get("/api/v1/duplicates/decisions/")
    withdrawn = client.post(f"/api/v1/duplicates/decisions/{decision.pk}/withdraw/")

    if username == "lead":
        assert (listed.status_code, withdrawn.status_code) == (200, 200)
    else:
        assert (listed.status_code, withdrawn.status_code) == (403, 403)
        decision.refresh_from_db()
        assert decision.withdrawn_at is None
