"""The share pages: the form explains a missing legal basis and keeps the input, a
share is listed with its state on the case page and ended with a reason; the
receivers' list and start-page section."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import CaseShare
from kim.cases.services import share_create
from kim.core.actor import get_actor
from kim.testing.factories import open_case, register_person

UNTIL = timezone.localdate() + timedelta(days=30)


@pytest.fixture
def case(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    return open_case(world.cm, person, world.unit_a, case_manager=world.cm)


def form_data(world, **extra):
    return {
        "to_unit": world.unit_authority.pk,
        "parts": ["base", "residence"],
        "purpose_category": "residence",
        "purpose": "Prüfung Bleiberecht nach § 25b",
        "valid_from": timezone.localdate().isoformat(),
        "valid_until": UNTIL.isoformat(),
        "legal_mandate": "",
    } | extra


def test_sharing_on_the_page(client, world, case):
    client.force_login(world.cm)
    url = reverse("cases:share_new", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Ausländerbehörde" in page
    assert world.unit_a.name + " (" not in page  # not with the case's own unit
    response = client.post(url, form_data(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "keine gültige Einwilligung" in html
    assert "Prüfung Bleiberecht nach § 25b" in html  # kept as typed
    response = client.post(url, form_data(world, legal_mandate="§ 87 Abs. 1 AufenthG"))
    assert response.status_code == 302
    share = CaseShare.objects.get()
    assert response.url == reverse("cases:file", args=[case.pk]) + "#freigaben"
    detail = client.get(reverse("cases:file", args=[case.pk])).content.decode()
    assert "Stammdaten und Falldaten, Aufenthalt und Rechtskreise" in detail
    assert "aktiv" in detail
    assert reverse("cases:share_end", args=[share.pk]) in detail


def test_required_fields_get_german_messages(client, world, case):
    client.force_login(world.cm)
    response = client.post(reverse("cases:share_new", args=[case.pk]), {})
    html = response.content.decode()
    for message in (
        "Bitte mindestens einen Teil des Falls auswählen.",
        "Bitte die Art des Zwecks auswählen.",
        "Bitte den Zweck der Freigabe angeben.",
        "Bitte angeben, bis wann die Freigabe gilt.",
    ):
        assert message in html


def test_ending_a_share_on_the_page(client, world, case):
    share = share_create(
        actor=get_actor(world.cm),
        case=case,
        to_unit=world.unit_authority,
        parts=["base"],
        purpose="x",
        purpose_category="residence",
        valid_until=UNTIL,
        legal_mandate="§ 87 AufenthG",
    )
    client.force_login(world.cm)
    url = reverse("cases:share_end", args=[share.pk])
    assert "Bitte angeben, warum die Freigabe endet." in client.post(url, {}).content.decode()
    response = client.post(url, {"reason": "Antrag gestellt"})
    assert response.status_code == 302
    detail = client.get(reverse("cases:file", args=[case.pk])).content.decode()
    assert "vorzeitig beendet" in detail and "Antrag gestellt" in detail
    assert client.get(url).status_code == 302  # already ended: back to the case
    client.force_login(world.authority)
    assert client.get(url).status_code == 404


def test_the_receivers_list_and_start_page(client, world, case):
    share_create(
        actor=get_actor(world.cm),
        case=case,
        to_unit=world.unit_authority,
        parts=["base"],
        purpose="Prüfung Bleiberecht",
        purpose_category="residence",
        valid_until=UNTIL,
        legal_mandate="§ 87 AufenthG",
    )
    client.force_login(world.authority)
    start = client.get(reverse("core:start")).content.decode()
    assert "Teile von 1 Fall freigegeben" in start
    html = client.get(reverse("cases:shared_with_us")).content.decode()
    assert case.number in html and "Prüfung Bleiberecht" in html
    client.force_login(world.admin)
    assert client.get(reverse("cases:shared_with_us")).status_code == 404
