"""The reviewed merge through the API, as on the review page: who may review and
merge which pair, the field choices, what moves, the stale review (409), what
blocks a merge, and a person's merge history.

Pairs (`duplicate_pairs`, conftest) as in test_api_duplicates. A pair whose
records the caller does not both see is 404; one they see but may not merge
(no person.merge in the units holding both) 403.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import Person, PersonMerge
from kim.people.services import household_create, person_update
from kim.people.services.merge import merge_plan, person_merge
from kim.people.tests.conftest import PAIR_VIEWERS, twin
from kim.testing.factories import open_case

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


def expected_pair_code(username: str, where: str) -> int:
    """404 unless the caller sees both records; then 403 unless they may merge them."""
    first, second = PAIR_VIEWERS[where]
    if username not in first or username not in second:
        return 404
    return 200 if (username, where) == ("lead", "own") else 403


# --- review and merge --------------------------------------------------------------


@pytest.mark.parametrize("where", PAIRS)
@pytest.mark.parametrize("username", USERS)
def test_the_review_follows_who_sees_and_may_merge_both_records(
    world, duplicate_pairs, api, username, where
):
    response = api(getattr(world, username)).get(merge_url(duplicate_pairs[where]))

    assert response.status_code == expected_pair_code(username, where), response.content
    views = AuditEvent.objects.filter(action="person.view", changes__form="merge_review")
    assert views.count() == (2 if response.status_code == 200 else 0)


@pytest.mark.parametrize("where", PAIRS)
@pytest.mark.parametrize("username", USERS)
def test_the_merge_follows_who_sees_and_may_merge_both_records(
    world, duplicate_pairs, api, username, where
):
    survivor, gone = duplicate_pairs[where]
    plan = merge_plan(survivor, gone).digest

    response = api(getattr(world, username)).post(
        merge_url(duplicate_pairs[where]),
        {"plan": plan, "reason": "doppelt registriert"},
        format="json",
    )

    expected = expected_pair_code(username, where)
    assert response.status_code == (201 if expected == 200 else expected), response.content
    assert PersonMerge.objects.exists() == (expected == 200)


def test_unknown_or_identical_records_are_not_found(world, duplicate_pairs, api):
    one = duplicate_pairs["own"][0]
    client = api(world.lead)

    for tail in (f"{one.pk}/merge/{one.pk}/", f"{one.pk}/merge/999999/", f"999999/merge/{one.pk}/"):
        assert client.get(f"/api/v1/persons/{tail}").status_code == 404
    assert client.get(f"/api/v1/persons/{one.pk}/merge/abc/").status_code == 404
    assert client.post("/api/v1/duplicates/decisions/999999/withdraw/").status_code == 404


def test_the_review_shows_both_records_the_choices_and_what_moves(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
    case = open_case(world.cm, gone, world.unit_a)

    data = api(world.lead).get(merge_url(duplicate_pairs["own"])).json()

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


def test_merging_keeps_the_chosen_values_and_defaults_elsewhere(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(duplicate_pairs["own"])).json()["plan"]

    response = client.post(
        merge_url(duplicate_pairs["own"]),
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


def test_the_survivor_can_keep_its_own_value_where_the_default_is_the_other(
    world, duplicate_pairs, api
):
    survivor, gone = duplicate_pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(duplicate_pairs["own"])).json()["plan"]

    client.post(
        merge_url(duplicate_pairs["own"]),
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
def test_bad_merge_requests_are_refused_in_german(
    world, duplicate_pairs, api, body, field, message
):
    client = api(world.lead)
    plan = client.get(merge_url(duplicate_pairs["own"])).json()["plan"]
    body = {"plan": plan, "reason": "doppelt"} | body
    body = {key: value for key, value in body.items() if value is not None}

    response = client.post(merge_url(duplicate_pairs["own"]), body, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    if message != "Dictionary":
        assert message in str(response.json()[field]), response.json()
    assert not PersonMerge.objects.exists()


def test_a_review_gone_stale_is_refused_with_the_current_review(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(duplicate_pairs["own"])).json()["plan"]
    open_case(world.cm, gone, world.unit_a)  # something new would move

    stale = client.post(
        merge_url(duplicate_pairs["own"]), {"plan": plan, "reason": "doppelt"}, format="json"
    )

    assert stale.status_code == 409
    assert "haben sich inzwischen geändert" in stale.json()["detail"]
    current = stale.json()["current"]
    assert current["plan"] != plan
    assert {m["key"]: m["moved"] for m in current["moves"]}["cases.case.person"] == 1
    assert not PersonMerge.objects.exists()
    done = client.post(
        merge_url(duplicate_pairs["own"]),
        {"plan": current["plan"], "reason": "doppelt"},
        format="json",
    )
    assert done.status_code == 201
    assert Case.objects.get().person == survivor


def test_a_changed_record_makes_the_review_stale(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
    client = api(world.lead)
    plan = client.get(merge_url(duplicate_pairs["own"])).json()["plan"]
    person_update(actor=get_actor(world.cm), person=gone, version=gone.version, phone="0170 9")

    response = client.post(
        merge_url(duplicate_pairs["own"]), {"plan": plan, "reason": "doppelt"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["merged"]["phone"] == "0170 9"


def test_a_blocked_merge_says_why(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
    cm = get_actor(world.cm)
    household_create(actor=cm, persons=[survivor], valid_from=date(2024, 5, 1), name="Nord")
    household_create(actor=cm, persons=[gone], valid_from=date(2025, 1, 1), name="Süd")
    client = api(world.lead)
    review = client.get(merge_url(duplicate_pairs["own"])).json()

    response = client.post(
        merge_url(duplicate_pairs["own"]),
        {"plan": review["plan"], "reason": "doppelt"},
        format="json",
    )

    assert "verschiedenen Haushalten" in review["blockers"][0]
    assert response.status_code == 400
    assert "verschiedenen Haushalten" in str(response.json()["non_field_errors"])
    assert not PersonMerge.objects.exists()


def test_the_review_costs_the_same_however_much_hangs_on_the_records(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
    client = api(world.lead)
    open_case(world.cm, gone, world.unit_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(merge_url(duplicate_pairs["own"]))
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
def test_the_merge_history_is_for_those_who_see_the_person(world, duplicate_pairs, api, username):
    survivor, gone = duplicate_pairs["own"]
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


def test_the_history_costs_the_same_for_one_merge_as_for_many(world, duplicate_pairs, api):
    survivor, gone = duplicate_pairs["own"]
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
