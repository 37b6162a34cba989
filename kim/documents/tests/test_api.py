"""The documents API: lists of a person and a case, upload (multipart), metadata,
download and deletion, with the pages' permissions, closed-case rule and audit.

`places` (conftest): unit A (cm, lead), unit B (cm_b), the authority's own
person and the other tenant, each with a person document and (but the
authority) a case document."""

import pytest
from rest_framework.test import APIClient

from kim.cases.models import Case
from kim.core.models import AuditEvent
from kim.documents.models import Document
from kim.documents.tests.conftest import EXE, PDF, PNG, upload

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
SEES_A = {"cm", "lead"}


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def body(name="bescheid.pdf", content=PDF, content_type="application/pdf", **extra):
    return {
        "type": "decision",
        "description": "Bescheid Jobcenter",
        "file": upload(name, content, content_type),
    } | extra


@pytest.mark.parametrize("username", USERS)
def test_lists_and_uploads_follow_the_person_and_the_case(world, places, api, username):
    a = places["A"]
    client = api(getattr(world, username))

    of_person = client.get(f"/api/v1/persons/{a.person.pk}/documents/")
    of_case = client.get(f"/api/v1/cases/{a.case.pk}/documents/")
    to_person = client.post(f"/api/v1/persons/{a.person.pk}/documents/", body(), format="multipart")
    to_case = client.post(f"/api/v1/cases/{a.case.pk}/documents/", body(), format="multipart")

    codes = tuple(r.status_code for r in (of_person, of_case, to_person, to_case))
    if username in SEES_A:
        assert codes == (200, 200, 201, 201), (to_person.content, to_case.content)
        assert {d["id"] for d in of_person.json()["results"]} == {
            a.person_document.pk,
            a.case_document.pk,
        }
        assert [d["id"] for d in of_case.json()["results"]] == [a.case_document.pk]
        assert to_person.json()["case"] is None
        assert (to_case.json()["case"], to_case.json()["type"]) == (a.case.pk, "decision")
        assert to_case.json()["content_type"] == "application/pdf"
    else:
        assert codes == (404, 404, 404, 404)
    assert Document.objects.filter(person=a.person).count() == (4 if username in SEES_A else 2)


@pytest.mark.parametrize("username", USERS)
def test_metadata_download_and_delete(world, places, api, username):
    a = places["A"]
    document = a.case_document
    client = api(getattr(world, username))

    meta = client.get(f"/api/v1/documents/{document.pk}/")
    file = client.get(f"/api/v1/documents/{document.pk}/download/")
    deleted = client.post(
        f"/api/v1/documents/{document.pk}/delete/", {"reason": "doppelt"}, format="json"
    )

    codes = (meta.status_code, file.status_code, deleted.status_code)
    if username in SEES_A:
        assert codes == (200, 200, 200)
        assert b"".join(file.streaming_content) == PNG
        assert file["Content-Type"] == "image/png"
        assert file["X-Content-Type-Options"] == "nosniff"
        assert file["Cache-Control"] == "private, no-store"
        assert file["Content-Disposition"] == 'attachment; filename="bescheid.png"'
        assert deleted.json()["deleted"] is True
        assert deleted.json()["deletion_reason"] == "doppelt"
    else:
        assert codes == (404, 404, 404)
        document.refresh_from_db()
        assert document.deleted_at is None


@pytest.mark.parametrize("accept", ["image/png", "application/pdf", "*/*", "application/json"])
def test_a_download_answers_whatever_type_the_client_accepts(world, places, api, accept):
    # Regression: the JSON-only content negotiation refused `Accept: image/png` with 406.
    document = places["A"].case_document
    client = api(world.cm)

    file = client.get(f"/api/v1/documents/{document.pk}/download/", HTTP_ACCEPT=accept)
    missing = client.get("/api/v1/documents/999999/download/", HTTP_ACCEPT=accept)

    assert file.status_code == 200
    assert file["Content-Type"] == "image/png"
    assert (missing.status_code, missing["Content-Type"]) == (404, "application/json")


def test_a_colleague_may_not_delete_what_someone_else_uploaded(world, places, api):
    a = places["A"]
    from kim.core.actor import get_actor
    from kim.documents.services import document_upload
    from kim.testing.factories import UserFactory, member

    colleague = UserFactory(username="cm2", tenant=world.tenant)
    member(colleague, world.unit_a, "case_manager")
    own = document_upload(
        actor=get_actor(colleague),
        case=a.case,
        kind="letter",
        description="Schreiben",
        upload=upload(),
    )
    client = api(colleague)

    others = client.post(
        f"/api/v1/documents/{a.case_document.pk}/delete/", {"reason": "x"}, format="json"
    )
    mine = client.post(f"/api/v1/documents/{own.pk}/delete/", {"reason": "falsch"}, format="json")

    assert (others.status_code, mine.status_code) == (403, 200)


