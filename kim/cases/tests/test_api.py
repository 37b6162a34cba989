"""The cases API (/api/v1/cases/) and the contacts of a case
(/api/v1/cases/{case_pk}/contacts/)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from kim.accounts.models import ApiToken
from kim.cases.models import Case, Contact
from kim.cases.services import contact_record
from kim.core.actor import get_actor
from kim.core.models import AuditEvent, FieldOfAction
from kim.testing.factories import open_case, register_person

CASES = "/api/v1/cases/"
OPENED = date(2025, 3, 1)


def case_url(case) -> str:
    return f"/api/v1/cases/{case.pk}/"


def contacts_url(case) -> str:
    return f"/api/v1/cases/{case.pk}/contacts/"


def contact_url(contact) -> str:
    return f"/api/v1/cases/{contact.case_id}/contacts/{contact.pk}/"


@pytest.fixture
def api():
    """`api(user)`: an API client acting as that user."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def record(user, case, **data) -> Contact:
    data.setdefault("date", OPENED + timedelta(days=1))
    data.setdefault("duration_minutes", 45)
    return contact_record(actor=get_actor(user), case=case, **data)


@pytest.fixture
def places(world):
    """A person with an open case and one contact in unit A, unit B and the other
    tenant; each opened by the case manager of that unit."""
    result = {}
    for key, user, unit in [
        ("a", world.cm, world.unit_a),
        ("b", world.cm_b, world.unit_b),
        ("other", world.outsider, world.unit_other),
    ]:
        person = register_person(user, unit, family_name=f"Person-{key}")
        case = open_case(user, person, unit, opened_on=OPENED, reason="Anlass")
        result[key] = {"person": person, "case": case, "contact": record(user, case)}
    return result


ROLES = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin", "outsider"]
PLACES = ["a", "b", "other"]
# Who sees the case (and its contacts) in each place; everyone else gets 404.
VISIBLE = {("cm", "a"), ("lead", "a"), ("cm_b", "b"), ("outsider", "other")}
# Who may open cases, and in which place.
OPENS_IN = {"cm": "a", "lead": "a", "cm_b": "b", "outsider": "other"}


# --- permission matrix ----------------------------------------------------


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_case_retrieve_is_allowed_only_in_the_own_units(world, places, api, role, place):
    response = api(getattr(world, role)).get(case_url(places[place]["case"]))

    assert response.status_code == (200 if (role, place) in VISIBLE else 404)


