from datetime import date

import pytest

from kim.core.actor import get_actor
from kim.testing.factories import register_person

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Uploaded scans go to a temporary document store, as settings put them outside the web root."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    return tmp_path / "documents"


@pytest.fixture
def actor(world):
    return get_actor(world.cm)


@pytest.fixture
def family(world):
    """Lina (unit A), her son Omar (unit A) and her husband Karim (unit B only)."""
    lina = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    omar = register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Omar",
        birth_date=date(2015, 3, 1),
    )
    karim = register_person(world.cm_b, world.unit_b, family_name="Haddad", given_names="Karim")
    return lina, omar, karim
