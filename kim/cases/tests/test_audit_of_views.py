"""Every page that shows or changes personal data writes its audit event."""

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.testing.factories import open_case, register_person


@pytest.fixture
def setting(world, client):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a)
    client.force_login(world.cm)
    return world, person, case


def last_event():
    return AuditEvent.objects.order_by("-id").first()


@pytest.mark.parametrize(
    ("name", "action", "object_type"),
    [
        ("people:detail", "person.view", "person"),
        ("people:edit", "person.view", "person"),
    ],
)
def test_person_pages_audit_the_read(client, setting, name, action, object_type):
    world, person, case = setting
    client.get(reverse(name, args=[person.pk]))
    event = last_event()
    assert (event.action, event.object_type, event.person_id) == (action, object_type, person.pk)
    assert event.actor == world.cm
    assert event.unit == world.unit_a
    assert event.channel == "web"


def test_case_page_audits_the_read(client, setting):
    world, person, case = setting
    client.get(reverse("cases:detail", args=[case.pk]))
    event = last_event()
    assert (event.action, event.object_id, event.person_id) == ("case.view", case.pk, person.pk)


@pytest.mark.parametrize("name", ["cases:list", "cases:mine"])
def test_case_lists_audit_which_cases_were_shown(client, setting, name):
    world, person, case = setting
    client.get(reverse(name))
    event = last_event()
    assert event.action == "case.list"
    assert event.changes["ids"] == [case.pk]


def test_search_audits_the_query_and_the_hits(client, setting):
    world, person, case = setting
    client.get(reverse("people:search"), {"q": "hadad"})
    event = last_event()
    assert event.action == "person.search"
    assert event.changes == {"query": "hadad", "ids": [person.pk]}


def test_registration_audits_the_new_data(client, setting):
    client.post(
        reverse("people:register"),
        {"family_name": "Okonkwo", "given_names": "Ada", "sex": "f", "birth_date_precision": "day"},
    )
    event = last_event()
    assert event.action == "person.register"
    assert event.changes["family_name"] == [None, "Okonkwo"]


def test_contact_recording_audits_the_write(client, setting):
    world, person, case = setting
    client.post(
        reverse("cases:contact_new", args=[case.pk]),
        {
            "date": "2026-01-10",
            "duration_minutes": 45,
            "mode": "in_person",
            "note": "Termin beim Jobcenter besprochen",
        },
    )
    event = last_event()
    assert event.action == "contact.create"
    assert event.person_id == person.pk
    assert event.changes["duration_minutes"] == [None, 45]


def test_person_update_audits_the_changes(client, setting):
    world, person, case = setting
    client.post(
        reverse("people:edit", args=[person.pk]),
        {
            "version": person.version,
            "family_name": "Haddad",
            "given_names": "Lina",
            "sex": "f",
            "birth_date": "1990-05-17",
            "birth_date_precision": "day",
            "phone": "0151 000000",
        },
    )
    event = last_event()
    assert event.action == "person.update"
    assert event.changes["phone"] == ["", "0151 000000"]
    assert event.changes["sex"] == ["x", "f"]


def test_audit_log_view_is_itself_audited(client, setting):
    world, person, case = setting
    client.force_login(world.data_protection)
    response = client.get(reverse("core:audit"), {"person_id": person.pk})
    assert response.status_code == 200
    assert (
        "person.register" in response.content.decode()
        or "Person registriert" in response.content.decode()
    )
    assert last_event().action == "audit.view"


def test_outsiders_denied_access_leave_no_read_event(client, setting):
    world, person, case = setting
    client.force_login(world.cm_b)
    before = AuditEvent.objects.count()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert AuditEvent.objects.count() == before
