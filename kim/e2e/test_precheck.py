"""A case manager runs the pre-check: leaves what they do not know on "unbekannt",
reads per check what is met and what is missing. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from kim.e2e.helpers import log_in

pytestmark = pytest.mark.browser


def test_a_case_manager_runs_the_pre_check(new_page, world, check):
    page = new_page()
    log_in(page, world.cm, check=check)
    page.get_by_role("link", name="Vorprüfung", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vorprüfung: Einbürgerung und Bleiberecht"
    )
    check(page, "Vorprüfung")
    page.get_by_label("Tag der Prüfung").fill("2026-06-01")
    page.get_by_label("Rechtmäßiger gewöhnlicher Aufenthalt in Deutschland seit").fill("2019-05-01")
    page.get_by_label("Deutschkenntnisse (GER-Niveau)").select_option("B1")
    page.get_by_label("Einbürgerungstest bestanden").select_option("true")
    page.get_by_label("Bezieht Leistungen nach SGB II oder SGB XII").select_option("true")
    page.get_by_label("Monate in Vollzeit in den letzten 24 Monaten").fill("12")
    page.get_by_role("button", name="Prüfen").click()
    result = page.locator("section.precheck-result").first
    expect(result.get_by_role("heading")).to_have_text("Einbürgerung (§ 10 StAG)")
    expect(result).to_contain_text(
        "Aufenthalt seit 01.05.2019: die 5 Jahre sind seit dem 01.05.2024 erfüllt."
    )
    expect(result).to_contain_text("ob eine Ausnahme gilt")
    # What was typed stays in the form for the next try.
    expect(page.get_by_label("Monate in Vollzeit in den letzten 24 Monaten")).to_have_value("12")
    check(page, "Vorprüfung mit Ergebnis")
