from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kim.core.actor import get_actor
from kim.documents.services import document_upload
from kim.testing.factories import open_case, register_person

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


def upload(name="bescheid.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    """Uploads go to a temporary document store, as settings put them outside the web root."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    return tmp_path / "documents"


@dataclass
class Place:
    """A person of a unit with a case there, a document of the person and one of the case."""

    person: object
    case: object = None
    person_document: object = None
    case_document: object = None
    documents: list = field(default_factory=list)


def place(user, unit, family_name, *, with_case=True) -> Place:
    actor = get_actor(user)
    person = register_person(user, unit, family_name=family_name, given_names="Lina")
    result = Place(person=person)
    result.person_document = document_upload(
        actor=actor,
        person=person,
        kind="identity",
        description=f"Reisepass {family_name}",
        upload=upload("pass.pdf"),
    )
    if with_case:
        result.case = open_case(user, person, unit)
        result.case_document = document_upload(
            actor=actor,
            case=result.case,
            kind="decision",
            description=f"Bescheid {family_name}",
            upload=upload("bescheid.png", PNG, "image/png"),
        )
    result.documents = [d for d in (result.person_document, result.case_document) if d]
    return result


@pytest.fixture
def places(world):
    """Unit A (cm), unit B (cm_b), the authority's own person, and the other tenant."""
    return {
        "A": place(world.cm, world.unit_a, "Haddad"),
        "B": place(world.cm_b, world.unit_b, "Berisha"),
        "ABH": place(world.authority, world.unit_authority, "Amini", with_case=False),
        "other": place(world.outsider, world.unit_other, "Okafor"),
    }
