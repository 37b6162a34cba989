"""Legal domains are history: ending, transitions and corrections add rows, never change them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kim.core.errors import StaleEdit
from kim.core.models import Organisation
from kim.people.models import LegalDomainPeriod
from kim.people.selectors import legal_domain_history, legal_domains
from kim.people.services import (
    legal_domain_correct,
    legal_domain_end,
    legal_domain_start,
    legal_domain_transition,
)


@pytest.fixture
def lina(family):
    return family[0]


def start(actor, person, domain="asylblg", valid_from=date(2023, 5, 1), **kw):
    return legal_domain_start(
        actor=actor, person=person, domain=domain, valid_from=valid_from, **kw
    )


def test_a_transition_ends_the_old_domain_the_day_before_and_starts_the_new_one(actor, lina):
    asylblg = start(actor, lina)
    ended, sgb2 = legal_domain_transition(
        actor=actor,
        person=lina,
        ending=asylblg,
        new_domain="sgb2",
        on=date(2025, 3, 1),
        office="Jobcenter Testhausen",
        reason="Anerkennung als Flüchtling",
    )
    assert (ended.domain, ended.valid_from, ended.valid_until) == (
        "asylblg",
        date(2023, 5, 1),
        date(2025, 2, 28),
    )
    assert (sgb2.domain, sgb2.valid_from, sgb2.valid_until) == ("sgb2", date(2025, 3, 1), None)
    assert sgb2.transition_from == ended
    assert ended.supersedes == asylblg
    current = legal_domains(actor, lina)
    assert [(p.domain, p.valid_until) for p in current] == [
        ("asylblg", date(2025, 2, 28)),
        ("sgb2", None),
    ]


def test_the_history_keeps_every_row_unchanged(actor, lina):
    asylblg = start(actor, lina)
    legal_domain_transition(
        actor=actor, person=lina, ending=asylblg, new_domain="sgb2", on=date(2025, 3, 1)
    )
    original = LegalDomainPeriod.objects.get(pk=asylblg.pk)
    assert original.valid_until is None  # never edited in place
    history = legal_domain_history(actor, lina)
    assert [(row.change, row.domain, row.is_current) for row in history] == [
        ("new", "asylblg", False),
        ("end", "asylblg", True),
        ("transition", "sgb2", True),
    ]


def test_the_history_page_shows_the_transition(client, world, actor, lina):
    asylblg = start(actor, lina)
    legal_domain_transition(
        actor=actor,
        person=lina,
        ending=asylblg,
        new_domain="sgb2",
        on=date(2025, 3, 1),
        reason="Anerkennung",
    )
    client.force_login(world.cm)
    html = client.get(reverse("people:legal_domains", args=[lina.pk])).content.decode()
    assert "Wechsel aus AsylbLG" in html
    assert "Anerkennung" in html
    assert "überholt" in html


def test_the_transition_form_saves_both_rows(client, world, actor, lina):
    asylblg = start(actor, lina)
    jobcenter = Organisation.objects.create(
        tenant=world.tenant, name="Jobcenter Testhausen", kind="jobcenter"
    )
    client.force_login(world.cm)
    response = client.post(
        reverse("people:legal_domain_transition", args=[lina.pk, asylblg.pk]),
        {
            "new_domain": "sgb2",
            "on": "2025-03-01",
            "responsible_organisation": jobcenter.pk,
            "reason": "Anerkennung",
        },
    )
    assert response.status_code == 302
    new = LegalDomainPeriod.objects.get(domain="sgb2")
    assert new.responsible_organisation == jobcenter


@pytest.mark.parametrize("on", [date(2023, 5, 1), date(2023, 4, 30)])
def test_a_transition_on_or_before_the_start_is_refused(actor, lina, on):
    asylblg = start(actor, lina)
    with pytest.raises(ValidationError) as error:
        legal_domain_transition(actor=actor, person=lina, ending=asylblg, new_domain="sgb2", on=on)
    assert "nach dem Beginn" in str(error.value)


def test_an_ended_period_cannot_be_ended_or_left_again(actor, lina):
    period = start(actor, lina)
    ended = legal_domain_end(actor=actor, period=period, valid_until=date(2024, 1, 31))
    with pytest.raises(ValidationError):
        legal_domain_end(actor=actor, period=ended, valid_until=date(2024, 2, 28))
    with pytest.raises(ValidationError):
        legal_domain_transition(
            actor=actor, person=lina, ending=ended, new_domain="sgb2", on=date(2024, 3, 1)
        )


def test_the_same_domain_cannot_overlap_but_different_domains_can(actor, lina):
    start(actor, lina, domain="sgb2", valid_from=date(2024, 1, 1))
    start(actor, lina, domain="sgb8", valid_from=date(2024, 6, 1))  # youth welfare alongside
    with pytest.raises(ValidationError) as error:
        start(actor, lina, domain="sgb2", valid_from=date(2025, 1, 1))
    assert "überschneidet" in str(error.value)


def test_a_correction_needs_a_reason_and_adds_a_row(actor, lina):
    period = start(actor, lina, office="Sozialamt")
    with pytest.raises(ValidationError) as error:
        legal_domain_correct(actor=actor, period=period, reason=" ", office="Jobcenter")
    assert "begründen" in str(error.value)
    corrected = legal_domain_correct(
        actor=actor, period=period, reason="falsche Stelle", office="Ausländerbehörde"
    )
    assert corrected.supersedes == period
    assert corrected.change == "correction"
    assert LegalDomainPeriod.objects.get(pk=period.pk).office == "Sozialamt"
    assert [p.office for p in legal_domains(actor, lina)] == ["Ausländerbehörde"]


def test_working_from_a_superseded_row_raises_stale_edit_with_the_current_one(actor, lina):
    period = start(actor, lina)
    corrected = legal_domain_correct(actor=actor, period=period, reason="Datum", note="x")
    with pytest.raises(StaleEdit) as stale:
        legal_domain_end(actor=actor, period=period, valid_until=date(2025, 1, 1))
    assert stale.value.current == corrected
    again = legal_domain_correct(actor=actor, period=corrected, reason="noch mal", note="y")
    with pytest.raises(StaleEdit) as stale:
        legal_domain_correct(actor=actor, period=period, reason="alt", note="z")
    assert stale.value.current == again  # follows the chain to the newest row


def test_a_stale_correction_form_shows_the_difference_keeps_the_input_and_posts_to_the_new_row(
    client, world, actor, lina
):
    period = start(actor, lina, office="Sozialamt")
    url = reverse("people:legal_domain_correct", args=[lina.pk, period.pk])
    client.force_login(world.cm)
    assert client.get(url).status_code == 200
    data = {"domain": "asylblg", "valid_from": "2023-05-01", "office": "", "note": ""}
    other = data | {"office": "Ausländerbehörde Testhausen", "reason": "Zuständigkeit"}
    assert client.post(url, other).status_code == 302
    response = client.post(url, data | {"office": "Sozialamt Nord", "reason": "meine Korrektur"})
    html = response.content.decode()
    assert "inzwischen geändert" in html
    assert "Ausländerbehörde Testhausen" in html
    assert 'value="Sozialamt Nord"' in html
    newest = legal_domains(actor, lina)[0]
    assert reverse("people:legal_domain_correct", args=[lina.pk, newest.pk]) in html


def test_opening_the_form_of_a_superseded_row_leads_back_to_the_current_state(
    client, world, actor, lina
):
    period = start(actor, lina)
    legal_domain_correct(actor=actor, period=period, reason="Datum", note="x")
    client.force_login(world.cm)
    response = client.get(reverse("people:legal_domain_end", args=[lina.pk, period.pk]))
    assert response.status_code == 302
    assert response.url == reverse("people:legal_domains", args=[lina.pk])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"domain": "", "valid_from": "2024-01-01"}, "zwingend erforderlich"),
        ({"domain": "sgb2", "valid_from": "kein Datum"}, "gültiges Datum"),
        (
            {"domain": "sgb2", "valid_from": "2024-01-01", "valid_until": "2023-01-01"},
            "Das Ende liegt vor dem Beginn",
        ),
    ],
)
def test_bad_input_gets_a_german_message_and_keeps_the_note(client, world, lina, data, message):
    client.force_login(world.cm)
    response = client.post(
        reverse("people:legal_domain_add", args=[lina.pk]),
        data | {"note": "Notiz, die bleibt"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Notiz, die bleibt" in html
    assert not LegalDomainPeriod.objects.exists()


def test_an_organisation_of_another_tenant_is_refused(actor, world, lina):
    foreign = Organisation.objects.create(
        tenant=world.other_tenant, name="Jobcenter Anderswo", kind="jobcenter"
    )
    with pytest.raises(ValidationError):
        start(actor, lina, responsible_organisation=foreign)