def test_deletion_needs_a_reason_and_happens_once(world, places, api):
    document = places["A"].person_document
    client = api(world.cm)
    url = f"/api/v1/documents/{document.pk}/delete/"

    missing = client.post(url, {}, format="json")
    blank = client.post(url, {"reason": "  "}, format="json")
    done = client.post(url, {"reason": "falsche Person"}, format="json")
    again = client.post(url, {"reason": "noch einmal"}, format="json")
    file = client.get(f"/api/v1/documents/{document.pk}/download/")
    meta = client.get(f"/api/v1/documents/{document.pk}/")

    assert (missing.status_code, blank.status_code, done.status_code) == (400, 400, 200)
    assert "Grund der Löschung" in str(missing.json()["reason"])
    assert again.status_code == 400
    assert "bereits am" in str(again.json())
    assert file.status_code == 404
    assert "gelöscht" in file.json()["detail"]
    assert meta.json()["deleted"] is True


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (body("virus.pdf", EXE), "file", "nur PDF-, JPEG- und PNG-Dateien"),
        (body("scan.pdf", PNG, "image/png"), "file", None),
        (body(type="pass"), "type", "keine gültige Option"),
        (body(description=""), "description", "beschreiben"),
        (body(description="x" * 301), "description", "300"),
        ({"type": "decision", "description": "Bescheid"}, "file", "Datei auswählen"),
    ],
)
def test_uploads_are_checked_in_german(world, places, api, data, field, message):
    a = places["A"]

    response = api(world.cm).post(f"/api/v1/cases/{a.case.pk}/documents/", data, format="multipart")

    assert response.status_code == 400, response.content
    assert field in response.json()
    if message:
        assert message in str(response.json()[field]), response.json()
    assert Document.objects.filter(case=a.case).count() == 1


def test_json_uploads_are_not_accepted(world, places, api):
    response = api(world.cm).post(
        f"/api/v1/cases/{places['A'].case.pk}/documents/",
        {"type": "decision", "description": "x"},
        format="json",
    )

    assert response.status_code == 415


def test_a_closed_case_is_read_only(world, places, api):
    a = places["A"]
    Case.objects.filter(pk=a.case.pk).update(status="closed", phase="closed")
    client = api(world.cm)

    listed = client.get(f"/api/v1/cases/{a.case.pk}/documents/")
    uploaded = client.post(f"/api/v1/cases/{a.case.pk}/documents/", body(), format="multipart")
    file = client.get(f"/api/v1/documents/{a.case_document.pk}/download/")
    deleted = client.post(
        f"/api/v1/documents/{a.case_document.pk}/delete/", {"reason": "x"}, format="json"
    )

    assert (listed.status_code, file.status_code) == (200, 200)
    assert (uploaded.status_code, deleted.status_code) == (403, 403)
    assert "abgeschlossen" in uploaded.json()["detail"]


def test_reads_and_writes_are_audited(world, places, api):
    a = places["A"]
    client = api(world.cm)

    client.get(f"/api/v1/persons/{a.person.pk}/documents/")
    client.get(f"/api/v1/cases/{a.case.pk}/documents/")
    client.get(f"/api/v1/documents/{a.case_document.pk}/")
    client.get(f"/api/v1/documents/{a.case_document.pk}/download/")
    uploaded = client.post(
        f"/api/v1/persons/{a.person.pk}/documents/", body(), format="multipart"
    ).json()
    client.post(f"/api/v1/documents/{uploaded['id']}/delete/", {"reason": "x"}, format="json")

    events = AuditEvent.objects.filter(channel="api").order_by("id")
    assert [(e.action, e.person_id) for e in events] == [
        ("document.list", a.person.pk),
        ("document.list", a.person.pk),
        ("document.list", a.person.pk),
        ("document.download", a.person.pk),
        ("document.upload", a.person.pk),
        ("document.delete", a.person.pk),
    ]
    assert events[1].changes["ids"] == [a.case_document.pk]
    assert events[5].reason == "x"


@pytest.mark.parametrize("rows", [1, 12])
def test_lists_need_a_bounded_number_of_queries(
    world, places, api, django_assert_max_num_queries, rows
):
    from kim.core.actor import get_actor
    from kim.documents.services import document_upload

    a = places["A"]
    for n in range(rows):
        for target in ({"person": a.person}, {"case": a.case}):
            document_upload(
                actor=get_actor(world.cm),
                kind="other",
                description=f"Dokument {n}",
                upload=upload(),
                **target,
            )
    client = api(world.lead)

    with django_assert_max_num_queries(8):
        of_person = client.get(f"/api/v1/persons/{a.person.pk}/documents/")
    with django_assert_max_num_queries(8):
        of_case = client.get(f"/api/v1/cases/{a.case.pk}/documents/")

    assert len(of_person.json()["results"]) == 2 * rows + 2
    assert len(of_case.json()["results"]) == rows + 1
