"""Changing a consent and its scanned form through the API, as the consent pages
allow: PATCH with `version`, the scan uploaded (multipart) and replaced, and the
audited download. Lina belongs to unit A: `cm` and `lead` change; a colleague
with a reading role sees but may not change (403); everybody else gets 404."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from kim.accounts.models import Role
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.core.permissions import PERSON_VIEW
from kim.people.models import Consent
from kim.people.services import consent_record, consent_withdraw
from kim.people.tests.conftest import EXE, JPEG, PDF, PNG
from kim.testing.factories import OrganisationFactory, UserFactory, member

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
CAN = {"cm", "lead"}


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def consent(world, family) -> Consent:
    return consent_record(
        actor=get_actor(world.cm),
        person=family[0],
        data_categories=["base"],
        recipient_kinds=["jobcenter"],
        recipient_organisations=[OrganisationFactory(tenant=world.tenant, name="AWO")],
        purpose="Antrag auf Bürgergeld",
        purpose_category="benefits",
        given_on=date(2026, 1, 10),
        form="written",
    )


@pytest.fixture
def reader(world):
    """A colleague in unit A who may see persons but not change them."""
    user = UserFactory(username="reader", tenant=world.tenant)
    Role.objects.create(code="reader", name="Lesend", permissions=[PERSON_VIEW])
    member(user, world.unit_a, "reader")
    return user


def url(consent, tail="") -> str:
    return f"/api/v1/persons/{consent.person_id}/consents/{consent.pk}/{tail}"


def scan(name="einwilligung.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(client, consent, version, **kwargs):
    return client.post(
        url(consent, "document/"), {"version": version, "file": scan(**kwargs)}, format="multipart"
    )


@pytest.mark.parametrize("username", USERS)
def test_change_scan_and_download_follow_the_person(world, consent, api, username):
    client = api(getattr(world, username))

    changed = client.patch(url(consent), {"version": 1, "purpose": "Wohngeld"}, format="json")
    attached = attach(client, consent, 2)
    file = client.get(url(consent, "document/"))

    codes = (changed.status_code, attached.status_code, file.status_code)
    consent.refresh_from_db()
    if username in CAN:
        assert codes == (200, 200, 200), (changed.content, attached.content)
        assert (changed.json()["purpose"], changed.json()["version"]) == ("Wohngeld", 2)
        assert (attached.json()["has_document"], attached.json()["version"]) == (True, 3)
        assert b"".join(file.streaming_content) == PDF
        assert (consent.purpose, consent.document_type) == ("Wohngeld", "pdf")
    else:
        assert codes == (404, 404, 404)
        assert (consent.purpose, consent.version, bool(consent.document)) == (
            "Antrag auf Bürgergeld",
            1,
            False,
        )


def test_a_colleague_who_only_reads_sees_and_downloads_but_may_not_change(
    world, consent, api, reader
):
    attach(api(world.cm), consent, 1)
    client = api(reader)

    listed = client.get(f"/api/v1/persons/{consent.person_id}/consents/")
    changed = client.patch(url(consent), {"version": 2, "purpose": "Wohngeld"}, format="json")
    attached = attach(client, consent, 2, content=PNG, name="neu.png", content_type="image/png")
    file = client.get(url(consent, "document/"))

    assert (listed.status_code, file.status_code) == (200, 200)
    assert (changed.status_code, attached.status_code) == (403, 403)
    assert listed.json()["results"][0]["abilities"] == {
        "view": True,
        "change": False,
        "withdraw": False,
        "download": True,
    }
    consent.refresh_from_db()
    assert (consent.version, consent.document_type) == (2, "pdf")


def test_a_change_keeps_the_fields_not_sent(world, consent, api):
    organisations = list(consent.recipient_organisations.values_list("pk", flat=True))

    response = api(world.cm).patch(
        url(consent),
        {"version": 1, "valid_until": "2027-01-31", "language": "ar"},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["valid_until"], data["language"]) == ("2027-01-31", "ar")
    assert data["purpose"] == "Antrag auf Bürgergeld"
    assert data["recipient_organisations"] == organisations
    assert data["recipient_kinds"] == ["jobcenter"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"purpose": "x"}, "version", "Die Version fehlt"),
        ({"version": 1, "data_categories": []}, "data_categories", "pauschale Einwilligung"),
        (
            {"version": 1, "recipient_kinds": [], "recipient_organisations": []},
            "recipient_organisations",
            "ohne Empfänger",
        ),
        ({"version": 1, "given_on": "2099-01-01"}, "given_on", "in der Zukunft"),
        ({"version": 1, "given_on": "10.01.2026"}, "given_on", "Kein gültiges Datum"),
        ({"version": 1, "valid_until": "2025-12-31"}, "valid_until", "vor dem Datum"),
        ({"version": 1, "form": "fax"}, "form", "keine gültige Option"),
        ({"version": 1, "purpose": " "}, "purpose", "Zweck"),
    ],
)
def test_changes_are_checked_in_german(world, consent, api, body, field, message):
    response = api(world.cm).patch(url(consent), body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    consent.refresh_from_db()
    assert consent.version == 1


def test_a_change_on_an_old_version_is_refused_with_the_current_consent(world, consent, api):
    client = api(world.cm)
    client.patch(url(consent), {"version": 1, "purpose": "Wohngeld"}, format="json")

    stale = client.patch(url(consent), {"version": 1, "purpose": "Kita"}, format="json")
    stale_scan = attach(client, consent, 1)

    assert (stale.status_code, stale_scan.status_code) == (409, 409)
    assert stale.json()["current"]["purpose"] == "Wohngeld"
    assert stale.json()["current"]["version"] == 2
    assert "aktuelle Version 2" in stale.json()["detail"]
    consent.refresh_from_db()
    assert (consent.purpose, bool(consent.document)) == ("Wohngeld", False)


def test_a_withdrawn_consent_cannot_be_changed(world, consent, api):
    consent_withdraw(actor=get_actor(world.cm), consent=consent, on=date(2026, 2, 1))
    client = api(world.cm)

    changed = client.patch(url(consent), {"version": 2, "purpose": "Wohngeld"}, format="json")
    attached = attach(client, consent, 2)

    assert (changed.status_code, attached.status_code) == (400, 400)
    assert "widerrufene Einwilligung" in str(changed.json())
    assert "widerrufene Einwilligung" in str(attached.json())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ({"name": "virus.pdf", "content": EXE}, "nur PDF-, JPEG- und PNG-Dateien"),
        (
            {"name": "scan.pdf", "content": PNG, "content_type": "image/png"},
            "passen nicht zusammen",
        ),
        ({"name": "leer.pdf", "content": b""}, "leer"),
    ],
)
def test_scans_are_checked_by_their_content_in_german(world, consent, api, upload, message):
    response = attach(api(world.cm), consent, 1, **upload)

    assert response.status_code == 400
    assert message in str(response.json()["file"]), response.json()
    consent.refresh_from_db()
    assert (consent.version, bool(consent.document)) == (1, False)


def test_a_scan_needs_a_file_and_a_version_as_multipart(world, consent, api):
    client = api(world.cm)

    no_file = client.post(url(consent, "document/"), {"version": 1}, format="multipart")
    no_version = client.post(url(consent, "document/"), {"file": scan()}, format="multipart")
    as_json = client.post(url(consent, "document/"), {"version": 1}, format="json")

    assert (no_file.status_code, no_version.status_code, as_json.status_code) == (400, 400, 415)
    assert "Datei auswählen" in str(no_file.json()["file"])
    assert "Die Version fehlt" in str(no_version.json()["version"])


def test_a_new_scan_replaces_the_old_one(
    world, consent, api, django_capture_on_commit_callbacks, _documents_in_tmp
):
    client = api(world.cm)
    attach(client, consent, 1)
    consent.refresh_from_db()
    first = consent.document.path

    with django_capture_on_commit_callbacks(execute=True):
        replaced = attach(
            client, consent, 2, name="scan.jpg", content=JPEG, content_type="image/jpeg"
        )
    file = client.get(url(consent, "document/"))

    assert replaced.status_code == 200, replaced.content
    assert b"".join(file.streaming_content) == JPEG
    assert file["Content-Type"] == "image/jpeg"
    consent.refresh_from_db()
    assert consent.document.path != first
    stored = [p for p in _documents_in_tmp.rglob("*") if p.is_file()]
    assert stored == [type(_documents_in_tmp)(consent.document.path)]


@pytest.mark.parametrize("accept", ["application/pdf", "*/*", "application/json"])
def test_the_scan_comes_as_a_private_attachment(world, consent, api, accept):
    client = api(world.cm)
    attach(client, consent, 1)

    file = client.get(url(consent, "document/"), HTTP_ACCEPT=accept)

    assert file.status_code == 200
    assert file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"] == (
        f'attachment; filename="einwilligung-2026-01-10-{consent.pk}.pdf"'
    )
    assert file["Cache-Control"] == "private, no-store"
    assert file["X-Content-Type-Options"] == "nosniff"


def test_without_a_scan_there_is_nothing_to_download(world, consent, api):
    response = api(world.cm).get(url(consent, "document/"), HTTP_ACCEPT="application/pdf")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "kein unterschriebenes Formular" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action="consent.download").exists()


def test_changes_scans_and_downloads_are_audited(world, consent, api):
    client = api(world.cm)

    client.patch(url(consent), {"version": 1, "valid_until": "2027-01-31"}, format="json")
    attach(client, consent, 2)
    client.get(url(consent, "document/"))
    client.patch(url(consent), {"version": 1, "purpose": "alt"}, format="json")  # stale

    events = AuditEvent.objects.filter(channel="api").order_by("id")
    assert [(e.action, e.person_id) for e in events] == [
        ("consent.update", consent.person_id),
        ("consent.update", consent.person_id),
        ("consent.download", consent.person_id),
        ("consent.view", consent.person_id),
    ]
    assert events[0].changes["valid_until"] == [None, "2027-01-31"]
    assert events[1].changes["document"] == [None, "pdf"]
    assert all(e.object_id == consent.pk for e in events)


def test_the_consent_list_costs_the_same_with_scans(
    world, family, api, django_assert_max_num_queries
):
    lina = family[0]
    client = api(world.cm)
    for n in range(6):
        consent = consent_record(
            actor=get_actor(world.cm),
            person=lina,
            data_categories=["base"],
            recipient_kinds=["jobcenter"],
            purpose=f"Zweck {n}",
            purpose_category="benefits",
            given_on=timezone.localdate() - timedelta(days=n),
            form="written",
        )
        attach(client, consent, 1)

    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/persons/{lina.pk}/consents/")

    assert [c["has_document"] for c in response.json()["results"]] == [True] * 6
