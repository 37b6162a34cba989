"""The pre-check of a person: facts from the record with their source, facts entered
for the check kept (only where they differ from the record), audited, scoped to the
persons the user may see."""

from datetime import date

import pytest
from django.urls import reverse

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import Person
from kim.people.services import legal_domain_start, residence_status_record
from kim.residence.models import CheckFacts
from kim.residence.recorded import recorded_facts
from kim.testing.factories import register_person


@pytest.fixture
def person(world):
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Lina",
        birth_date=date(1990, 5, 17),
        german_level="B1",
    )
    actor = get_actor(world.cm)
    residence_status_record(
        actor=actor,
        person=person,
        kind="gestattung",
        valid_from=date(2019, 2, 1),
        valid_until=date(2020, 3, 31),
    )
    residence_status_record(
        actor=actor,
        person=person,
        kind="ae",
        legal_basis="§ 25 Abs. 2 AufenthG",
        valid_from=date(2020, 4, 1),
    )
    legal_domain_start(actor=actor, person=person, domain="sgb2", valid_from=date(2024, 1, 1))
    return person


def url(person, **query):
    base = reverse("residence:person_precheck", args=[person.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_record_gives_facts_with_their_source(world, person):
    facts = recorded_facts(get_actor(world.cm), person, date(2026, 6, 1))
    assert facts["birth_date"].value == date(1990, 5, 17)
    assert facts["german_level"].value == "B1"
    assert facts["status"].value == "title"
    # Permission to stay, then a residence permit without a gap: one unbroken stay.
    assert facts["residence_since"].value == date(2019, 2, 1)
    assert "ohne Lücke erfasst seit 01.02.2019" in facts["residence_since"].source
    assert facts["receives_benefits"].value is True
    # Nothing recorded about the test or a household: unknown, not a guess.
    assert "naturalisation_test_passed" not in facts
    assert "minor_child_in_household" not in facts


def test_the_page_shows_the_checks_and_keeps_what_was_entered(client, world, person):
    client.force_login(world.cm)
    page = client.get(url(person, tag="2026-06-01"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Aus der Akte: Aufenthaltsverlauf: ohne Lücke erfasst seit 01.02.2019" in html
    assert "Aufenthalt seit 01.02.2019: die 5 Jahre sind seit dem 01.02.2024 erfüllt." in html
    assert "Leistungen nach SGB II oder XII bezogen" in html
    assert AuditEvent.objects.filter(action="eligibility.view", person_id=person.pk).exists()
    saved = client.post(
        url(person),
        {
            "on": "2026-06-01",
            "version": "0",
            "residence_since": "2019-02-01",  # as recorded: not kept
            "german_level": "B1",
            "birth_date": "1990-05-17",
            "status": "title",
            "naturalisation_test_passed": "true",
            "commitment": "true",
            "receives_benefits": "true",
            "full_time_months_last_24": "22",
        },
    )
    assert saved.status_code == 302
    stored = CheckFacts.objects.get(person=person)
    assert stored.facts == {
        "naturalisation_test_passed": True,
        "commitment": True,
        "full_time_months_last_24": 22,
    }
    html = client.get(saved["Location"]).content.decode()
    assert "Ausnahme: in Vollzeit erwerbstätig in mindestens 20 der letzten 24 Monate" in html
    event = AuditEvent.objects.get(action="eligibility.facts_update")
    assert event.person_id == person.pk
    # A second window with the old version: refused, the input kept.
    stale = client.post(url(person), {"on": "2026-06-01", "version": "0", "commitment": "false"})
    assert stale.status_code == 409
    assert "inzwischen von jemand anderem gespeichert" in stale.content.decode()


@pytest.mark.parametrize(
    ("username", "expected"),
    [("cm", 200), ("lead", 200), ("cm_b", 404), ("coordination", 404), ("outsider", 404)],
)
def test_only_those_who_see_the_person(client, world, person, username, expected):
    client.force_login(getattr(world, username))
    assert client.get(url(person)).status_code == expected


def test_the_person_page_links_the_pre_check(client, world, person):
    client.force_login(world.cm)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert url(person) in html
    assert Person.objects.filter(pk=person.pk).exists()
