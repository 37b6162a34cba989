"""A barrier can be flagged while recording a contact (one form, one save)."""

import pytest
from django.urls import reverse

from kim.planning.models import Barrier, BarrierCategory
from kim.testing.factories import open_case, register_person


@pytest.fixture
def case(world, client):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    client.force_login(world.cm)
    return open_case(world.cm, person, world.unit_a)


def contact(**extra):
    return {
        "date": "2026-03-02",
        "duration_minutes": 45,
        "mode": "in_person",
        "note": "Gespräch",
    } | extra


def test_the_contact_form_offers_to_flag_a_barrier(client, case):
    html = client.get(reverse("cases:contact_new", args=[case.pk])).content.decode()
    assert "Hürde melden" in html and 'name="huerde-flag"' in html


def test_a_contact_without_a_barrier_records_none(client, case):
    assert client.post(reverse("cases:contact_new", args=[case.pk]), contact()).status_code == 302
    assert case.contacts.count() == 1
    assert not Barrier.objects.exists()


def test_a_flagged_barrier_is_saved_with_the_contact(client, world, case):
    category = BarrierCategory.objects.filter(tenant=world.tenant).first()
    response = client.post(
        reverse("cases:contact_new", args=[case.pk]),
        contact(
            **{
                "huerde-flag": "on",
                "huerde-field": world.fields[0].pk,
                "huerde-category": category.pk,
                "huerde-legal_domain": "sgb2",
                "huerde-description": "Termin erst in acht Wochen",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    barrier = Barrier.objects.get()
    recorded = case.contacts.get()
    assert (barrier.case, barrier.source, barrier.source_id) == (case, "contact", recorded.pk)
    assert barrier.flagged_on == recorded.date


def test_an_incomplete_barrier_keeps_everything_typed_and_saves_nothing(client, case):
    response = client.post(
        reverse("cases:contact_new", args=[case.pk]),
        contact(
            **{
                "huerde-flag": "on",
                "huerde-description": "Wartezeit Ausländerbehörde",
                "note": "Wichtige Notiz",
            }
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie die weiteren Angaben" in html
    assert "Wartezeit Ausländerbehörde" in html and "Wichtige Notiz" in html
    assert not case.contacts.exists() and not Barrier.objects.exists()
