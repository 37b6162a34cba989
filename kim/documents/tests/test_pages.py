"""The upload, download and delete pages: German errors that keep the input, safe
download headers, and an audit event for every upload, list, download and delete."""

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.documents.models import Document
from kim.documents.tests.conftest import EXE, PDF, PNG, upload
from kim.documents.views import download_name
from kim.people.uploads import MAX_DOCUMENT_BYTES
from kim.testing.factories import open_case, register_person


@pytest.fixture
def lina(world):
    return register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")


@pytest.fixture
def case(world, lina):
    return open_case(world.cm, lina, world.unit_a)


@pytest.fixture
def cm(client, world):
    client.force_login(world.cm)
    return client


def last_event():
    return AuditEvent.objects.order_by("-id").first()


def test_a_case_manager_uploads_to_a_case_and_finds_it_on_the_case_page(cm, case, lina):
    response = cm.post(
        reverse("documents:case_upload", args=[case.pk]),
        {"kind": "decision", "description": "Bescheid Jobcenter", "file": upload()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:file", args=[case.pk]) + "#dokumente"
    document = Document.objects.get()
    assert (document.case, document.person, document.kind) == (case, lina, "decision")
    event = last_event()
    assert (event.action, event.object_id, event.person_id) == (
        "document.upload",
        document.pk,
        lina.pk,
    )
    page = cm.get(response["Location"]).content.decode()
    assert "Bescheid Jobcenter" in page
    assert "wurde gespeichert" in page
    assert reverse("documents:download", args=[document.pk]) in page


def test_a_person_page_lists_the_persons_documents_and_those_of_their_cases(cm, case, lina):
    cm.post(
        reverse("documents:person_upload", args=[lina.pk]),
        {"kind": "identity", "description": "Reisepass", "file": upload()},
    )
    cm.post(
        reverse("documents:case_upload", args=[case.pk]),
        {"kind": "decision", "description": "Bescheid", "file": upload()},
    )
    page = cm.get(reverse("people:detail", args=[lina.pk])).content.decode()
    assert "Reisepass" in page and "Bescheid" in page
    assert case.number in page and "ohne Fall" in page
    case_page = cm.get(reverse("cases:file", args=[case.pk])).content.decode()
    assert "Bescheid" in case_page and "Reisepass" not in case_page


BAD_FILES = [
    ("programm.pdf", EXE, "application/pdf", "keine davon"),
    ("scan.pdf", PNG, "application/pdf", "Inhalt ist ein PNG"),
    ("leer.pdf", b"", "application/pdf", "Die Datei ist leer."),
    (
        "gross.pdf",
        PDF + b"0" * (MAX_DOCUMENT_BYTES + 1 - len(PDF)),
        "application/pdf",
        "größer als 10 MB",
    ),
]


@pytest.mark.parametrize(("name", "content", "content_type", "message"), BAD_FILES)
def test_a_bad_file_gets_a_german_error_and_the_description_is_kept(
    cm, case, documents_dir, name, content, content_type, message
):
    response = cm.post(
        reverse("documents:case_upload", args=[case.pk]),
        {
            "kind": "decision",
            "description": "Bescheid vom 3. Februar",
            "file": upload(name, content, content_type),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert 'value="Bescheid vom 3. Februar"' in html
    assert '<option value="decision" selected>' in html
    assert "erneut ausgewählt" in html
    assert not Document.objects.exists()
    assert not documents_dir.exists() or not any(documents_dir.rglob("*.*"))


def test_missing_fields_are_named_in_german(cm, lina):
    response = cm.post(reverse("documents:person_upload", args=[lina.pk]), {"description": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte die Art des Dokuments auswählen." in html
    assert "Bitte eine Datei auswählen." in html
    assert 'value="x"' in html


def test_a_form_without_multipart_is_an_error_not_a_crash(cm, lina):
    response = cm.post(
        reverse("documents:person_upload", args=[lina.pk]),
        {"kind": "letter", "description": "Brief", "file": "keine-datei.pdf"},
    )
    assert response.status_code == 200
    assert "Bitte eine Datei auswählen." in response.content.decode()


@pytest.fixture
def document(cm, lina):
    cm.post(
        reverse("documents:person_upload", args=[lina.pk]),
        {
            "kind": "identity",
            "description": "Reisepass",
            "file": upload('Pass "Haddad".pdf', PDF, "application/pdf"),
        },
    )
    return Document.objects.get()


def test_the_download_is_an_attachment_with_the_detected_type_and_is_audited(cm, lina, document):
    response = cm.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Pass _Haddad.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = last_event()
    assert (event.action, event.object_id, event.person_id, event.channel) == (
        "document.download",
        document.pk,
        lina.pk,
        "web",
    )


@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        ("Pass Haddad.pdf", "application/pdf", "Pass Haddad.pdf"),
        ("Bescheid Müller.PDF", "application/pdf", "Bescheid Müller.pdf"),
        ("scan.pdf", "image/png", "scan.png"),  # the content decides the extension
        ('a"b\r\nSet-Cookie: x.pdf', "application/pdf", "a_b_Set-Cookie_ x.pdf"),
        ("../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("....pdf", "application/pdf", "dokument-7.pdf"),
    ],
)
def test_the_download_name_is_safe(original, content_type, expected):
    from kim.documents.services import _clean_name

    document = Document(pk=7, original_name=_clean_name(original), content_type=content_type)
    assert download_name(document) == expected


def test_reading_the_list_is_audited_with_the_documents_shown(cm, lina, case, document):
    cm.get(reverse("people:detail", args=[lina.pk]))
    event = AuditEvent.objects.filter(action="document.list").get()
    assert (event.object_type, event.object_id, event.person_id, event.changes) == (
        "person",
        lina.pk,
        lina.pk,
        {"ids": [document.pk]},
    )


def test_an_empty_list_writes_no_list_event(cm, case):
    cm.get(reverse("cases:file", args=[case.pk]))
    assert not AuditEvent.objects.filter(action="document.list").exists()


def test_deleting_asks_for_a_reason_and_is_audited(
    cm, lina, document, documents_dir, django_capture_on_commit_callbacks
):
    stored = documents_dir / document.file.name
    url = reverse("documents:delete", args=[document.pk])
    page = cm.get(url).content.decode()
    assert "Reisepass" in page and "Grund der Löschung" in page
    assert (last_event().action, last_event().object_id) == ("document.list", document.pk)
    response = cm.post(url, {"reason": ""})
    assert "Bitte den Grund der Löschung angeben." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = cm.post(url, {"reason": "falsche Person"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[lina.pk]) + "#dokumente"
    assert not stored.exists()
    event = last_event()
    assert (event.action, event.object_id, event.person_id, event.reason) == (
        "document.delete",
        document.pk,
        lina.pk,
        "falsche Person",
    )


def test_the_audit_log_names_the_document_actions(client, world):
    from kim.core.views import AUDIT_ACTIONS

    labels = dict(AUDIT_ACTIONS)
    for action in ("document.upload", "document.list", "document.download", "document.delete"):
        assert action in labels