@pytest.mark.parametrize("role", ROLES)
def test_case_list_shows_exactly_the_cases_of_the_own_units(world, places, api, role):
    response = api(getattr(world, role)).get(CASES)

    assert response.status_code == 200
    expected = {places[p]["case"].pk for p in PLACES if (role, p) in VISIBLE}
    assert {row["id"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_case_create_is_allowed_only_for_visible_persons_in_own_units(
    world, places, api, role, place
):
    unit = {"a": world.unit_a, "b": world.unit_b, "other": world.unit_other}[place]
    person = places[place]["person"]

    response = api(getattr(world, role)).post(
        CASES, {"person": person.pk, "unit": unit.pk}, format="json"
    )

    if role not in OPENS_IN:
        assert response.status_code == 403
    elif OPENS_IN[role] == place:
        assert response.status_code == 201, response.json()
        assert Case.objects.get(pk=response.json()["id"]).unit == unit
    else:
        assert response.status_code == 400
        assert set(response.json()) == {"person", "unit"}
    assert Case.objects.filter(person=person).count() == (2 if response.status_code == 201 else 1)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_case_update_is_allowed_for_the_responsible_and_the_lead_and_404_elsewhere(
    world, places, api, role, place
):
    case = places[place]["case"]

    response = api(getattr(world, role)).patch(
        case_url(case), {"version": 1, "reason": "Neu"}, format="json"
    )

    case.refresh_from_db()
    if (role, place) in VISIBLE:
        assert response.status_code == 200, response.json()
        assert (case.reason, case.version) == ("Neu", 2)
    else:
        assert response.status_code == 404
        assert (case.reason, case.version) == ("Anlass", 1)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_contact_create_is_allowed_only_in_visible_cases(world, places, api, role, place):
    case = places[place]["case"]

    response = api(getattr(world, role)).post(
        contacts_url(case), {"date": "2025-03-05", "duration_minutes": 30}, format="json"
    )

    assert response.status_code == (201 if (role, place) in VISIBLE else 404)
    assert case.contacts.count() == (2 if response.status_code == 201 else 1)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_contacts_are_listed_only_for_visible_cases(world, places, api, role, place):
    case = places[place]["case"]

    response = api(getattr(world, role)).get(contacts_url(case))

    if (role, place) in VISIBLE:
        assert response.status_code == 200
        assert [c["id"] for c in response.json()["results"]] == [places[place]["contact"].pk]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ["cm", "cm_b", "lead", "authority", "outsider"])
def test_contact_update_is_allowed_in_visible_cases_and_404_elsewhere(
    world, places, api, role, place
):
    contact = places[place]["contact"]

    response = api(getattr(world, role)).patch(
        contact_url(contact), {"version": 1, "note": "Nachtrag"}, format="json"
    )

    contact.refresh_from_db()
    if (role, place) in VISIBLE:
        assert response.status_code == 200
        assert (contact.note, contact.version) == ("Nachtrag", 2)
    else:
        assert response.status_code == 404
        assert (contact.note, contact.version) == ("", 1)


def test_a_contact_cannot_be_reached_through_another_case(world, places, api):
    """The case in the URL must be the contact's case, even when both are visible."""
    second = open_case(world.cm, places["a"]["person"], world.unit_a, opened_on=OPENED)
    contact = places["a"]["contact"]

    response = api(world.cm).get(f"/api/v1/cases/{second.pk}/contacts/{contact.pk}/")

    assert response.status_code == 404


# --- visible but not allowed: 403 -------------------------------------------


def test_a_case_manager_may_not_change_a_colleagues_case(world, places, api):
    person = places["a"]["person"]
    colleagues = open_case(world.lead, person, world.unit_a, opened_on=OPENED)

    response = api(world.cm).patch(
        case_url(colleagues), {"version": 1, "reason": "X"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Dazu fehlt Ihnen die Berechtigung."


def test_only_the_lead_may_reassign_a_case(world, places, api):
    case = places["a"]["case"]

    by_cm = api(world.cm).patch(
        case_url(case), {"version": 1, "case_manager": world.lead.pk}, format="json"
    )
    by_lead = api(world.lead).patch(
        case_url(case), {"version": 1, "case_manager": world.lead.pk}, format="json"
    )

    assert by_cm.status_code == 403
    assert by_lead.status_code == 200
    assert by_lead.json()["case_manager"] == world.lead.pk


def test_no_contact_can_be_recorded_in_a_closed_case(world, places, api):
    case = places["a"]["case"]
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=OPENED)

    response = api(world.cm).post(
        contacts_url(case), {"date": "2025-03-05", "duration_minutes": 30}, format="json"
    )

    assert response.status_code == 403
    assert case.contacts.count() == 1


def test_a_case_manager_may_not_change_a_colleagues_contact_but_the_lead_may(world, places, api):
    contact = record(world.lead, places["a"]["case"])

    by_cm = api(world.cm).patch(contact_url(contact), {"version": 1, "note": "X"}, format="json")
    by_lead = api(world.lead).patch(
        contact_url(contact), {"version": 1, "note": "Y"}, format="json"
    )

    assert by_cm.status_code == 403
    assert by_lead.status_code == 200


# --- abilities ----------------------------------------------------------------


def test_case_retrieve_shows_the_abilities_of_the_caller(world, places, api):
    case = places["a"]["case"]

    as_cm = api(world.cm).get(case_url(case)).json()["abilities"]
    as_lead = api(world.lead).get(case_url(case)).json()["abilities"]

    assert as_cm == {"view": True, "document": True, "change": True, "assign": False}
    assert as_lead == {"view": True, "document": True, "change": True, "assign": True}


def test_contact_retrieve_shows_the_abilities_of_the_caller(world, places, api):
    contact = places["a"]["contact"]

    as_cm = api(world.cm).get(contact_url(contact)).json()
    Case.objects.filter(pk=contact.case_id).update(status=Case.Status.CLOSED)
    after_closing = api(world.cm).get(contact_url(contact)).json()

    assert as_cm["abilities"] == {"view": True, "change": True}
    assert after_closing["abilities"] == {"view": True, "change": False}


# --- create, update and filters -------------------------------------------------


def test_case_create_opens_a_case_with_all_data(world, places, api):
    person = places["a"]["person"]

    response = api(world.cm).post(
        CASES,
        {
            "person": person.pk,
            "reason": "Anerkennung Berufsabschluss",
            "fields": ["sprache", "arbeit"],
            "opened_on": "2025-04-01",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "NORD-2025-0002"
    assert body["unit"] == world.unit_a.pk  # the only unit where cm opens cases
    assert body["case_manager"] == world.cm.pk
    assert body["person"] == {"id": person.pk, "family_name": "Person-a", "given_names": "Erika"}
    assert sorted(body["fields"]) == ["arbeit", "sprache"]
    assert body["status"] == "open"
    assert body["abilities"]["document"] is True


def test_case_create_by_a_lead_may_name_a_case_manager_of_the_unit(world, places, api):
    response = api(world.lead).post(
        CASES, {"person": places["a"]["person"].pk, "case_manager": world.cm.pk}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["case_manager"] == world.cm.pk


def test_case_update_changes_fields_and_keeps_the_rest(world, places, api):
    case = places["a"]["case"]

    response = api(world.cm).patch(
        case_url(case), {"version": 1, "fields": ["arbeit"]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["fields"] == ["arbeit"]
    assert response.json()["reason"] == "Anlass"
    assert response.json()["version"] == 2


def test_contact_create_records_the_contact(world, places, api):
    case = places["a"]["case"]

    response = api(world.cm).post(
        contacts_url(case),
        {
            "date": "2025-03-10",
            "duration_minutes": 60,
            "mode": "phone",
            "interpreter_used": True,
            "language": "ar",
            "fields": ["sprache"],
            "note": "Kursanmeldung besprochen",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["case"], body["mode"], body["fields"]) == (case.pk, "phone", ["sprache"])
    assert body["created_by"] == world.cm.pk
    assert body["abilities"] == {"view": True, "change": True}
    case.refresh_from_db()
    assert case.last_contact_on == date(2025, 3, 10)


def test_contact_update_changes_only_the_fields_sent(world, places, api):
    contact = places["a"]["contact"]
    contact.fields.set([world.fields[0]])

    response = api(world.cm).patch(
        contact_url(contact), {"version": 1, "duration_minutes": 90}, format="json"
    )

    assert response.status_code == 200, response.json()
    contact.refresh_from_db()
    assert (contact.duration_minutes, contact.date) == (90, OPENED + timedelta(days=1))
    assert [f.code for f in contact.fields.all()] == ["sprache"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["open_mine", "open_lead"]),
        ("status=closed", ["closed_mine"]),
        ("case_manager=me", ["open_mine", "closed_mine"]),
        ("case_manager=me&status=open", ["open_mine"]),
    ],
)
def test_case_list_filters(world, api, query, expected):
    person = register_person(world.cm, world.unit_a)
    cases = {
        "open_mine": open_case(world.cm, person, world.unit_a, opened_on=date(2025, 1, 3)),
        "open_lead": open_case(world.lead, person, world.unit_a, opened_on=date(2025, 1, 2)),
        "closed_mine": open_case(world.cm, person, world.unit_a, opened_on=date(2025, 1, 1)),
    }
    Case.objects.filter(pk=cases["closed_mine"].pk).update(status=Case.Status.CLOSED)

    response = api(world.cm).get(f"{CASES}?{query}")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [cases[k].pk for k in expected]


def test_case_list_filters_by_unit_and_person(world, places, api):
    from kim.testing.factories import member

    member(world.lead, world.unit_b, "team_lead")
    client = api(world.lead)

    by_unit = client.get(CASES, {"unit": world.unit_b.pk}).json()["results"]
    by_person = client.get(CASES, {"person": places["a"]["person"].pk}).json()["results"]

    assert [row["id"] for row in by_unit] == [places["b"]["case"].pk]
    assert [row["id"] for row in by_person] == [places["a"]["case"].pk]


def test_case_list_searches_by_name_of_the_person(world, places, api):
    response = api(world.cm).get(CASES, {"q": "Person-a"})

    assert [row["id"] for row in response.json()["results"]] == [places["a"]["case"].pk]


# --- stale versions -------------------------------------------------------------


def test_case_update_with_a_stale_version_gives_409_and_changes_nothing(world, places, api):
    case = places["a"]["case"]
    api(world.lead).patch(case_url(case), {"version": 1, "reason": "Vom Lead"}, format="json")

    response = api(world.cm).patch(
        case_url(case), {"version": 1, "reason": "Von cm"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["reason"] == "Vom Lead"
    assert response.json()["current"]["version"] == 2
    assert "inzwischen von jemand anderem geändert" in response.json()["detail"]
    case.refresh_from_db()
    assert (case.reason, case.version) == ("Vom Lead", 2)


def test_contact_update_with_a_stale_version_gives_409_and_changes_nothing(world, places, api):
    contact = places["a"]["contact"]
    api(world.lead).patch(contact_url(contact), {"version": 1, "note": "Lead"}, format="json")

    response = api(world.cm).patch(
        contact_url(contact), {"version": 1, "note": "cm", "duration_minutes": 5}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["note"] == "Lead"
    contact.refresh_from_db()
    assert (contact.note, contact.duration_minutes, contact.version) == ("Lead", 45, 2)
    assert not AuditEvent.objects.filter(action="contact.update", actor=world.cm).exists()


@pytest.mark.parametrize("kind", ["case", "contact"])
def test_updates_without_version_are_refused_in_german(world, places, api, kind):
    url = case_url(places["a"]["case"]) if kind == "case" else contact_url(places["a"]["contact"])

    response = api(world.cm).patch(url, {"note": "x", "reason": "x"}, format="json")

    assert response.status_code == 400
    assert "Die Version fehlt." in response.json()["version"][0]


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"opened_on": "2025-02-30"}, "opened_on", "Kein gültiges Datum"),
        ({"opened_on": "2999-01-01"}, "opened_on", "Das Eröffnungsdatum liegt in der Zukunft."),
        ({"fields": ["gibtsnicht"]}, "fields", "Unbekanntes Handlungsfeld „gibtsnicht“."),
        ({"fields": "sprache"}, "fields", "Liste"),
        ({"person": 999999}, "person", "Diese Person gibt es nicht"),
        ({"person": "abc"}, "person", "Die Person wird als Zahl (ID) angegeben."),
        ({"person": None}, "person", "darf nicht null sein"),
        ({"unit": 999999}, "unit", "In dieser Einheit dürfen Sie keine Fälle eröffnen"),
        ({"case_manager": 999999}, "case_manager", "Dieses Konto gibt es nicht."),
        ({"person": 99999999999999999999999}, "person", "Diese Person gibt es nicht"),
        ({"unit": 99999999999999999999999}, "unit", "In dieser Einheit dürfen Sie keine"),
        ({"fields": [None]}, "fields", "Unbekanntes Handlungsfeld"),
    ],
)
def test_case_create_with_bad_input_gives_400_with_a_german_message(
    world, places, api, payload, field, message
):
    body = {"person": places["a"]["person"].pk, **payload}

    response = api(world.cm).post(CASES, body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert Case.objects.count() == 3


def test_case_create_refuses_a_case_manager_from_another_unit_or_tenant(world, places, api):
    person = places["a"]["person"].pk

    other_unit = api(world.cm).post(
        CASES, {"person": person, "case_manager": world.cm_b.pk}, format="json"
    )
    other_tenant = api(world.cm).post(
        CASES, {"person": person, "case_manager": world.outsider.pk}, format="json"
    )

    assert other_unit.status_code == 400
    assert "case_manager" in other_unit.json()
    assert other_tenant.status_code == 400
    assert other_tenant.json()["case_manager"] == ["Dieses Konto gibt es nicht."]
    assert Case.objects.count() == 3


def test_case_create_refuses_fields_of_another_tenant(world, places, api):
    FieldOfAction.objects.create(tenant=world.other_tenant, code="wohnen", name="Wohnen")

    response = api(world.cm).post(
        CASES, {"person": places["a"]["person"].pk, "fields": ["wohnen"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == ["Unbekanntes Handlungsfeld „wohnen“."]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"date": "gestern"}, "date", "Kein gültiges Datum"),
        ({"date": "2999-01-01"}, "date", "Das Datum liegt in der Zukunft."),
        ({"date": "2025-02-28"}, "date", "vor der Eröffnung des Falls am 01.03.2025"),
        ({"duration_minutes": 0}, "duration_minutes", "größer oder gleich 1"),
        ({"duration_minutes": 1441}, "duration_minutes", "kleiner oder gleich 1440"),
        ({"duration_minutes": "lang"}, "duration_minutes", "gültige Ganzzahl"),
        ({"mode": "brieftaube"}, "mode", "keine gültige Option"),
        ({"language": "xx"}, "language", "keine gültige Option"),
    ],
)
def test_contact_create_with_bad_input_gives_400_with_a_german_message(
    world, places, api, payload, field, message
):
    case = places["a"]["case"]
    body = {"date": "2025-03-05", "duration_minutes": 30, **payload}

    response = api(world.cm).post(contacts_url(case), body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert case.contacts.count() == 1


def test_contact_create_requires_date_and_duration(world, places, api):
    response = api(world.cm).post(contacts_url(places["a"]["case"]), {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"date", "duration_minutes"}
    assert response.json()["date"] == ["Dieses Feld ist zwingend erforderlich."]


@pytest.mark.parametrize(
    "query",
    [
        "status=offen",
        "unit=abc",
        "unit=0",
        "case_manager=du",
        "person=x",
        "unit=99999999999999999999999",
        "person=99999999999999999999999",
        "case_manager=99999999999999999999999",
    ],
)
def test_case_list_with_bad_filters_gives_400_not_500(world, places, api, query):
    response = api(world.cm).get(f"{CASES}?{query}")

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_case_list_names_the_bad_filter_in_german(world, api):
    response = api(world.cm).get(f"{CASES}?status=offen")

    assert response.status_code == 400
    assert response.json() == {"status": ['"offen" ist keine gültige Option.']}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/abc/",
        "/api/v1/cases/99999999999999999999999/",
        "/api/v1/cases/abc/contacts/",
        "/api/v1/cases/99999999999999999999999/contacts/",
    ],
)
def test_strange_ids_give_404(world, api, path):
    assert api(world.cm).get(path).status_code == 404


# --- audit ------------------------------------------------------------------------


def test_case_retrieve_writes_an_audit_event(world, places, api):
    case = places["a"]["case"]

    api(world.cm).get(case_url(case))

    event = AuditEvent.objects.get(action="case.view")
    assert (event.actor, event.object_id, event.person_id) == (world.cm, case.pk, case.person_id)
    assert (event.channel, event.unit_id) == ("api", world.unit_a.pk)


def test_case_list_writes_one_audit_event_with_the_ids_of_the_page(world, places, api):
    api(world.lead).get(CASES)

    event = AuditEvent.objects.get(action="case.list")
    assert event.actor == world.lead
    assert event.changes == {
        "ids": [places["a"]["case"].pk],
        "person_ids": [places["a"]["person"].pk],
    }


def test_contact_list_and_retrieve_write_audit_events(world, places, api):
    case, contact = places["a"]["case"], places["a"]["contact"]

    api(world.cm).get(contacts_url(case))
    api(world.cm).get(contact_url(contact))

    listed = AuditEvent.objects.get(action="contact.list")
    viewed = AuditEvent.objects.get(action="contact.view")
    assert (listed.actor, listed.person_id, listed.object_id) == (world.cm, case.person_id, case.pk)
    assert listed.changes == {"ids": [contact.pk]}
    assert (viewed.actor, viewed.person_id, viewed.object_id) == (
        world.cm,
        case.person_id,
        contact.pk,
    )


def test_writes_through_the_api_are_audited_by_the_services(world, places, api):
    person = places["a"]["person"]
    client = api(world.cm)
    case = client.post(CASES, {"person": person.pk}, format="json").json()
    contact = client.post(
        f"/api/v1/cases/{case['id']}/contacts/",
        {"date": timezone.localdate().isoformat(), "duration_minutes": 20},
        format="json",
    ).json()
    client.patch(
        f"/api/v1/cases/{case['id']}/contacts/{contact['id']}/",
        {"version": 1, "note": "x"},
        format="json",
    )
    client.patch(f"/api/v1/cases/{case['id']}/", {"version": 1, "reason": "x"}, format="json")

    for action in ["case.open", "contact.create", "contact.update", "case.update"]:
        event = AuditEvent.objects.get(action=action, channel="api")
        assert (event.actor, event.person_id) == (world.cm, person.pk), action


def test_outsiders_leave_no_view_events(world, places, api):
    client = api(world.outsider)
    client.get(case_url(places["a"]["case"]))
    client.get(contacts_url(places["a"]["case"]))
    client.get(contact_url(places["a"]["contact"]))

    assert not AuditEvent.objects.filter(
        actor=world.outsider, action__in=["case.view", "contact.list", "contact.view"]
    ).exists()


# --- query counts -------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_case_list_needs_a_bounded_number_of_queries(
    world, api, django_assert_max_num_queries, rows
):
    for n in range(rows):
        person = register_person(world.cm, world.unit_a, family_name=f"Reihe{n:02d}")
        case = open_case(world.cm, person, world.unit_a, opened_on=OPENED)
        case.fields.set(world.fields)
    client = api(world.cm)

    with django_assert_max_num_queries(5):
        response = client.get(CASES)

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_contact_list_needs_a_bounded_number_of_queries(
    world, places, api, django_assert_max_num_queries, rows
):
    case = places["a"]["case"]
    for _ in range(rows - 1):
        record(world.cm, case, fields=world.fields)
    client = api(world.cm)

    with django_assert_max_num_queries(6):
        response = client.get(contacts_url(case))

    assert len(response.json()["results"]) == rows


# --- token ----------------------------------------------------------------------------


def test_a_token_reaches_cases_and_contacts_of_its_user_only(world, places):
    _, raw = ApiToken.issue(user=world.cm_b, name="Test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert client.get(case_url(places["b"]["case"])).status_code == 200
    assert client.get(case_url(places["a"]["case"])).status_code == 404
    assert client.get(contacts_url(places["a"]["case"])).status_code == 404


# --- never a 500 ----------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["2025-03-05", "2999-01-01", "sprache", "phone", "ar", "me", "1"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)
CASE_FIELDS = ["person", "unit", "case_manager", "reason", "fields", "opened_on", "version"]
CONTACT_FIELDS = [
    "date", "duration_minutes", "mode", "interpreter_used", "language", "fields", "note",
    "version",
]  # fmt: skip
FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(CASE_FIELDS), JSON_VALUES, max_size=5))
def test_case_writes_never_fail_with_500_whatever_the_input(world, places, api, payload):
    client = api(world.lead)

    created = client.post(CASES, payload, format="json")
    updated = client.patch(case_url(places["a"]["case"]), payload, format="json")

    assert created.status_code in (201, 400), created.content
    assert updated.status_code in (200, 400, 403, 409), updated.content


@pytest.mark.parametrize("code", ["\x00", "spr\x00ache"])
def test_a_catalogue_code_that_cannot_be_one_is_a_german_400(world, places, api, code):
    """Hypothesis once sent a NUL character as a field code: PostgreSQL refuses NUL in
    any query, so the lookup itself failed with a 500."""
    client = api(world.lead)

    created = client.post(CASES, {"fields": [code]}, format="json")

    assert created.status_code == 400
    assert created.json()["fields"] == ["Handlungsfelder werden als Kürzel angegeben."]


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(CONTACT_FIELDS), JSON_VALUES, max_size=5))
def test_contact_writes_never_fail_with_500_whatever_the_input(world, places, api, payload):
    client = api(world.lead)

    created = client.post(contacts_url(places["a"]["case"]), payload, format="json")
    updated = client.patch(contact_url(places["a"]["contact"]), payload, format="json")

    assert created.status_code in (201, 400), created.content
    assert updated.status_code in (200, 400, 409), updated.content


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["status", "unit", "case_manager", "person", "q", "page", "page_size"]),
        st.text(max_size=25) | st.integers(min_value=-(2**70), max_value=2**70).map(str),
        max_size=4,
    )
)
def test_case_list_never_fails_with_500_whatever_the_filters(world, places, api, params):
    response = api(world.lead).get(CASES, params)

    assert response.status_code in (200, 400, 404), response.content
