from datetime import date

import pytest

from kim.core.actor import get_actor
from kim.people.services.duplicates import duplicates_scan
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


# Who sees which records of each duplicate pair (the first, the second).
PAIR_VIEWERS = {
    "own": ({"cm", "lead"}, {"cm", "lead"}),
    "unit_b": ({"cm_b"}, {"cm_b"}),
    "mixed": ({"cm", "lead"}, {"cm_b"}),
    "foreign": ({"outsider"}, {"outsider"}),
}


def twin(user, unit, family, given, birth, **fields):
    return register_person(
        user, unit, family_name=family, given_names=given, birth_date=birth, **fields
    )


@pytest.fixture
def duplicate_pairs(world):
    """Probable duplicates, scanned: `own` (both records in unit A), `unit_b` (both
    in unit B), `mixed` (one in A, one only in B), `foreign` (the other tenant)."""
    a, b, other = world.unit_a, world.unit_b, world.unit_other
    found = {
        "own": (
            twin(world.cm, a, "Al-Hassan", "Mohammed", date(1987, 12, 3), nationalities=["SY"]),
            twin(
                world.cm,
                a,
                "Alhasan",
                "Muhammad",
                date(1987, 3, 12),
                nationalities=["SY", "TR"],
                street="Hauptstraße 1",
                postcode="58452",
            ),
        ),
        "unit_b": (
            twin(world.cm_b, b, "Kowalenko", "Olena", date(1979, 6, 15)),
            twin(world.cm_b, b, "Kovalenko", "Olena", date(1979, 6, 15)),
        ),
        "mixed": (
            twin(world.cm, a, "Popescu", "Ioana", date(2001, 7, 9)),
            twin(world.cm_b, b, "Popesku", "Ioana", date(2001, 7, 9)),
        ),
        "foreign": (
            twin(world.outsider, other, "Müller", "Anna", date(1975, 11, 2)),
            twin(world.outsider, other, "Mueller", "Anna", date(1975, 11, 2)),
        ),
    }
    duplicates_scan(tenant_id=world.tenant.pk)
    duplicates_scan(tenant_id=world.other_tenant.pk)
    return found
