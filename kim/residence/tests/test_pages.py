"""The pre-check page: who may use it, the results per check and criterion, German
errors that keep the input, nothing stored."""

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent

URL = "/aufenthalt/vorpruefung/"


def test_the_url():
    assert reverse("residence:precheck") == URL


@pytest.mark.parametrize(
    ("username", "expected"),
    [("cm", 200), ("lead", 200), ("authority", 200), ("coordination", 404), ("admin", 404)],
)
def test_who_may_use_the_page(client, world, username, expected):
    client.force_login(getattr(world, username))
    assert client.get(URL).status_code == expected


def test_the_menu_offers_it_to_case_managers(client, world):
    client.force_login(world.cm)
    assert URL in client.get(reverse("core:start")).content.decode()


def test_a_check_shows_every_criterion_with_reason_and_reference(client, world):
    client.force_login(world.cm)
    events = AuditEvent.objects.count()
    response = client.post(
        URL,
        {
            "on": "2026-03-01",
            "residence_since": "2021-03-01",
            "german_level": "B1",
            "naturalisation_test_passed": "true",
            "receives_benefits": "false",
            "commitment": "true",
            "status": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Einbürgerung (§ 10 StAG)" in html
    assert "Aufenthalt seit 01.03.2021: die 5 Jahre sind seit dem 01.03.2026 erfüllt." in html
    assert "§ 10 StAG in der Fassung ab 30.10.2025" in html
    assert "Vorprüfung, keine Entscheidung" in html
    # § 25b without a status: unknown, not a guess.
    assert "Der Aufenthaltsstatus ist nicht erfasst." in html
    assert AuditEvent.objects.count() == events  # nothing about a person was read or stored


def test_a_day_before_any_rule_keeps_the_input_with_a_german_message(client, world):
    client.force_login(world.cm)
    response = client.post(URL, {"on": "1999-01-01", "residence_since": "1990-01-01"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "keine Fassung hinterlegt" in html
    assert 'value="1990-01-01"' in html
    bad = client.post(URL, {"on": "", "full_time_months_last_24": "100"})
    assert bad.status_code == 422
    assert 'value="100"' in bad.content.decode()
