"""A case manager documents a counselling session on the case page without
leaving it, by keyboard alone: Alt+Shift+N opens the form with today's
defaults, Alt+Shift+T picks a text template that lands at the cursor, typing
fills its placeholder, Ctrl+Enter saves, and the history shows the contact
without a page reload. The inline form with errors and the confirmation pass
axe-core."""

import pytest
from playwright.sync_api import expect

from kim.cases.models import Contact
from kim.e2e.helpers import log_in
from kim.testing.factories import open_case, register_person

pytestmark = pytest.mark.browser


def test_a_contact_is_documented_inline_by_keyboard(new_page, world, check):
    person = register_person(world.cm, world.unit_a, family_name="Sadeghi", given_names="Nilufar")
    case = open_case(world.cm, person, world.unit_a)
    page = new_page()
    log_in(page, world.cm)
    page.goto(f"/faelle/{case.pk}/")
    check(page, "Fallseite vor dem Kontakt")
    # Marks the document: a full page load would lose it.
    page.evaluate("() => { window.kimNoReload = true; }")

    page.keyboard.press("Alt+Shift+N")
    panel = page.locator("#kontakt-erfassen")
    expect(panel.get_by_role("heading", name="Neuer Kontakt")).to_be_visible()
    expect(panel.get_by_label("Datum")).to_be_focused()
    expect(panel.get_by_label("Dauer (Minuten)")).to_have_value("45")

    # An impossible duration: the errors appear in the panel, the note stays.
    panel.get_by_label("Dauer (Minuten)").fill("0")
    panel.get_by_label("Notiz").fill("Erster Entwurf der Notiz")
    panel.get_by_label("Notiz").press("Control+Enter")
    expect(panel.locator(".error-summary")).to_be_focused()
    expect(panel.get_by_label("Notiz")).to_have_value("Erster Entwurf der Notiz")
    check(page, "Kontakt inline mit Fehlern")

    panel.get_by_label("Dauer (Minuten)").fill("50")
    panel.get_by_label("Notiz").fill("")
    page.keyboard.press("Alt+Shift+T")
    picker = panel.get_by_label("Textbaustein")
    expect(picker).to_be_focused()
    picker.select_option(label="Telefonat")
    panel.get_by_role("button", name="Textbaustein einfügen").press("Enter")
    note = panel.get_by_label("Notiz")
    expect(note).to_be_focused()
    # The first placeholder is selected: typing replaces it.
    page.keyboard.type("Frage zum Sprachkurs")
    expect(note).to_have_value(
        "Anlass des Anrufs: Frage zum Sprachkurs\nBesprochen: [ ]\nVereinbart: [ ]"
    )
    note.press("Control+Enter")

    confirmation = panel.get_by_role("status")
    expect(confirmation).to_contain_text("wurde gespeichert")
    expect(confirmation).to_be_focused()
    history = page.locator("#kontaktverlauf")
    expect(history).to_contain_text("Anlass des Anrufs: Frage zum Sprachkurs")
    expect(history).to_contain_text("50 Min.")
    assert page.evaluate("() => window.kimNoReload === true")
    check(page, "Kontakt inline gespeichert")
    contact = Contact.objects.get(case=case)
    assert contact.duration_minutes == 50
    assert contact.created_by == world.cm

    # "Weiteren Kontakt erfassen" opens a fresh form; Abbrechen closes it again.
    panel.get_by_role("link", name="Weiteren Kontakt erfassen").click()
    expect(panel.get_by_label("Notiz")).to_have_value("")
    panel.get_by_role("button", name="Abbrechen").click()
    expect(panel).to_be_empty()
    expect(page.get_by_role("link", name="Kontakt erfassen")).to_be_focused()
