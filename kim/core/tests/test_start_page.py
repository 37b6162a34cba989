"""Each role gets a start page with what it may use."""

import pytest
from django.urls import reverse

from kim.testing.factories import open_case, register_person

EXPECTED = {
    "cm": ["Person suchen", "Wiedervorlagen: heute und überfällig", "Meine Fälle"],
    "lead": [
        "Person suchen",
        "Überblick: Case Management Nord",
        "Offene Fälle nach Fallverantwortung",
    ],
    "authority": ["Person suchen"],
    "coordination": ["Kennzahlen des Case Managements"],
    "data_protection": ["Zugriffsprotokoll öffnen"],
}
NOT_EXPECTED = {
    "coordination": ["Haddad", "Person suchen", "Meine Fälle"],
    "data_protection": ["Haddad", "Person suchen"],
    "authority": ["Haddad", "Meine Fälle"],
    "cm_b": ["Haddad"],
}


@pytest.mark.parametrize("username", sorted(set(EXPECTED) | set(NOT_EXPECTED)))
def test_start_page_per_role(client, world, username):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    open_case(world.cm, person, world.unit_a)
    client.force_login(getattr(world, username))
    html = client.get(reverse("core:start")).content.decode()
    for text in EXPECTED.get(username, []):
        assert text in html, f"{username} misses {text!r}"
    for text in NOT_EXPECTED.get(username, []):
        assert text not in html, f"{username} sees {text!r}"


def test_case_manager_sees_own_case(client, world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    from datetime import date

    open_case(world.cm, person, world.unit_a, opened_on=date(2025, 1, 1))
    client.force_login(world.cm)
    html = client.get(reverse("core:start")).content.decode()
    assert "Haddad, Lina" in html


def test_small_figures_are_suppressed_for_the_coordination(client, world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    open_case(world.cm, person, world.unit_a)
    client.force_login(world.coordination)
    html = client.get(reverse("core:start")).content.decode()
    assert "&lt; 5" in html


def test_the_data_protection_start_page_counts_the_last_days_accesses_in_german(client, world):
    from kim.core.models import AuditEvent

    AuditEvent.objects.bulk_create(
        AuditEvent(tenant=world.tenant, action="case.view", actor_name="cm") for _ in range(1234)
    )
    client.force_login(world.data_protection)
    html = client.get(reverse("core:start")).content.decode()
    assert "In den letzten 24 Stunden wurden 1.2" in html  # 1.234 and what logging in added
