"""Duplicates and merge through the API, as on the team lead's pages.

Pairs (as in test_duplicates_list): `own` (both records in unit A), `unit_b`
(both in unit B), `mixed` (one in A, one only in B) and `foreign` (both in the
other tenant). Only `lead` (team lead of unit A) holds person.merge. Without it
the duplicate lists answer 403; a record the caller does not see is 404 (400
when named in a body), one they see but may not merge 403.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import DuplicatePair, DuplicateScan, NotDuplicate, Person, PersonMerge
from kim.people.services import household_create, person_update
from kim.people.services.duplicates import duplicate_dismiss, duplicates_scan
from kim.people.services.merge import merge_plan, person_merge
from kim.testing.factories import UserFactory, member, open_case, register_person

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
PAIRS = ["own", "unit_b", "mixed", "foreign"]
# Who sees which records of each pair (the first, the second).
SEES = {
    "own": ({"cm", "lead"}, {"cm", "lead"}),
    "unit_b": ({"cm_b"}, {"cm_b"}),
    "mixed": ({"cm", "lead"}, {"cm_b"}),
    "foreign": ({"outsider"}, {"outsider"}),
}


def twin(user, unit, family, given, birth, **fields):
    return register_person(
        user, unit, family_name=family, given_names=given, birth_date=birth, **fields
    )


@pytest.fixture
def pairs(world):
    a, b, other = world.unit_a, world.unit_b, world.unit_other
    found = {
        "own": (
            twin(world.cm, a, "Al-Hassan", "Mohammed", date(1987, 12, 3), nationalities=["SY"]),
            twin(
                world.cm,
                a,
                "Alhasan",
                "Muhammad",
                date(1987, 3, 12),
                nationalities=["SY", "TR"],
                street="Hauptstraße 1",
                postcode="58452",
            ),
        ),
        "unit_b": (
            twin(world.cm_b, b, "Kowalenko", "Olena", date(1979, 6, 15)),
            twin(world.cm_b, b, "Kovalenko", "Olena", date(1979, 6, 15)),
        ),
        "mixed": (
            twin(world.cm, a, "Popescu", "Ioana", date(2001, 7, 9)),
            twin(world.cm_b, b, "Popesku", "Ioana", date(2001, 7, 9)),
        ),
        "foreign": (
            twin(world.outsider, other, "Müller", "Anna", date(1975, 11, 2)),
            twin(world.outsider, other, "Mueller", "Anna", date(1975, 11, 2)),
        ),
    }
    duplicates_scan(tenant_id=world.tenant.pk)
    duplicates_scan(tenant_id=world.other_tenant.pk)
    return found


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


def expected_pair_code(username: str, where: str) -> int:
    """404 unless the caller sees both records; then 403 unless they may merge them."""
    first, second = SEES[where]
    if username not in first or username not in second:
        return 404
    return 200 if (username, where) == ("lead", "own") else 403


# --- the list --------------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_only_leads_list_duplicates_and_see_only_pairs_they_hold_both_records_of(
    world, pairs, api, username
):
    response = api(getattr(world, username)).get("/api/v1/duplicates/")

    if username != "lead":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    data = response.json()
    one, other = pairs["own"]
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


def test_list_reads_are_audited_with_the_records_shown(world, pairs, api):
    one, other = pairs["own"]
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
def test_marking_not_a_duplicate_follows_the_pages(world, pairs, api, username, where):
    one, other = pairs[where]

    response = api(getattr(world, username)).post(
        "/api/v1/duplicates/decisions/",
        {"first": one.pk, "second": other.pk, "reason": "Geschwister"},
        format="json",
    )

    first_seen, second_seen = SEES[where]
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


def test_a_lead_who_sees_both_but_merges_in_one_unit_only_gets_403(world, pairs, api):
    mixed_lead = UserFactory(username="lead_a_cm_b", tenant=world.tenant)
    member(mixed_lead, world.unit_a, "team_lead")
    member(mixed_lead, world.unit_b, "case_manager")
    client = api(mixed_lead)
    one, other = pairs["mixed"]

    listed = client.get("/api/v1/duplicates/")
    marked = client.post(
        "/api/v1/duplicates/decisions/", {"first": one.pk, "second": other.pk}, format="json"
    )
    review = client.get(merge_url(pairs["mixed"]))

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
def test_decisions_are_checked_in_german(world, pairs, api, body, field, message):
    ids = {"own0": pairs["own"][0].pk, "own1": pairs["own"][1].pk}
    body = {key: ids.get(value, value) for key, value in body.items()}

    response = api(world.lead).post("/api/v1/duplicates/decisions/", body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_a_decision_leaves_the_list_and_comes_back_when_withdrawn(world, pairs, api):
    client = api(world.lead)
    one, other = pairs["own"]
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
def test_decisions_are_listed_and_withdrawn_only_by_leads_holding_both(world, pairs, api, username):
    decision = duplicate_dismiss(
        actor=get_actor(world.lead), first=pairs["own"][0], second=pairs["own"][1]
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


# --- review and merge --------------------------------------------------------------


@pytest.mark.parametrize("where", PAIRS)
@pytest.mark.parametrize("username", USERS)
def test_the_review_follows_who_sees_and_may_merge_both_records(world, pairs, api, username, where):
    response = api(getattr(world, username)).get(merge_url(pairs[where]))

    assert response.status_code == expected_pair_code(username, where), response.content
    views = AuditEvent.objects.filter(action="person.view", changes__form="merge_review")
    assert views.count() == (2 if response.status_code == 200 else 0)


@pytest.mark.parametrize("where", PAIRS)
@pytest.mark.parametrize("username", USERS)
def test_the_merge_follows_who_sees_and_may_merge_both_records(world, pairs, api, username, where):
    survivor, gone = pairs[where]
    plan = merge_plan(survivor, gone).digest

    response = api(getattr(world, username)).post(
        merge_url(pairs[where]), {"plan": plan, "reason": "doppelt registriert"}, format="json"
    )

    expected = expected_pair_code(username, where)
    assert response.status_code == (201 if expected == 200 else expected), response.content
    assert PersonMerge.objects.exists() == (expected == 200)


def test_unknown_or_identical_records_are_not_found(world, pairs, api):
    one = pairs["own"][0]
    client = api(world.lead)

    for tail in (f"{one.pk}/merge/{one.pk}/", f"{one.pk}/merge/999999/", f"999999/merge/{one.pk}/"):
        assert client.get(f"/api/v1/persons/{tail}").status_code == 404
    assert client.get(f"/api/v1/persons/{one.pk}/merge/abc/").status_code == 404
    assert client.post("/api/v1/duplicates/decisions/999999/withdraw/").status_code == 404


def test_the_review_shows_both_records_the_choices_and_what_moves(world, pairs, api):
    survivor, gone = pairs["own"]
    case = open_case(world.cm, gone, world.unit_a)

    data = api(world.lead).get(merge_url(pairs["own"])).json()

    assert (data["survivor"]["id"], data["merged"]["id"]) == (survivor.pk, gone.pk)
    assert data["merged"]["street"] == "Hauptstraße 1"
    fields = {f["key"]: f for f in data["fields"]}
    assert fields["family_name"]["differs"] and fields["family_name"]["default"] == "survivor"
    assert fields["address"]["default"] == "merged"  # the survivor has no address
    assert fields["address"]["fields"] == ["street", "postcode", "town", "district"]
    assert fields["nationalities"]["combined"] is True
    assert fields["nationalities"]["default"] == ""
    assert fields["sex"] == {**fields["sex"], "differs": False, "default": ""}
    moves = {m["key"]: m for m in data["moves"]}
    assert moves["cases.case.person"]["moved"] == 1
    assert moves["people.personunit"]["combined"] == 1
    assert data["blockers"] == []
    assert data["plan"] == merge_plan(survivor, gone).digest
    assert data["match"]["score"] >= 70
    assert "Tag und Monat vertauscht" in data["match"]["factor_labels"]
    assert Case.objects.get(pk=case.pk).person == gone  # a review changes nothing


def test_merging_keeps_the_chosen_values_and_defaults_elsewhere(world, pairs, api):
    survivor, gone = pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(pairs["own"])).json()["plan"]

    response = client.post(
        merge_url(pairs["own"]),
        {"plan": plan, "reason": "gleicher Pass", "choices": {"birth_date": "merged"}},
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["survivor"], data["merged"], data["reason"]) == (
        survivor.pk,
        gone.pk,
        "gleicher Pass",
    )
    assert sorted(data["taken_from_merged"]) == ["address", "birth_date"]
    assert data["merged_record"]["family_name"] == "Alhasan"
    survivor.refresh_from_db()
    assert survivor.birth_date == date(1987, 3, 12)
    assert survivor.street == "Hauptstraße 1"  # default: the survivor had none
    assert survivor.family_name == "Al-Hassan"  # default: the survivor's
    assert [c.code for c in survivor.nationalities] == ["SY", "TR"]
    event = AuditEvent.objects.get(action="person.merge")
    assert (event.channel, event.person_id, event.reason) == ("api", survivor.pk, "gleicher Pass")
    assert event.changes["merged_id"] == gone.pk


def test_the_survivor_can_keep_its_own_value_where_the_default_is_the_other(world, pairs, api):
    survivor, gone = pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(pairs["own"])).json()["plan"]

    client.post(
        merge_url(pairs["own"]),
        {"plan": plan, "reason": "doppelt", "choices": {"address": "survivor"}},
        format="json",
    )

    survivor.refresh_from_db()
    assert survivor.street == ""


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"reason": ""}, "reason", "Begründung"),
        ({"reason": None}, "reason", "Begründung"),
        ({"plan": ""}, "plan", "`plan` aus der Vorschau"),
        ({"plan": "x" * 41}, "plan", "40"),
        ({"choices": {"family_name": "beide"}}, "choices", "keine gültige Option"),
        ({"choices": {"passport": "merged"}}, "choices", "Unbekannte Angabe"),
        ({"choices": ["family_name"]}, "choices", "Dictionary"),
    ],
)
def test_bad_merge_requests_are_refused_in_german(world, pairs, api, body, field, message):
    client = api(world.lead)
    plan = client.get(merge_url(pairs["own"])).json()["plan"]
    body = {"plan": plan, "reason": "doppelt"} | body
    body = {key: value for key, value in body.items() if value is not None}

    response = client.post(merge_url(pairs["own"]), body, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    if message != "Dictionary":
        assert message in str(response.json()[field]), response.json()
    assert not PersonMerge.objects.exists()


def test_a_review_gone_stale_is_refused_with_the_current_review(world, pairs, api):
    survivor, gone = pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(pairs["own"])).json()["plan"]
    open_case(world.cm, gone, world.unit_a)  # something new would move

    stale = client.post(merge_url(pairs["own"]), {"plan": plan, "reason": "doppelt"}, format="json")

    assert stale.status_code == 409
    assert "haben sich inzwischen geändert" in stale.json()["detail"]
    current = stale.json()["current"]
    assert current["plan"] != plan
    assert {m["key"]: m["moved"] for m in current["moves"]}["cases.case.person"] == 1
    assert not PersonMerge.objects.exists()
    done = client.post(
        merge_url(pairs["own"]), {"plan": current["plan"], "reason": "doppelt"}, format="json"
    )
    assert done.status_code == 201
    assert Case.objects.get().person == survivor


def test_a_changed_record_makes_the_review_stale(world, pairs, api):
    survivor, gone = pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(pairs["own"])).json()["plan"]
    person_update(actor=get_actor(world.cm), person=gone, version=gone.version, phone="0170 9")

    response = client.post(
        merge_url(pairs["own"]), {"plan": plan, "reason": "doppelt"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["merged"]["phone"] == "0170 9"


def test_a_blocked_merge_says_why(world, pairs, api):
    survivor, gone = pairs["own"]
    cm = get_actor(world.cm)
    household_create(actor=cm, persons=[survivor], valid_from=date(2024, 5, 1), name="Nord")
    household_create(actor=cm, persons=[gone], valid_from=date(2025, 1, 1), name="Süd")
    client = api(world.lead)
    review = client.get(merge_url(pairs["own"])).json()

    response = client.post(
        merge_url(pairs["own"]), {"plan": review["plan"], "reason": "doppelt"}, format="json"
    )

    assert "verschiedenen Haushalten" in review["blockers"][0]
    assert response.status_code == 400
    assert "verschiedenen Haushalten" in str(response.json()["non_field_errors"])
    assert not PersonMerge.objects.exists()


def test_the_review_costs_the_same_however_much_hangs_on_the_records(world, pairs, api):
    survivor, gone = pairs["own"]
    client = api(world.lead)
    open_case(world.cm, gone, world.unit_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(merge_url(pairs["own"]))
        assert response.status_code == 200
        return len(queries)

    count()  # the actor is loaded once per user
    few = count()
    for _n in range(6):
        open_case(world.cm, gone, world.unit_a)
        open_case(world.cm, survivor, world.unit_a)
    many = count()

    assert many == few


# --- history -----------------------------------------------------------------------


def merge_as_lead(world, survivor, gone, **kwargs):
    survivor.refresh_from_db()
    return person_merge(
        actor=get_actor(world.lead),
        survivor=survivor,
        merged=gone,
        reason="doppelt registriert",
        expected=merge_plan(survivor, gone).digest,
        **kwargs,
    )


@pytest.mark.parametrize("username", USERS)
def test_the_merge_history_is_for_those_who_see_the_person(world, pairs, api, username):
    survivor, gone = pairs["own"]
    open_case(world.cm, gone, world.unit_a)
    record = merge_as_lead(world, survivor, gone, take_from_merged={"birth_date"})

    response = api(getattr(world, username)).get(f"/api/v1/persons/{survivor.pk}/merges/")

    if username not in {"cm", "lead"}:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    [merge] = response.json()["results"]
    assert (merge["id"], merge["survivor"], merge["merged"]) == (record.pk, survivor.pk, gone.pk)
    assert merge["merged_record"] == {
        "family_name": "Alhasan",
        "given_names": "Muhammad",
        "birth_date": "1987-03-12",
        "birth_date_precision": "day",
    }
    assert merge["taken_from_merged"] == ["birth_date"]
    assert merge["merged_by_name"] == str(world.lead)
    moves = {m["key"]: m for m in merge["moves"]}
    assert moves["cases.case.person"] == {
        "key": "cases.case.person",
        "label": "Fälle",
        "moved": 1,
        "combined": 0,
    }
    assert merge["aliases_added"] >= 1
    event = AuditEvent.objects.get(action="person.view", changes__form="merge_history")
    assert (event.person_id, event.changes["ids"], event.changes["merged_ids"]) == (
        survivor.pk,
        [record.pk],
        [gone.pk],
    )


def test_the_history_costs_the_same_for_one_merge_as_for_many(world, pairs, api):
    survivor, gone = pairs["own"]
    merge_as_lead(world, survivor, gone)
    client = api(world.cm)
    url = f"/api/v1/persons/{survivor.pk}/merges/"

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        extra = twin(world.cm, world.unit_a, "Al Hassan", f"M{n}", date(1987, 12, 3))
        merge_as_lead(world, survivor, extra)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)

    assert len(response.json()["results"]) == 5
    assert len(five) == len(one) <= 8
    assert Person.objects.filter(pk=survivor.pk).exists()
