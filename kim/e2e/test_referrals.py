"""A case manager refers a person from an action of the support plan: without a
consent the referral cannot be sent; with a matching one it goes out and gets a
partner link. The partner, without an account, opens the link, accepts (by
keyboard), records the first appointment and reports back; the outcome shows on
the case. A partner with an account answers from the inbox. Every page passes
axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kim.e2e.helpers import log_in, tab_to
from kim.network.models import Referral
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import build_setting

pytestmark = pytest.mark.browser


def test_a_case_manager_refers_with_consent_and_the_partner_reports_back_through_the_link(
    new_page, world, check
):
    s = build_setting(world)
    page = new_page()
    log_in(page, world.cm)

    page.goto(f"/faelle/{s.case.pk}/hilfeplan/")
    check(page, "Fallseite mit Maßnahme")
    page.get_by_role("link", name=re.compile(r"^Vermitteln\W+Anmeldung zum Sprachkurs")).click()
    check(page, "Angebot wählen")
    page.get_by_role("link", name=re.compile(r"^Wählen\W+Deutschkurs B1")).click()
    expect(page.get_by_label("Zweck der Vermittlung")).to_have_value("Anmeldung zum Sprachkurs")
    expect(page.get_by_text("Für diese Person ist keine Einwilligung erfasst.")).to_be_visible()
    check(page, "Vermittlung anlegen ohne Einwilligung")

    # Without consent, sharing the name cannot be sent.
    page.get_by_role("button", name="Speichern und senden").click()
    expect(page.get_by_role("alert")).to_contain_text("Ohne passende Einwilligung")
    check(page, "Vermittlung: Senden verweigert")
    assert not Referral.objects.exists()

    # The person signs a consent for the language school; the form finds it.
    consent = s.consent()
    page.get_by_role("button", name="Einwilligungen neu prüfen").click()
    option = page.get_by_label(re.compile("deckt diese Vermittlung"))
    expect(option).to_be_visible()
    option.check()
    # Choosing more data than the consent covers explains why, at once (htmx).
    page.get_by_label(re.compile("^Gesundheit")).check()
    expect(page.get_by_text("umfasst diese Daten nicht: Gesundheit")).to_be_visible()
    check(page, "Vermittlung: Einwilligung deckt nicht alles")
    page.get_by_label(re.compile("^Gesundheit")).uncheck()
    expect(option).to_be_checked()
    page.get_by_label("Nachricht an die Partnerstelle").fill("Kann nur vormittags.")
    page.get_by_role("button", name="Speichern und senden").click()
    expect(page.get_by_role("status").first).to_contain_text("wurde gesendet")
    check(page, "Vermittlung gesendet")
    referral = Referral.objects.get()
    assert referral.status == Status.SENT and referral.consent == consent

    page.get_by_role("button", name="Link erstellen").click()
    address = page.get_by_label("Link für die Partnerstelle").input_value()
    check(page, "Partner-Link erstellt")
    path = "/partner/" + address.split("/partner/")[1]

    # The partner has no account: a fresh browser, no login.
    partner = new_page()
    partner.goto(path)
    expect(partner.get_by_text("Lina Haddad")).to_be_visible()
    expect(partner.get_by_text("Kann nur vormittags.")).to_be_visible()
    check(partner, "Partner-Link")
    partner.locator("body").focus()
    tab_to(partner, lambda el: el["tag"] == "button" and el["text"] == "Annehmen")
    partner.keyboard.press("Enter")
    expect(partner.get_by_role("status").first).to_contain_text("angenommen")
    check(partner, "Partner-Link nach Annahme")

    day = timezone.localdate() + timedelta(days=5)
    partner.get_by_label("Erster Termin am").fill(day.isoformat())
    partner.get_by_role("button", name="Ersten Termin erfassen").click()
    expect(partner.get_by_role("status").first).to_contain_text("erste Termin ist erfasst")
    partner.get_by_role("button", name="Rückmeldung geben und abschließen").click()
    expect(partner.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    check(partner, "Partner-Link: Rückmeldung mit Fehler")
    partner.get_by_label("Unterstützung erhalten").check()
    partner.get_by_role("textbox", name="Rückmeldung").fill("Kurs begonnen, kommt regelmäßig.")
    partner.get_by_role("button", name="Rückmeldung geben und abschließen").click()
    # Done: the link has ended and opens nothing any more.
    expect(partner.get_by_role("heading", name="Dieser Link ist nicht gültig")).to_be_visible()
    check(partner, "Partner-Link beendet")

    page.goto(f"/faelle/{s.case.pk}/netzwerk/")
    section = page.get_by_role("region", name="Vermittlungen")
    expect(section).to_contain_text("abgeschlossen")
    expect(section).to_contain_text("Unterstützung erhalten")
    expect(section).to_contain_text("5 Tage")
    check(page, "Fallseite mit Ergebnis")
    page.get_by_role("link", name="Deutschkurs B1").click()
    expect(page.get_by_role("table", name="Verlauf der Vermittlung")).to_contain_text(
        "Partnerstelle (Link)"
    )
    check(page, "Vermittlung mit Verlauf")
    check.assert_clean()


def test_a_partner_with_an_account_answers_from_the_inbox(new_page, world, check):
    s = build_setting(world)
    referral = s.sent(message="Bitte Rückruf.")
    page = new_page()
    log_in(page, s.partner)
    expect(page.get_by_role("region", name="Vermittlungen an uns")).to_contain_text(
        "1 Vermittlung wartet auf Ihre Antwort."
    )
    check(page, "Startseite Partner")
    page.get_by_role("link", name="Zu den Vermittlungen").click()
    check(page, "Eingang")
    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_text("Bitte Rückruf.")).to_be_visible()
    check(page, "Vermittlung im Eingang")
    page.get_by_role("button", name="Ablehnen").click()
    expect(page.get_by_role("alert")).to_contain_text("Grund der Ablehnung")
    page.get_by_label("Grund der Ablehnung").fill("Kurs ist voll bis Juni.")
    page.get_by_role("button", name="Ablehnen").click()
    expect(page.get_by_role("status").first).to_contain_text("abgelehnt")
    check(page, "Vermittlung abgelehnt")
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    check.assert_clean()


def test_the_coordination_reads_referral_figures_per_service(new_page, world, check):
    s = build_setting(world)
    s.sent()
    page = new_page()
    log_in(page, world.coordination)
    page.get_by_role("link", name="Vermittlungen je Angebot").click()
    expect(page.get_by_role("table", name="Vermittlungen je Angebot")).to_contain_text(
        "Deutschkurs B1"
    )
    check(page, "Vermittlungen je Angebot")
    page.get_by_role("link", name="Deutschkurs B1").click()
    expect(page.get_by_role("region", name="Vermittlungen über die Plattform")).to_contain_text(
        "< 5"
    )
    check(page, "Angebot mit Vermittlungszahlen")
    check.assert_clean()
