"""The responsibilities API (/api/v1/responsibilities/): the rows of "Zuständigkeiten
pflegen" with the pages' services, checks, audit events and stale-edit rule."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.network.models import Responsibility
from kim.network.services.responsibility import responsibility_create, responsibility_update
from kim.testing.factories import TownFactory

LIST = "/api/v1/responsibilities/"
READERS = ["cm", "cm_b", "lead", "authority", "data_protection", "admin"]
WRITE_ACTIONS = ("responsibility.create", "responsibility.update", "responsibility.delete")


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def url(row) -> str:
    return f"{LIST}{row if isinstance(row, int) else row.pk}/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def write_events() -> int:
    return AuditEvent.objects.filter(action__in=WRITE_ACTIONS).count()


# --- who may do what -------------------------------------------------------------------------


def attempt(client, directory) -> dict[str, int]:
    """Each action once, on rows of Kreis Testland; the status codes by action."""
    jobcenter_row, awo_row, _, authority_row = directory.responsibilities
    return {
        "list": client.get(LIST).status_code,
        "retrieve": client.get(url(jobcenter_row)).status_code,
        "create": client.post(
            LIST,
            {"field": "sprache", "town": directory.town.pk, "organisation": directory.awo.pk},
            format="json",
        ).status_code,
        "update": client.patch(
            url(awo_row), {"version": 1, "note": "Termine nur nach Absprache"}, format="json"
        ).status_code,
        "delete": client.delete(url(authority_row) + "?version=1").status_code,
    }


READ_ONLY = {"list": 200, "retrieve": 200, "create": 403, "update": 403, "delete": 403}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        *[(name, READ_ONLY) for name in READERS],
        (
            "coordination",
            {"list": 200, "retrieve": 200, "create": 201, "update": 200, "delete": 204},
        ),
        # Another tenant's rows do not exist for them; their own list is empty.
        ("outsider", {"list": 200, "retrieve": 404, "create": 403, "update": 404, "delete": 404}),
        (None, {"list": 401, "retrieve": 401, "create": 401, "update": 401, "delete": 401}),
    ],
)
def test_responsibilities_permission_matrix(world, directory, api, username, expected):
    user = getattr(world, username) if username else None
    before = set(Responsibility.objects.values_list("pk", "version"))

    assert attempt(api(user), directory) == expected

    if username != "coordination":
        assert set(Responsibility.objects.values_list("pk", "version")) == before
        assert write_events() == 0


@pytest.mark.parametrize("username", [*READERS, "coordination"])
def test_every_user_of_the_tenant_reads_a_responsibility_with_its_abilities(
    world, directory, api, username
):
    row = directory.responsibilities[0]
    response = api(getattr(world, username)).get(url(row))

    assert response.status_code == 200
    manage = username == "coordination"
    assert response.json() == {
        "id": row.pk,
        "field": "arbeit",
        "field_name": "Arbeit",
        "legal_domain": "sgb2",
        "town": None,
        "town_name": None,
        "organisation": directory.jobcenter.pk,
        "organisation_name": "Jobcenter Testland",
        "service": directory.job_coaching.pk,
        "service_name": "Jobcoaching",
        "note": "",
        "valid_from": None,
        "valid_until": None,
        "version": 1,
        "abilities": {"view": True, "change": manage, "delete": manage},
    }


def test_the_other_tenant_lists_none_of_our_responsibilities(world, directory, api):
    assert ids(api(world.outsider).get(LIST)) == []


# --- writing -----------------------------------------------------------------------------------


def test_the_coordination_enters_a_responsibility_and_the_service_audits_it(world, directory, api):
    response = api(world.coordination).post(
        LIST,
        {
            "field": "arbeit",
            "legal_domain": "sgb2",
            "town": directory.town_b.pk,
            "organisation": directory.jobcenter.pk,
            "service": directory.job_coaching.pk,
            "note": "  Sprechstunde in Feldberg  ",
            "valid_from": "2025-01-01",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["town_name"] == "Feldberg"
    assert created["service_name"] == "Jobcoaching"
    assert created["note"] == "Sprechstunde in Feldberg"
    assert created["valid_from"] == "2025-01-01"
    assert created["version"] == 1
    event = AuditEvent.objects.get(action="responsibility.create", object_id=created["id"])
    assert event.actor == world.coordination
    assert event.changes["organisation"] == [None, directory.jobcenter.pk]


def test_a_responsibility_for_every_field_domain_and_town_needs_only_the_office(
    world, directory, api
):
    response = api(world.coordination).post(LIST, {"organisation": directory.awo.pk}, format="json")

    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["field"], row["legal_domain"], row["town"]) == (None, "", None)


def test_the_coordination_ends_a_responsibility_with_a_patch(world, directory, api):
    client = api(world.coordination)
    row = directory.responsibilities[0]

    response = client.patch(url(row), {"version": 1, "valid_until": "2025-06-30"}, format="json")

    assert response.status_code == 200, response.content
    changed = response.json()
    assert changed["valid_until"] == "2025-06-30"
    assert changed["version"] == 2
    assert changed["service_name"] == "Jobcoaching"  # untouched
    event = AuditEvent.objects.get(action="responsibility.update", object_id=row.pk)
    assert event.changes == {"valid_until": [None, "2025-06-30"], "version": [1, 2]}


def test_a_stale_update_gets_409_with_the_current_row(world, directory, api):
    client = api(world.coordination)
    row = directory.responsibilities[1]
    assert client.patch(url(row), {"version": 1, "note": "erste"}, format="json").status_code == 200

    stale = client.patch(url(row), {"version": 1, "note": "zweite"}, format="json")

    assert stale.status_code == 409
    assert stale.json()["current"]["note"] == "erste"
    assert stale.json()["current"]["version"] == 2
    assert "aktuelle Version 2" in stale.json()["detail"]
    assert Responsibility.objects.get(pk=row.pk).note == "erste"


def test_an_update_without_version_is_refused_in_german(world, directory, api):
    response = api(world.coordination).patch(
        url(directory.responsibilities[1]), {"note": "x"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "version": ["Die Version fehlt. Senden Sie die Version mit, die Sie zuletzt gelesen haben."]
    }


def test_the_coordination_deletes_a_mistaken_row_and_the_audit_keeps_it(world, directory, api):
    client = api(world.coordination)
    row = directory.responsibilities[3]

    response = client.delete(url(row) + "?version=1")

    assert response.status_code == 204
    assert not Responsibility.objects.filter(pk=row.pk).exists()
    event = AuditEvent.objects.get(action="responsibility.delete", object_id=row.pk)
    assert event.changes["legal_domain"] == ["aufenthg", None]
    assert client.get(url(row)).status_code == 404


def test_a_delete_needs_the_current_version(world, directory, api):
    client = api(world.coordination)
    row = directory.responsibilities[3]
    client.patch(url(row), {"version": 1, "note": "geändert"}, format="json")

    missing = client.delete(url(row))
    stale = client.delete(url(row) + "?version=1")

    assert missing.status_code == 400 and "version" in missing.json()
    assert stale.status_code == 409
    assert stale.json()["current"]["note"] == "geändert"
    assert Responsibility.objects.filter(pk=row.pk).exists()


# --- the services' checks as 400 ----------------------------------------------------------------


def test_an_overlapping_period_is_refused_with_a_german_message(world, directory, api):
    client = api(world.coordination)
    same_question = {"field": "arbeit", "legal_domain": "sgb2", "organisation": directory.awo.pk}

    response = client.post(LIST, same_question, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Für dieses Handlungsfeld, diesen Rechtskreis und diesen Ort ist im selben "
            "Zeitraum schon „Jobcenter Testland“ eingetragen. Beenden Sie diese "
            "Zuständigkeit (gültig bis) oder ändern Sie sie."
        ]
    }
    # Ended the day before, the old row leaves room for the new one.
    ended = client.patch(
        url(directory.responsibilities[0]),
        {"version": 1, "valid_until": "2025-06-30"},
        format="json",
    )
    assert ended.status_code == 200
    after = client.post(LIST, {**same_question, "valid_from": "2025-07-01"}, format="json")
    assert after.status_code == 201, after.content


def test_the_service_layer_errors_come_back_by_field(world, directory, api):
    response = api(world.coordination).post(
        LIST,
        {
            "field": "sprache",
            "organisation": directory.jobcenter.pk,
            "service": directory.language_cafe.pk,  # an AWO service
            "valid_from": "2025-07-01",
            "valid_until": "2025-06-30",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "service": ["Das Angebot gehört nicht zur gewählten Stelle."],
        "valid_until": ["Das Ende liegt vor dem Beginn."],
    }


def test_ids_of_another_tenant_are_refused_like_unknown_ids(world, directory, api):
    client = api(world.coordination)
    foreign = {
        "organisation": directory.other_tenant_service.organisation_id,
        "service": directory.other_tenant_service.pk,
        "town": TownFactory(tenant=world.other_tenant, name="Anderswo").pk,
    }
    unknown = {"organisation": 999_999, "service": 999_999, "town": 999_999}
    expected = {
        "organisation": ["Unbekannte Organisation."],
        "service": ["Unbekanntes oder archiviertes Angebot."],
        "town": ["Unbekannter Ort."],
    }
    before = Responsibility.objects.count()

    for values in (foreign, unknown):
        created = client.post(LIST, values, format="json")
        assert created.status_code == 400, values
        assert created.json() == expected
        changed = client.patch(
            url(directory.responsibilities[1]), {"version": 1, **values}, format="json"
        )
        assert changed.status_code == 400, values
        assert changed.json() == expected

    assert Responsibility.objects.count() == before
    assert write_events() == 0


def test_bad_input_gets_german_messages(world, directory, api):
    response = api(world.coordination).post(
        LIST,
        {"field": "kochen", "legal_domain": "xx", "valid_from": "1.7.2025"},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()
    assert errors["field"] == ["Unbekanntes Handlungsfeld „kochen“."]
    assert errors["organisation"] == ["Bitte die zuständige Stelle angeben."]
    assert errors["valid_from"] == [
        "Kein gültiges Datum. Bitte im Format JJJJ-MM-TT angeben, z. B. 1990-05-17."
    ]
    assert set(errors) == {"field", "legal_domain", "organisation", "valid_from"}


# --- the list and its filters -------------------------------------------------------------------


def test_the_list_filters_by_field_legal_domain_town_and_organisation(world, directory, api):
    client = api(world.cm)
    jobcenter_row, awo_row, language_row, authority_row = directory.responsibilities

    assert ids(client.get(LIST, {"field": "sprache"})) == [language_row.pk]
    assert ids(client.get(LIST, {"legal_domain": "aufenthg"})) == [authority_row.pk]
    assert ids(client.get(LIST, {"town": directory.town_b.pk})) == [language_row.pk]
    # In the order of the page: Sprache (position 1) before Arbeit (position 2).
    assert ids(client.get(LIST, {"organisation": directory.awo.pk})) == [
        language_row.pk,
        awo_row.pk,
    ]
    # Within a field, rows for every legal domain ("") before SGB II.
    assert ids(client.get(LIST, {"field": "arbeit"})) == [awo_row.pk, jobcenter_row.pk]
    assert ids(client.get(LIST, {"field": "arbeit", "legal_domain": "sgb2"})) == [jobcenter_row.pk]


def test_the_list_filter_on_gives_the_rows_valid_that_day(world, directory, api):
    coordination = get_actor(world.coordination)
    old = directory.responsibilities[0]
    responsibility_update(
        actor=coordination, responsibility=old, version=1, valid_until=date(2025, 6, 30)
    )
    new = responsibility_create(
        actor=coordination,
        field=world.fields[1],
        legal_domain="sgb2",
        organisation=directory.awo,
        valid_from=date(2025, 7, 1),
    )
    client = api(world.cm)
    arbeit_sgb2 = {"field": "arbeit", "legal_domain": "sgb2"}

    assert ids(client.get(LIST, {**arbeit_sgb2, "on": "2025-06-30"})) == [old.pk]
    assert ids(client.get(LIST, {**arbeit_sgb2, "on": "2025-07-01"})) == [new.pk]
    assert sorted(ids(client.get(LIST, {**arbeit_sgb2}))) == sorted([old.pk, new.pk])
    # Rows without a period are valid on any day.
    assert len(ids(client.get(LIST, {"on": "2025-06-30"}))) == 4


def test_bad_filters_get_german_messages(world, directory, api):
    other_town = TownFactory(tenant=world.other_tenant, name="Anderswo")
    response = api(world.cm).get(
        LIST, {"field": "kochen", "town": other_town.pk, "organisation": 0, "on": "morgen"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "field": ["Unbekanntes Handlungsfeld „kochen“."],
        "town": ["Unbekannter Ort."],
        "organisation": ["Unbekannte Organisation."],
        "on": ["Kein gültiges Datum. Bitte im Format JJJJ-MM-TT angeben, z. B. 1990-05-17."],
    }


def test_the_finder_still_answers_below_the_same_path(world, directory, api):
    response = api(world.cm).get(f"{LIST}find/", {"field": "arbeit", "legal_domain": "sgb2"})

    assert response.status_code == 200
    assert response.json()["responsibility"] == directory.responsibilities[0].pk
    assert api(world.cm).get(LIST).status_code == 200


def test_the_list_costs_the_same_queries_for_many_rows(world, directory, api):
    client = api(world.cm)

    def queries_for_list() -> int:
        client.get(LIST)  # the actor is loaded once per request; warm nothing else
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    few = queries_for_list()
    for number in range(20):
        town = TownFactory(tenant=world.tenant, name=f"Ort {number}")
        Responsibility.objects.create(
            tenant=world.tenant,
            field=world.fields[number % 2],
            legal_domain="sgb2",
            town=town,
            organisation=directory.awo,
            service=directory.housing,
            note=f"Zeile {number}",
        )
    many = queries_for_list()

    assert len(ids(client.get(LIST))) == 24
    assert many == few
