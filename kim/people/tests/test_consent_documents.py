"""Scanned consent forms: the content decides the type; downloads are audited and 404 for outsiders."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.people.models import Consent
from kim.people.services import consent_record, consent_update
from kim.people.tests.conftest import EXE, JPEG, PDF, PNG
from kim.people.uploads import MAX_DOCUMENT_BYTES, check_document

FORM = {
    "data_categories": ["base"],
    "recipient_kinds": ["jobcenter"],
    "purpose_category": "benefits",
    "purpose": "Antrag",
    "given_on": "2026-01-10",
    "form": "written",
}


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kind"),
    [
        ("scan.pdf", PDF, "application/pdf", "pdf"),
        ("scan.PDF", PDF, "application/octet-stream", "pdf"),
        ("scan.jpg", JPEG, "image/jpeg", "jpeg"),
        ("scan.jpeg", JPEG, "", "jpeg"),
        ("scan.png", PNG, "image/png", "png"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_content(name, content, content_type, kind):
    assert check_document(upload(name, content, content_type)) == kind


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("scan.pdf", PNG, "application/pdf", "Inhalt ist ein PNG"),  # a PNG named .pdf
        ("scan.pdf", PNG, "application/octet-stream", "Inhalt ist ein PNG"),
        ("scan.png", PNG, "application/pdf", "Inhalt ist ein PNG"),  # declared type lies
        ("scan.pdf", EXE, "application/pdf", "keine davon"),  # an .exe renamed
        ("scan.exe", EXE, "application/x-msdownload", "keine davon"),
        ("scan.txt", b"hallo", "text/plain", "keine davon"),
        ("scan", PDF, "application/pdf", "passen nicht zusammen"),
        ("leer.pdf", b"", "application/pdf", "leer"),
    ],
)
def test_files_whose_name_or_declared_type_do_not_match_the_content_are_refused(
    name, content, content_type, message
):
    with pytest.raises(ValidationError) as error:
        check_document(upload(name, content, content_type))
    assert message in " ".join(error.value.messages)


def test_a_file_over_ten_megabytes_is_refused_and_ten_exactly_is_fine():
    at_limit = PDF + b"0" * (MAX_DOCUMENT_BYTES - len(PDF))
    assert check_document(upload("scan.pdf", at_limit, "application/pdf")) == "pdf"
    with pytest.raises(ValidationError) as error:
        check_document(upload("scan.pdf", at_limit + b"0", "application/pdf"))
    assert "10 MB" in error.value.messages[0]


def test_an_upload_is_stored_under_a_random_name_outside_the_web_root(
    client, world, family, _documents_in_tmp
):
    lina = family[0]
    client.force_login(world.cm)
    response = client.post(
        reverse("people:consent_add", args=[lina.pk]),
        FORM | {"document": upload("Einwilligung Haddad.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.document_type == "pdf"
    assert consent.document_size == len(PDF)
    assert "Haddad" not in consent.document.name
    stored = _documents_in_tmp / consent.document.name
    assert stored.read_bytes() == PDF


def test_a_renamed_program_is_refused_on_the_form_and_the_input_is_kept(client, world, family):
    lina = family[0]
    client.force_login(world.cm)
    response = client.post(
        reverse("people:consent_add", args=[lina.pk]),
        FORM
        | {
            "purpose": "Antrag bleibt stehen",
            "document": upload("scan.pdf", EXE, "application/pdf"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "keine davon" in html
    assert "Antrag bleibt stehen" in html
    assert not Consent.objects.exists()


def test_the_service_checks_the_content_too(actor, family):
    lina = family[0]
    with pytest.raises(ValidationError) as error:
        consent_record(
            actor=actor,
            person=lina,
            data_categories=["base"],
            recipient_kinds=["jobcenter"],
            purpose="Antrag",
            purpose_category="benefits",
            given_on=date(2026, 1, 10),
            form="written",
            document=upload("scan.pdf", PNG, "application/pdf"),
        )
    assert "document" in error.value.message_dict


@pytest.fixture
def with_document(actor, family):
    lina = family[0]
    consent = consent_record(
        actor=actor,
        person=lina,
        data_categories=["base"],
        recipient_kinds=["jobcenter"],
        purpose="Antrag",
        purpose_category="benefits",
        given_on=date(2026, 1, 10),
        form="written",
        document=upload("scan.png", PNG, "image/png"),
    )
    return lina, consent


def test_the_download_returns_the_scan_and_is_audited(client, world, with_document):
    lina, consent = with_document
    client.force_login(world.cm)
    response = client.get(reverse("people:consent_document", args=[lina.pk, consent.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.person_id) == (
        "consent.download",
        consent.pk,
        lina.pk,
    )


@pytest.mark.parametrize(
    "username", ["cm_b", "coordination", "authority", "data_protection", "admin", "outsider"]
)
def test_the_download_is_404_for_everyone_who_may_not_see_the_person(
    client, world, with_document, username
):
    lina, consent = with_document
    client.force_login(getattr(world, username))
    before = AuditEvent.objects.count()
    response = client.get(reverse("people:consent_document", args=[lina.pk, consent.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_consent_without_scan_has_no_download(client, world, actor, family):
    lina = family[0]
    consent = consent_record(
        actor=actor,
        person=lina,
        data_categories=["base"],
        recipient_kinds=["jobcenter"],
        purpose="Antrag",
        purpose_category="benefits",
        given_on=date(2026, 1, 10),
        form="oral",
    )
    client.force_login(world.cm)
    response = client.get(reverse("people:consent_document", args=[lina.pk, consent.pk]))
    assert response.status_code == 404


def test_a_new_scan_replaces_the_old_file(
    django_capture_on_commit_callbacks, actor, with_document, _documents_in_tmp
):
    lina, consent = with_document
    old = _documents_in_tmp / consent.document.name
    with django_capture_on_commit_callbacks(execute=True):
        updated = consent_update(
            actor=actor,
            consent=consent,
            version=consent.version,
            data_categories=["base"],
            recipient_kinds=["jobcenter"],
            purpose="Antrag",
            purpose_category="benefits",
            given_on=date(2026, 1, 10),
            form="written",
            document=upload("neu.pdf", PDF, "application/pdf"),
        )
    assert updated.document_type == "pdf"
    assert (_documents_in_tmp / updated.document.name).read_bytes() == PDF
    assert not old.exists()
