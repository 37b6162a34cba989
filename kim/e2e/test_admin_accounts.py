"""In the browser: the admin creates an account and grants a role, the new
person logs in and issues an API token; axe-core checks every page on the way.

Uses the fixtures of kim/e2e (Debian's Chromium, live server); skipped without
Chromium like the other browser tests.
"""

import pytest
from playwright.sync_api import expect

from kim.e2e.helpers import log_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Kastanienallee-2026!"


def test_admin_creates_an_account_that_then_logs_in_and_issues_a_token(
    new_page,
    world,
    check,
):
    page = new_page()
    log_in(page, world.admin)
    check(page, "Start (Administration)")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Verwaltung"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benutzer*innen")
    check(page, "Benutzer*innen")

    page.get_by_role("link", name="Konto anlegen").click()
    check(page, "Konto anlegen")
    page.get_by_label("Benutzername").fill("nora.neumann")
    page.get_by_label("Vorname").fill("Nora")
    page.get_by_label("Nachname").fill("Neumann")
    page.locator("#id_password").fill("12345")
    page.locator("#id_password_confirm").fill("12345")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Dieses Passwort ist zu kurz")
    expect(page.get_by_label("Benutzername")).to_have_value("nora.neumann")
    check(page, "Konto anlegen mit Fehler")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_password_confirm").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nora Neumann")
    page.get_by_label("Einheit", exact=True).select_option(label="Case Management Nord")
    page.get_by_label("Rolle", exact=True).select_option(label="Case Manager*in")
    page.get_by_role("button", name="Rolle vergeben").click()
    expect(page.get_by_role("table", name="Einheiten und Rollen")).to_contain_text(
        "Case Management Nord"
    )
    check(page, "Konto")

    for link, heading in [
        ("Organisationen und Einheiten", "Organisationen und Einheiten"),
        ("Orte und Stadtteile", "Orte und Stadtteile"),
        ("Handlungsfelder", "Handlungsfelder"),
        ("Rollen", "Rollen"),
    ]:
        page.get_by_role("navigation", name="Bereiche der Verwaltung").get_by_role(
            "link", name=link
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check(page, heading)

    other = new_page()
    other.goto("/konto/anmelden/")
    other.get_by_label("Benutzername").fill("nora.neumann")
    other.get_by_label("Passwort").fill(NEW_PASSWORD)
    other.get_by_role("button", name="Anmelden").click()
    expect(other.get_by_role("link", name="Meine Fälle")).to_be_visible()
    other.goto("/konto/profil/")
    expect(other.get_by_role("table", name="Meine Einheiten und Rollen")).to_contain_text(
        "Case Manager*in"
    )
    check(other, "Profil")
    other.get_by_label("Bezeichnung", exact=True).fill("Statistik-Export")
    other.get_by_role("button", name="Token erzeugen").click()
    token = other.get_by_label("Ihr neues Token").input_value()
    assert token.startswith("kim_")
    check(other, "Profil mit neuem Token")
    other.get_by_role("button", name="Widerrufen – Statistik-Export").click()
    expect(other.get_by_role("table", name="Meine Tokens")).to_contain_text("widerrufen")
    check.assert_clean()
