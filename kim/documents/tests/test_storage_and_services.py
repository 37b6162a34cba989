"""Uploading and deleting documents through the services: the content decides the
type, files lie outside the web root under random names, deletion removes the file."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.documents.models import Document
from kim.documents.services import document_delete, document_upload
from kim.documents.tests.conftest import EXE, JPEG, PDF, PNG, upload
from kim.people.uploads import MAX_DOCUMENT_BYTES
from kim.testing.factories import open_case, register_person


@pytest.fixture
def lina(world):
    return register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")


@pytest.fixture
def case(world, lina):
    return open_case(world.cm, lina, world.unit_a)


def upload_to(actor, *, content=PDF, name="Pass Haddad.pdf", content_type="application/pdf", **to):
    return document_upload(
        actor=actor,
        kind="identity",
        description="Reisepass, Kopie",
        upload=upload(name, content, content_type),
        **to,
    )


def test_an_upload_is_stored_under_a_random_name_with_its_checksum(world, lina, documents_dir):
    document = upload_to(get_actor(world.cm), person=lina)
    assert "Haddad" not in document.file.name
    assert document.file.name.startswith(f"documents/{world.tenant.pk}/")
    assert document.file.name.endswith(".pdf")
    assert (documents_dir / document.file.name).read_bytes() == PDF
    assert (document.content_type, document.size, document.original_name) == (
        "application/pdf",
        len(PDF),
        "Pass Haddad.pdf",
    )
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (document.uploaded_by, document.unit, document.case) == (world.cm, world.unit_a, None)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "detected"),
    [
        ("scan.pdf", PDF, "application/pdf", "application/pdf"),
        ("scan.JPG", JPEG, "image/jpeg", "image/jpeg"),
        ("scan.png", PNG, "", "image/png"),
    ],
)
def test_the_content_type_is_detected_from_the_bytes(
    world, lina, name, content, content_type, detected
):
    document = upload_to(
        get_actor(world.cm), person=lina, name=name, content=content, content_type=content_type
    )
    assert document.content_type == detected


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("bescheid.pdf", EXE, "application/pdf", "keine davon"),  # a program renamed
        ("bescheid.pdf", PNG, "application/pdf", "Inhalt ist ein PNG"),
        ("brief.docx", b"PK\x03\x04" + b"\x00" * 40, "application/msword", "keine davon"),
        ("leer.pdf", b"", "application/pdf", "leer"),
        ("notiz.txt", b"Hallo", "text/plain", "keine davon"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_and_nothing_is_stored(
    world, lina, documents_dir, name, content, content_type, message
):
    with pytest.raises(ValidationError) as error:
        upload_to(
            get_actor(world.cm), person=lina, name=name, content=content, content_type=content_type
        )
    assert message in " ".join(error.value.message_dict["file"])
    assert not Document.objects.exists()
    assert not documents_dir.exists() or not any(documents_dir.rglob("*.*"))


def test_a_file_over_ten_megabytes_is_refused(world, lina):
    too_big = PDF + b"0" * (MAX_DOCUMENT_BYTES + 1 - len(PDF))
    with pytest.raises(ValidationError) as error:
        upload_to(get_actor(world.cm), person=lina, content=too_big)
    assert "10 MB" in error.value.message_dict["file"][0]


def test_type_and_description_are_required(world, lina):
    with pytest.raises(ValidationError) as error:
        document_upload(
            actor=get_actor(world.cm), person=lina, kind="", description=" ", upload=upload()
        )
    assert set(error.value.message_dict) == {"kind", "description"}


def test_a_case_document_belongs_to_the_case_and_its_person(world, lina, case):
    document = upload_to(get_actor(world.cm), case=case)
    assert (document.case, document.person, document.unit) == (case, lina, world.unit_a)


def test_a_closed_case_takes_no_upload_and_says_why(world, case):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, phase=Case.Phase.CLOSED)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        upload_to(get_actor(world.cm), case=case)
    assert "abgeschlossen" in error.value.messages[0]


def test_outsiders_cannot_upload(world, lina, case):
    for user in (world.cm_b, world.coordination, world.outsider):
        with pytest.raises(NotAllowed):
            upload_to(get_actor(user), person=lina)
        with pytest.raises(NotAllowed):
            upload_to(get_actor(user), case=case)


def test_the_document_store_lies_outside_every_static_directory():
    # The settings as configured (the test fixture points the store elsewhere).
    from kim import settings as configured

    location = Path(configured.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    served = [configured.STATIC_ROOT, configured.BASE_DIR / "kim" / "static"]
    served += [d[1] if isinstance(d, tuple) else d for d in configured.STATICFILES_DIRS]
    for directory in served:
        directory = Path(directory).resolve()
        assert not location.is_relative_to(directory), directory
        assert not directory.is_relative_to(location), directory
    assert location.is_relative_to(configured.DATA_DIR.resolve())


def test_no_route_serves_a_stored_file(client, world, lina):
    document = upload_to(get_actor(world.cm), person=lina)
    client.force_login(world.cm)
    for url in (f"/{document.file.name}", f"/static/{document.file.name}", document.file.url):
        with pytest.raises(Resolver404):
            resolve(url)
        assert client.get(url).status_code == 404


def test_deleting_removes_the_file_once_committed_and_keeps_the_row(
    django_capture_on_commit_callbacks, world, lina, documents_dir
):
    document = upload_to(get_actor(world.cm), person=lina)
    stored = documents_dir / document.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deleted = document_delete(
            actor=get_actor(world.cm), document=document, reason="falsche Person"
        )
    assert stored.exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not stored.exists()
    row = Document.objects.get(pk=document.pk)
    assert (row.file.name, row.deleted_by, row.deletion_reason) == ("", world.cm, "falsche Person")
    assert row.deleted_at is not None
    assert row.sha256 == deleted.sha256 == hashlib.sha256(PDF).hexdigest()


def test_deleting_needs_a_reason_and_happens_once(world, lina):
    document = upload_to(get_actor(world.cm), person=lina)
    with pytest.raises(ValidationError) as error:
        document_delete(actor=get_actor(world.cm), document=document, reason="  ")
    assert "reason" in error.value.message_dict
    document_delete(actor=get_actor(world.cm), document=document, reason="doppelt")
    with pytest.raises(ValidationError) as error:
        document_delete(actor=get_actor(world.cm), document=document, reason="doppelt")
    assert "bereits" in error.value.messages[0]


def test_the_person_is_a_plain_foreign_key_that_a_merge_can_re_point():
    field = Document._meta.get_field("person")
    assert field.many_to_one and not field.null
    assert field.remote_field.on_delete.__name__ == "PROTECT"
