"""GET /api/v1/procedures/ and /api/v1/procedures/{id}/: the authority reads its
procedures as on the pages; everyone else 403, another unit's or tenant's 404; reads
audited; the list costs the same queries for any number of procedures."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.residence import procedures as svc
from kim.residence.models import Procedure
from kim.residence.tests.procedure_helpers import (
    make_appointment,
    open_procedure,
    other_authorities,
)

URL = "/api/v1/procedures/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def procedure(world):
    return open_procedure(world)


def test_the_list_shows_open_procedures_as_the_page(world, procedure):
    appointment = make_appointment(world, procedure)
    finished = open_procedure(world, family_name="Fertig")
    svc.procedure_move(
        actor=get_actor(world.authority),
        procedure=finished,
        version=finished.version,
        to=Procedure.Stage.WITHDRAWN,
        note="verzogen",
    )
    response = api(world.authority).get(URL)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == procedure.pk
    assert row["person"] == {
        "id": procedure.person_id,
        "name": "Amira Antrag",
        "birth_date": "1988-03-14",
    }
    assert row["kind"] == "stag10" and row["stage"] == "counselling"
    assert row["days_open"] == 60
    assert row["missing_documents"] == len(svc.checklist("stag10"))
    assert row["next_appointment"] == timezone.localtime(appointment.starts_at).isoformat()
    assert row["referral"] is None
    ids = {r["id"] for r in api(world.authority).get(URL, {"finished": "true"}).json()["results"]}
    assert ids == {procedure.pk, finished.pk}
    assert AuditEvent.objects.filter(action="procedure.list", actor=world.authority).count() == 2


def test_the_list_filters_by_kind_and_stage(world, procedure):
    young = open_procedure(world, family_name="Jung", kind=Procedure.Kind.YOUNG)
    client = api(world.authority)
    assert [r["id"] for r in client.get(URL, {"kind": "aufenthg25a"}).json()["results"]] == [
        young.pk
    ]
    assert client.get(URL, {"stage": "received"}).json()["results"] == []
    response = client.get(URL, {"stage": "somewhere"})
    assert response.status_code == 400 and "stage" in response.json()


def test_the_detail_has_steps_documents_and_appointments_and_is_audited(world, procedure):
    svc.document_mark(
        actor=get_actor(world.authority),
        procedure=procedure,
        code="passport",
        received_on=timezone.localdate() - timedelta(days=1),
    )
    make_appointment(world, procedure)
    response = api(world.authority).get(f"{URL}{procedure.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == procedure.pk and data["missing_documents"] is not None
    assert [step["stage"] for step in data["steps"]] == ["counselling"]
    documents = {d["code"]: d["received_on"] for d in data["documents"]}
    assert documents["passport"] == (timezone.localdate() - timedelta(days=1)).isoformat()
    assert documents["fee"] is None
    assert data["appointments"][0]["purpose"] == "application"
    event = AuditEvent.objects.get(action="procedure.view")
    assert event.person_id == procedure.person_id


@pytest.mark.parametrize("who", ["cm", "lead", "coordination", "data_protection", "admin"])
def test_everyone_without_the_authority_role_gets_403(world, procedure, who):
    client = api(getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{procedure.pk}/").status_code == 403


@pytest.mark.parametrize("who", ["other_unit", "other_tenant"])
def test_another_authority_does_not_see_the_procedure(world, procedure, who):
    client = api(getattr(other_authorities(world), who))
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{procedure.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="procedure.view").exists()


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_costs_the_same_queries_for_any_number(world, count, django_assert_num_queries):
    for n in range(count):
        make_appointment(world, open_procedure(world, family_name=f"Person{n}"))
    client = api(world.authority)
    client.get(URL)
    # count, rows, audit (the actor is cached on the authenticated user)
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
