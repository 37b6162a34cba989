"""The disclosure log of a person: its page, print view and PDF for an access request,
the link with its count on the person page, and data protection's tenant-wide search
for the person of an access request (reason required, audited)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.cases.services import share_create, share_end
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record, consent_withdraw, record_disclosure
from kim.reports import pdf
from kim.reports.tests.conftest import extract_text
from kim.testing.factories import UserFactory, member, open_case, register_person

REASON = "Auskunftsersuchen nach Art. 15 DSGVO vom 02.11.2026, Az. DS-2026-17"


@pytest.fixture
def logged(world):
    """A person of unit A whose data went to the Ausländerbehörde (a share within a
    consent, later ended) and to a counselling service without an account (mandate)."""
    cm = get_actor(world.cm)
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Lina",
        birth_date=date(1991, 4, 2),
    )
    case = open_case(world.cm, person, world.unit_a, case_manager=world.cm)
    consent = consent_record(
        actor=cm,
        person=person,
        data_categories=["base", "residence", "benefits"],
        purpose="Sicherung des Aufenthalts",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=timezone.localdate() - timedelta(days=20),
        form=Consent.Form.WRITTEN,
        recipient_organisations=[world.unit_authority.organisation],
    )
    share = share_create(
        actor=cm,
        case=case,
        to_unit=world.unit_authority,
        parts=["base", "residence"],
        purpose="Prüfung § 25b AufenthG",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        valid_until=timezone.localdate() + timedelta(days=60),
    )
    share_end(actor=cm, share=share, reason="Antrag gestellt")
    record_disclosure(
        actor=cm,
        person=person,
        kind=Disclosure.Kind.OTHER,
        purpose="Schuldnerberatung vorbereiten",
        data_categories=["base", "benefits"],
        recipient_label="Schuldnerberatung Beispielstadt",
        legal_mandate="§ 71 Abs. 1 SGB X",
        case=case,
    )
    return person, case, consent


def log_url(person):
    return reverse("disclosures:log", args=[person.pk])


def test_the_person_page_links_to_the_log_with_its_count(client, world, logged):
    person, _case, _consent = logged
    client.force_login(world.cm)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert log_url(person) in html
    assert "Offenlegungsprotokoll ansehen (2 Einträge)" in html


def test_the_log_says_who_received_which_data_when_why_and_on_which_basis(client, world, logged):
    person, case, consent = logged
    client.force_login(world.cm)
    html = client.get(log_url(person)).content.decode()
    assert "Ausländerbehörde" in html
    assert "Stammdaten, Aufenthalt, Leistungsbezug" in html
    assert "Prüfung § 25b AufenthG" in html
    assert f"Einwilligung vom {consent.given_on:%d.%m.%Y}" in html
    assert f"vorzeitig beendet am {timezone.localdate():%d.%m.%Y}: Antrag gestellt" in html
    assert "Schuldnerberatung Beispielstadt" in html
    assert "Gesetzlicher Auftrag: § 71 Abs. 1 SGB X" in html
    assert f"Fall {case.number}" in html
    event = AuditEvent.objects.get(action="disclosure.view")
    assert event.person_id == person.pk
    assert len(event.changes["ids"]) == 2


def test_a_withdrawn_consent_shows_in_the_log(client, world, logged):
    person, _case, consent = logged
    consent_withdraw(actor=get_actor(world.cm), consent=consent)
    client.force_login(world.cm)
    html = client.get(log_url(person)).content.decode()
    assert f"widerrufen am {timezone.localdate():%d.%m.%Y}" in html


@pytest.mark.parametrize("username", ["cm_b", "authority", "coordination", "admin", "outsider"])
def test_who_does_not_see_the_person_does_not_see_its_log(client, world, logged, username):
    person, _case, _consent = logged
    client.force_login(getattr(world, username))
    for name in ("log", "print", "pdf"):
        assert client.get(reverse(f"disclosures:{name}", args=[person.pk])).status_code == 404


def test_data_protection_reads_a_log_only_after_a_search_with_a_reason(client, world, logged):
    person, _case, _consent = logged
    client.force_login(world.data_protection)
    assert client.get(log_url(person)).status_code == 404
    search = reverse("disclosures:access_request")
    response = client.post(search, {"name": "Haddad Lina", "birth_date": "", "reason": ""})
    assert "Bitte den Anlass der Suche angeben." in response.content.decode()
    assert "Haddad Lina" in response.content.decode()  # kept as typed
    assert client.get(log_url(person)).status_code == 404
    response = client.post(
        search, {"name": "Lina Hadad", "birth_date": "1991-04-02", "reason": REASON}
    )
    html = response.content.decode()
    assert log_url(person) in html
    lookup = AuditEvent.objects.get(action="person.lookup")
    assert lookup.reason == REASON
    assert lookup.changes["found"] == [person.pk]
    html = client.get(log_url(person)).content.decode()
    assert "Schuldnerberatung Beispielstadt" in html
    assert REASON in html
    read = AuditEvent.objects.get(action="disclosure.view")
    assert read.reason == REASON
    assert read.actor == world.data_protection
    printed = client.get(reverse("disclosures:print", args=[person.pk])).content.decode()
    assert "Offenlegungsprotokoll" in printed and "Schuldnerberatung Beispielstadt" in printed
    assert AuditEvent.objects.get(action="disclosure.print").reason == REASON


def test_the_search_covers_the_tenant_and_nothing_beyond(client, world, logged):
    person, _case, _consent = logged
    in_b = register_person(world.cm_b, world.unit_b, family_name="Haddad", given_names="Karim")
    elsewhere = register_person(
        world.outsider, world.unit_other, family_name="Haddad", given_names="Lina"
    )
    client.force_login(world.data_protection)
    html = client.post(
        reverse("disclosures:access_request"), {"name": "Haddad", "reason": REASON}
    ).content.decode()
    assert log_url(person) in html
    assert log_url(in_b) in html
    assert log_url(elsewhere) not in html
    html = client.post(
        reverse("disclosures:access_request"),
        {"name": "Haddad", "birth_date": "1991-04-02", "reason": REASON},
    ).content.decode()
    assert log_url(in_b) not in html
    assert client.get(log_url(in_b)).status_code == 404  # not in the last search any more


@pytest.mark.parametrize("username", ["cm", "lead", "authority", "admin"])
def test_only_data_protection_searches_the_whole_tenant(client, world, username):
    client.force_login(getattr(world, username))
    response = client.post(reverse("disclosures:access_request"), {"name": "x", "reason": "y"})
    assert response.status_code == 404


def test_data_protection_of_another_tenant_finds_nobody_here(client, world, logged):
    person, _case, _consent = logged
    dp_other = UserFactory(username="dp_other", tenant=world.other_tenant)
    member(dp_other, world.unit_other, "data_protection")
    client.force_login(dp_other)
    html = client.post(
        reverse("disclosures:access_request"), {"name": "Haddad Lina", "reason": REASON}
    ).content.decode()
    assert "0 Treffer" in html
    assert client.get(log_url(person)).status_code == 404


@pytest.mark.usefixtures("needs_weasyprint")
def test_the_log_as_pdf(client, world, logged):
    person, _case, _consent = logged
    client.force_login(world.cm)
    response = client.get(reverse("disclosures:pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert f"Offenlegungen-Person-{person.pk}-" in response["Content-Disposition"]
    text = extract_text(response.content)
    assert "Offenlegungsprotokoll" in text
    assert "Schuldnerberatung Beispielstadt" in text
    assert "Haddad, Lina" in text or "Haddad Lina" in text
    assert AuditEvent.objects.filter(action="disclosure.pdf", person_id=person.pk).exists()


def test_without_weasyprint_the_pdf_page_says_so_and_offers_the_print_view(
    client, world, logged, monkeypatch
):
    person, _case, _consent = logged
    monkeypatch.setattr(pdf, "_weasyprint", lambda: (None, "cannot load library 'libpango'"))
    client.force_login(world.cm)
    response = client.get(reverse("disclosures:pdf", args=[person.pk]))
    assert response.status_code == 503
    html = response.content.decode()
    assert "PDF-Erzeugung nicht verfügbar" in html
    assert reverse("disclosures:print", args=[person.pk]) in html
    assert not AuditEvent.objects.filter(action="disclosure.pdf").exists()


def test_the_log_page_has_a_bounded_number_of_queries(client, world, logged):
    person, case, _consent = logged
    client.force_login(world.cm)
    with CaptureQueriesContext(connection) as few:
        client.get(log_url(person))
    for i in range(8):
        record_disclosure(
            actor=get_actor(world.cm),
            person=person,
            kind=Disclosure.Kind.REFERRAL,
            purpose=f"Vermittlung {i}",
            data_categories=["base"],
            recipient_unit=world.unit_b,
            legal_mandate="§ 4 TIntG",
            case=case,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(log_url(person))
    assert len(many.captured_queries) == len(few.captured_queries)
