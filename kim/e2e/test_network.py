"""A case manager finds help for a person in the services directory: searches and
filters by keyboard, opens a service, collects services for "Wo finde ich Hilfe?",
opens the print view, and asks the responsibility finder. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from kim.e2e.helpers import focused, log_in, tab_to
from kim.network.tests.conftest import build_directory

pytestmark = pytest.mark.browser


def settled(page) -> None:
    """No htmx request running, and the search indicator's fade (0.2 s) is over."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.wait_for_timeout(300)


def test_a_case_manager_searches_collects_prints_and_asks_the_finder(new_page, world, check):
    build_directory(world)
    page = new_page()
    log_in(page, world.cm, check=check)

    # The directory from the main navigation, by keyboard.
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Angebote")
    assert focused(page)["focusVisible"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Angebote")
    expect(page.locator("#trefferzahl")).to_have_text("4 Angebote")
    check(page, "Angebote")

    # Search as you type (htmx), then filter by language with the keyboard.
    tab_to(page, lambda f: f["id"] == "id_q")
    page.keyboard.type("beratung")
    expect(page.locator("#trefferzahl")).to_contain_text("2 Angebote")
    tab_to(page, lambda f: f["id"] == "id_sprache")
    page.keyboard.type("Persisch")
    expect(page.locator("#trefferzahl")).to_contain_text("1 Angebot")
    results = page.locator("#ergebnisse")
    expect(results).to_contain_text("Aufenthaltsberatung")
    expect(results).not_to_contain_text("Wohnraumberatung")
    assert "sprache=fa" in page.url  # the filtered list has its own address
    settled(page)
    check(page, "Angebote gefiltert")

    # Open the service and put it on the helplist.
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Aufenthaltsberatung")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufenthaltsberatung")
    expect(page.get_by_role("region", name="Für wen und wo")).to_contain_text("فارسی")
    check(page, "Angebot")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("Zur Hilfeliste"))
    page.keyboard.press("Enter")
    expect(page.locator(".helplist-toggle")).to_contain_text("Auf der Hilfeliste")

    # A second service from the unfiltered list; the header count follows.
    page.goto("/netzwerk/?q=sprachcaf")
    expect(page.locator("#trefferzahl")).to_contain_text("1 Angebot")
    page.get_by_role("button", name="Zur Hilfeliste: Sprachcafé").click()
    expect(page.locator("#hilfeliste-link")).to_contain_text("Hilfeliste (2 Angebote)")
    settled(page)
    check(page, "Angebote mit Hilfeliste")

    # The list and its print view in simple German.
    page.locator("#hilfeliste-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wo finde ich Hilfe?")
    expect(page.locator("ol.helplist > li")).to_have_count(2)
    check(page, "Hilfeliste")
    page.get_by_role("link", name="Druckansicht öffnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wo finde ich Hilfe?")
    places = page.locator("section.place")
    expect(places).to_have_count(2)
    expect(places.first).to_contain_text("Aufenthaltsberatung")
    expect(places.nth(1)).to_contain_text("Bus 5 bis Lindenweg")
    expect(page.locator('span[lang="ar"][dir="rtl"]').first).to_have_text("العربية")
    check(page, "Druckansicht Wo finde ich Hilfe?")

    # The responsibility finder: field, legal domain and a postcode, by keyboard.
    page.goto("/netzwerk/zustaendigkeit/")
    check(page, "Zuständigkeitsfinder")
    tab_to(page, lambda f: f["id"] == "id_feld")
    page.keyboard.type("Arbeit")
    tab_to(page, lambda f: f["id"] == "id_rechtskreis")
    page.keyboard.type("SGB II")
    tab_to(page, lambda f: f["id"] == "id_adresse")
    page.keyboard.type("12345")
    page.keyboard.press("Enter")
    result = page.locator(".finder-result")
    expect(result).to_contain_text("Zuständig: Jobcenter Testland")
    expect(result).to_contain_text("Handlungsfeld „Arbeit“ · Rechtskreis SGB II · für alle Orte")
    expect(result).to_contain_text("Ort Testhausen")
    check(page, "Zuständigkeitsfinder mit Ergebnis")
    check.assert_clean()


def test_the_coordination_edits_a_service_and_the_form_keeps_the_input(new_page, world, check):
    directory = build_directory(world)
    page = new_page()
    log_in(page, world.coordination)
    page.goto(f"/netzwerk/angebote/{directory.housing.pk}/bearbeiten/")
    check(page, "Angebot bearbeiten")
    page.get_by_label("Wartezeit in Wochen").fill("5")
    page.get_by_label("nimmt Vermittlungen an").check()
    page.get_by_role("button", name="Speichern").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Wer Vermittlungen annimmt, braucht eine E-Mail-Adresse dafür.")
    expect(page.get_by_label("Wartezeit in Wochen")).to_have_value("5")
    check(page, "Angebot bearbeiten mit Fehler")
    page.get_by_label("E-Mail-Adresse für Vermittlungen").fill("wohnen@awo.example")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("Die Änderungen wurden gespeichert.")
    page.goto("/netzwerk/pruefung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfung fällig")
    check(page, "Prüfung fällig")
    page.goto("/netzwerk/import/")
    check(page, "Import")
    check.assert_clean()
