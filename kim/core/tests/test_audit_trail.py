import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.models import AuditEvent


@pytest.fixture
def event(world):
    return audit(actor=get_actor(world.cm), action="person.view", person_id=1)


def test_audit_events_cannot_be_changed_through_the_model(event):
    event.action = "nothing"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_update_audit_events(event):
    from django.db import connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "person.view"


@pytest.mark.parametrize(
    "username", ["cm", "cm_b", "lead", "coordination", "authority", "admin", "outsider"]
)
def test_only_the_data_protection_role_sees_the_audit_log(client, world, username):
    client.force_login(getattr(world, username))
    assert client.get(reverse("core:audit")).status_code == 404


def test_the_audit_log_shows_only_the_own_tenant(client, world):
    audit(actor=get_actor(world.outsider), action="person.view", person_id=4711)
    audit(actor=get_actor(world.cm), action="person.view", person_id=815)
    client.force_login(world.data_protection)
    response = client.get(reverse("core:audit"), {"action": "person.view"})
    rows = list(response.context["page"])
    assert [e.person_id for e in rows] == [815]


def test_audit_filters_validate_dates(client, world):
    client.force_login(world.data_protection)
    response = client.get(
        reverse("core:audit"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Anfang." in response.content.decode()
    response = client.get(reverse("core:audit"), {"date_from": "kein Datum"})
    assert response.status_code == 200
    assert "gültiges Datum" in response.content.decode()
