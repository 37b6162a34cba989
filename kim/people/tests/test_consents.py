"""Consents name data, recipients and purpose; withdrawal takes effect at once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.models import AuditEvent, Organisation
from kim.people.models import Consent
from kim.people.selectors import consent_covers, valid_consents
from kim.people.services import consent_record, consent_update, consent_withdraw
from kim.testing.factories import open_case

TODAY = timezone.localdate


@pytest.fixture
def jobcenter(world):
    return Organisation.objects.create(
        tenant=world.tenant, name="Jobcenter Testhausen", kind="jobcenter"
    )


@pytest.fixture
def lina(family):
    return family[0]


def give(actor, person, **kw):
    data = {
        "data_categories": ["base", "residence"],
        "recipient_kinds": ["jobcenter"],
        "purpose": "Antrag auf Bürgergeld begleiten",
        "purpose_category": "benefits",
        "given_on": date(2026, 1, 10),
        "form": "written",
    } | kw
    return consent_record(actor=actor, person=person, **data)


@pytest.mark.parametrize(
    ("changes", "day", "valid"),
    [
        ({}, date(2026, 1, 10), True),  # the day it was given
        ({}, date(2026, 1, 9), False),  # not yet given
        ({"valid_until": date(2026, 3, 31)}, date(2026, 3, 31), True),  # last day
        ({"valid_until": date(2026, 3, 31)}, date(2026, 4, 1), False),  # expired
    ],
)
def test_a_consent_is_valid_from_the_day_given_until_its_last_day(actor, lina, changes, day, valid):
    consent = give(actor, lina, **changes)
    assert (consent in valid_consents(lina, on=day)) is valid
    assert consent.is_valid_on(day) is valid


def test_withdrawal_takes_effect_on_its_day(actor, lina):
    consent = give(actor, lina)
    consent_withdraw(actor=actor, consent=consent, note="telefonisch")
    today = TODAY()
    assert list(valid_consents(lina, on=today)) == []
    assert list(valid_consents(lina, on=today - timedelta(days=1))) == [consent]
    consent.refresh_from_db()
    assert consent.state(today) == "withdrawn"
    assert consent.withdrawn_by == actor.user


def test_a_consent_cannot_be_withdrawn_twice_or_in_the_future(actor, lina):
    consent = give(actor, lina)
    with pytest.raises(ValidationError):
        consent_withdraw(actor=actor, consent=consent, on=TODAY() + timedelta(days=1))
    consent_withdraw(actor=actor, consent=consent)
    with pytest.raises(ValidationError) as error:
        consent_withdraw(actor=actor, consent=consent)
    assert "bereits" in str(error.value)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"data_categories": []}, "data_categories", "pauschale Einwilligung"),
        ({"recipient_kinds": []}, "recipient_organisations", "ohne Empfänger"),
        ({"purpose": "  "}, "purpose", "Zweck"),
        ({"given_on": date(2999, 1, 1)}, "given_on", "Zukunft"),
        ({"valid_until": date(2025, 1, 1)}, "valid_until", "vor dem Datum"),
    ],
)
def test_blanket_or_incomplete_consent_is_refused(actor, lina, changes, field, message):
    with pytest.raises(ValidationError) as error:
        give(actor, lina, **changes)
    assert message in " ".join(error.value.message_dict[field])
    assert not Consent.objects.exists()


def test_the_form_explains_why_and_keeps_what_was_typed(client, world, lina):
    client.force_login(world.cm)
    response = client.post(
        reverse("people:consent_add", args=[lina.pk]),
        {
            "purpose_category": "referral",
            "purpose": "Vermittlung an den Sprachkurs, besprochen am Dienstag",
            "given_on": "2026-01-10",
            "form": "oral",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "pauschale Einwilligung" in html
    assert "ohne Empfänger" in html
    assert "Vermittlung an den Sprachkurs, besprochen am Dienstag" in html
    assert not Consent.objects.exists()


def test_the_form_records_a_consent_with_named_organisations(client, world, lina, jobcenter):
    client.force_login(world.cm)
    response = client.post(
        reverse("people:consent_add", args=[lina.pk]),
        {
            "data_categories": ["base", "education_work"],
            "recipient_organisations": [jobcenter.pk],
            "purpose_category": "coordination",
            "purpose": "Abstimmung zur Arbeitsaufnahme",
            "given_on": "2026-01-10",
            "form": "written",
            "language": "ar",
            "valid_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.recipient_organisations.all()) == [jobcenter]
    assert consent.language == "ar"
    assert consent.unit == world.unit_a
    event = AuditEvent.objects.get(action="consent.record")
    assert event.person_id == lina.pk
    assert event.changes["recipient_organisations"] == [None, [jobcenter.pk]]


def test_consent_covers_checks_data_recipient_and_purpose(actor, lina, jobcenter, world):
    named = give(
        actor,
        lina,
        data_categories=["base", "health"],
        recipient_kinds=[],
        recipient_organisations=[jobcenter],
        purpose_category="referral",
    )
    by_kind = give(actor, lina, data_categories=["base", "residence"], recipient_kinds=["abh"])
    on = date(2026, 2, 1)
    assert (
        consent_covers(
            person=lina, data_categories=["health"], recipient_organisation=jobcenter, on=on
        )
        == named
    )
    assert (
        consent_covers(
            person=lina, data_categories=["residence"], recipient_organisation=jobcenter, on=on
        )
        is None
    )
    abh = Organisation.objects.create(tenant=world.tenant, name="ABH Testhausen", kind="abh")
    assert (
        consent_covers(
            person=lina, data_categories=["residence"], recipient_organisation=abh, on=on
        )
        == by_kind
    )
    assert (
        consent_covers(person=lina, data_categories=["base"], recipient_kind="abh", on=on)
        == by_kind
    )
    assert (
        consent_covers(
            person=lina,
            data_categories=["base"],
            recipient_organisation=jobcenter,
            purpose_category="benefits",
            on=on,
        )
        is None
    )
    with pytest.raises(ValueError):
        consent_covers(person=lina, data_categories=["base"], on=on)


def test_consent_covers_nothing_once_withdrawn(actor, lina, jobcenter):
    consent = give(actor, lina)
    assert (
        consent_covers(person=lina, data_categories=["base"], recipient_kind="jobcenter") == consent
    )
    consent_withdraw(actor=actor, consent=consent)
    assert consent_covers(person=lina, data_categories=["base"], recipient_kind="jobcenter") is None


def test_consent_covers_prefers_the_consent_that_lasts_longest(actor, lina):
    give(actor, lina, valid_until=date(2026, 6, 30))
    open_ended = give(actor, lina)
    assert (
        consent_covers(
            person=lina, data_categories=["base"], recipient_kind="jobcenter", on=date(2026, 2, 1)
        )
        == open_ended
    )


def test_a_stale_consent_edit_shows_the_difference_and_keeps_the_input(client, world, actor, lina):
    consent = give(actor, lina)
    url = reverse("people:consent_edit", args=[lina.pk, consent.pk])
    base = {
        "data_categories": ["base", "residence"],
        "recipient_kinds": ["jobcenter"],
        "purpose_category": "benefits",
        "given_on": "2026-01-10",
        "form": "written",
        "version": consent.version,
    }
    client.force_login(world.cm)
    assert client.get(url).status_code == 200
    assert client.post(url, base | {"purpose": "Fassung der Kollegin"}).status_code == 302
    response = client.post(url, base | {"purpose": "meine Fassung"})
    html = response.content.decode()
    assert "inzwischen geändert" in html
    assert "Fassung der Kollegin" in html
    assert "meine Fassung" in html
    consent.refresh_from_db()
    assert consent.purpose == "Fassung der Kollegin"


def test_a_withdrawn_consent_cannot_be_edited(client, world, actor, lina):
    consent = give(actor, lina)
    consent_withdraw(actor=actor, consent=consent)
    with pytest.raises(ValidationError):
        consent_update(
            actor=actor,
            consent=consent,
            version=consent.version + 1,
            data_categories=["base"],
            recipient_kinds=["jobcenter"],
            purpose="x",
            purpose_category="benefits",
            given_on=date(2026, 1, 10),
            form="written",
        )
    client.force_login(world.cm)
    response = client.get(reverse("people:consent_edit", args=[lina.pk, consent.pk]))
    assert response.status_code == 302


def test_the_withdraw_form_saves_and_the_list_says_so_in_words(client, world, actor, lina):
    consent = give(actor, lina)
    client.force_login(world.cm)
    url = reverse("people:consent_withdraw", args=[lina.pk, consent.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": TODAY().isoformat(), "note": "per E-Mail"})
    assert response.status_code == 302
    html = client.get(reverse("people:consents", args=[lina.pk])).content.decode()
    assert "widerrufen" in html
    assert "per E-Mail" in html


# --- the case page ----------------------------------------------------------


def test_the_case_page_shows_a_valid_consent_with_its_end(client, world, actor, lina):
    give(actor, lina, given_on=TODAY() - timedelta(days=5), valid_until=date(2099, 12, 31))
    case = open_case(world.cm, lina, world.unit_a)
    client.force_login(world.cm)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Einwilligung liegt vor (bis 31.12.2099)" in html


def test_the_case_page_warns_at_once_after_withdrawal(client, world, actor, lina):
    consent = give(actor, lina, given_on=TODAY() - timedelta(days=5))
    case = open_case(world.cm, lina, world.unit_a)
    client.force_login(world.cm)
    url = reverse("cases:detail", args=[case.pk])
    assert "Einwilligung liegt vor (bis zum Widerruf)" in client.get(url).content.decode()
    consent_withdraw(actor=actor, consent=consent)
    html = client.get(url).content.decode()
    assert "Keine gültige Einwilligung" in html
    assert reverse("people:consent_add", args=[lina.pk]) in html
