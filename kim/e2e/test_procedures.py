"""The authority runs a procedure: opens it from the person page, ticks a document by
keyboard, moves the stage, invites the person to an appointment. Every page passes
axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kim.e2e.helpers import focused, log_in
from kim.testing.factories import register_person

pytestmark = pytest.mark.browser


def test_the_authority_runs_a_procedure(new_page, world, check, date_keys):
    person = register_person(
        world.authority,
        world.unit_authority,
        family_name="Haddad",
        given_names="Samir",
        street="Lindenweg 4",
        postcode="12345",
        town=world.town,
    )
    page = new_page()
    log_in(page, world.authority, check=check)
    page.goto(f"/personen/{person.pk}/")
    check(page, "Person mit Verfahren-Abschnitt")
    page.get_by_role("link", name="Verfahren anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verfahren anlegen")
    check(page, "Verfahren anlegen")
    page.get_by_role("button", name="Verfahren anlegen").click()
    expect(page.get_by_text("Bitte die Art des Verfahrens wählen.").first).to_be_visible()
    check(page, "Verfahren anlegen mit Fehler")
    page.get_by_label("Aufenthaltserlaubnis § 25b AufenthG").check()
    page.get_by_role("button", name="Verfahren anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aufenthaltserlaubnis § 25b AufenthG: Samir Haddad"
    )
    check(page, "Verfahren")
    page.screenshot(path="/tmp/procedure-page.png", full_page=True)

    # A document arrived yesterday: by keyboard, date then the button next to it.
    yesterday = timezone.localdate() - timedelta(days=1)
    field = page.get_by_label("Gültiger Pass oder Passersatz liegt vor seit")
    field.focus()
    page.keyboard.type(date_keys(yesterday))
    expect(field).to_have_value(yesterday.isoformat())
    # Chromium's date field has its own stop (the calendar button) before the next one.
    for _ in range(3):
        page.keyboard.press("Tab")
        if focused(page)["tag"] == "button":
            break
    assert focused(page)["text"].startswith("Liegt vor") and focused(page)["focusVisible"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        f"„Gültiger Pass oder Passersatz“ liegt vor seit {yesterday:%d.%m.%Y}."
    )
    row = page.get_by_role("row", name="Gültiger Pass oder Passersatz")
    expect(row).to_contain_text(f"liegt vor seit {yesterday:%d.%m.%Y}")
    check(page, "Verfahren nach Unterlage")

    # Withdrawal needs a reason; then the application is received.
    page.get_by_label("zurückgenommen").check()
    page.get_by_role("button", name="Stand setzen").click()
    expect(page.get_by_text("Bitte den Grund angeben.").first).to_be_visible()
    check(page, "Verfahren mit Fehler beim Stand")
    page.get_by_label("Antrag eingegangen").check()
    page.get_by_label("Anmerkung oder Grund").fill("Antrag persönlich abgegeben")
    page.get_by_role("button", name="Stand setzen").click()
    expect(page.get_by_role("status")).to_contain_text("Neuer Stand: Antrag eingegangen.")
    expect(page.get_by_role("list").filter(has_text="Antrag persönlich abgegeben")).to_be_visible()

    # An appointment to bring the missing documents.
    day = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Anlass").select_option(label="Vorsprache mit Unterlagen")
    page.get_by_label("Tag", exact=True).fill(day.isoformat())
    page.get_by_label("Beginn (Uhrzeit)").fill("09:30")
    page.get_by_label("Ort").fill("Kreishaus, Am Markt 1, Zimmer 112")
    page.get_by_role("button", name="Termin eintragen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Der Termin am {day:%d.%m.%Y} um 09:30 Uhr ist eingetragen."
    )
    expect(page.get_by_role("heading", name="Vorsprache mit Unterlagen")).to_be_visible()
    expect(page.get_by_role("link", name="Kalenderdatei (ICS)")).to_be_visible()
    check(page, "Verfahren mit Termin")
    page.screenshot(path="/tmp/procedure-page-done.png", full_page=True)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Verfahren", exact=True
    ).click()
    expect(page.get_by_role("row", name="Haddad, Samir")).to_contain_text("Antrag eingegangen")
    check(page, "Liste der Verfahren")
    page.screenshot(path="/tmp/procedure-list.png", full_page=True)
    check.assert_clean()
