"""The coordination reads the barrier overview by keyboard: chooses rows and columns,
sees the quarter trend as a chart beside the same numbers, and never a name. Every
page passes axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kim.e2e.helpers import log_in, tab_to
from kim.steering.tests.conftest import Counted

pytestmark = pytest.mark.browser


def test_the_coordination_reads_the_barrier_overview(new_page, world, check):
    counted = Counted(world)
    for day in range(1, 11):
        counted.flag(
            counted.case_b,
            world.cm_b,
            counted.categories["wohnraum"],
            counted.work,
            "sgb12",
            date(2026, 10, day),
        )
    page = new_page()
    log_in(page, world.coordination, check=check)

    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Hürden")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hürden in der Kommune")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Hürden 2026 nach Art der Hürde und Quartal")
    expect(page.get_by_role("img", name="Diagramm: Hürden je Quartal 2026")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('huerden-verlauf')")
    check(page, "Hürden je Quartal")

    # Another view by keyboard: fields of action by unit.
    tab_to(page, lambda f: f["id"] == "id_zeilen")
    page.keyboard.type("Handlungsfeld")
    tab_to(page, lambda f: f["id"] == "id_spalten")
    page.keyboard.type("Einheit")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Anzeigen")
    page.keyboard.press("Enter")
    expect(table).to_contain_text("Hürden 2026 nach Handlungsfeld und Einheit")
    expect(page.get_by_role("img")).to_have_count(0)
    for secret in ("Haddad", "Nowak", counted.case.number):
        expect(page.locator("body")).not_to_contain_text(secret)
    check(page, "Hürden nach Handlungsfeld und Einheit")

    # A mistake keeps the page usable and says what is wrong, in German.
    page.goto("/steuerung/huerden/?jahr=2026&zeilen=field&spalten=field")
    expect(page.get_by_role("alert")).to_contain_text("zwei verschiedene Merkmale")
    check(page, "Hürden mit Fehler")


def test_the_coordination_turns_barriers_into_an_issue_and_the_case_manager_follows_it(
    new_page, world, check
):
    counted = Counted(world)
    page = new_page()
    log_in(page, world.coordination, check=check)
    page.goto("/steuerung/huerden/?jahr=2026")
    page.get_by_role("link", name="Strukturthema aus diesen Hürden anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Strukturthema")
    check(page, "Neues Strukturthema")

    # A missing title: a German message, the description kept.
    page.get_by_label("Beschreibung").fill("Termine beim Jobcenter erst nach acht Wochen.")
    page.get_by_label("Wartezeit").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    expect(page.get_by_label("Beschreibung")).to_have_value(
        "Termine beim Jobcenter erst nach acht Wochen."
    )
    check(page, "Neues Strukturthema mit Fehler")
    page.get_by_label("Titel").fill("Lange Wartezeiten beim Jobcenter")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lange Wartezeiten beim Jobcenter")
    expect(page.get_by_role("table")).to_contain_text("Wartezeit")
    check(page, "Strukturthema")

    page.get_by_role("button", name="Stand „geprüft“ setzen").click()
    expect(page.get_by_role("status").first).to_contain_text("Neuer Stand: geprüft")
    page.get_by_role("textbox", name="Notiz").fill("Thema für die Steuerungsgruppe im März.")
    page.get_by_role("button", name="Notiz speichern").click()
    expect(page.get_by_role("region", name="Notizen")).to_contain_text("Steuerungsgruppe im März")
    check(page, "Strukturthema geprüft")

    # The case manager who flagged waiting times sees what became of them.
    cm = new_page()
    log_in(cm, world.cm, check=check)
    section = cm.get_by_role("region", name="Was aus Ihren gemeldeten Hürden wird")
    expect(section).to_contain_text("Lange Wartezeiten beim Jobcenter")
    expect(section).to_contain_text("geprüft")
    section.get_by_role("link", name="Lange Wartezeiten beim Jobcenter").click()
    expect(cm.get_by_role("heading", name="Nächster Schritt")).to_have_count(0)
    expect(cm.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    check(cm, "Strukturthema für das Case Management")
    assert counted.case.number not in cm.content()
