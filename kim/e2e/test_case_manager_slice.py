"""The slice as a case manager clicks through it: log in, find people as you
type, get the duplicate warning, register, open a case, record a counselling
contact and find the case on "Meine Fälle" – with axe-core on every page."""

import re
from datetime import date

from playwright.sync_api import expect

from kim.cases.models import Case
from kim.e2e.helpers import log_in
from kim.people.models import Person
from kim.testing.factories import register_person


def test_case_manager_searches_registers_opens_a_case_and_records_a_contact(
    browser_page, world, check
):
    page = browser_page
    hassan = register_person(
        world.cm,
        world.unit_a,
        family_name="Al-Hassan",
        given_names="Mohammed",
        birth_date=date(1987, 3, 14),
    )
    register_person(
        world.cm,
        world.unit_a,
        family_name="Müller",
        given_names="Anna",
        birth_date=date(1979, 11, 2),
    )

    log_in(page, world.cm, check=check)
    check(page, "Startseite")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Personen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personen suchen")
    check(page, "Personensuche (leer)")

    # Search as you type: no Enter, no button; htmx swaps the results in.
    search = page.get_by_role("searchbox", name="Name oder Geburtsdatum")
    search.press_sequentially("muhamad alhasan", delay=20)
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Al-Hassan, Mohammed")).to_be_visible()
    expect(search).to_be_focused()
    expect(search).to_have_value("muhamad alhasan")
    expect(page).to_have_url(re.compile(r"\?q=muhamad(\+|%20)alhasan$"))
    check(page, "Personensuche mit Treffern")

    search.fill("")
    search.press_sequentially("mueller", delay=20)
    expect(results.get_by_role("link", name="Müller, Anna")).to_be_visible()
    expect(results.get_by_role("link", name="Al-Hassan, Mohammed")).to_have_count(0)

    # Registering someone who is probably already there: the warning names the candidate.
    page.get_by_role("main").get_by_role("link", name="Person registrieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Person registrieren")
    check(page, "Registrierung (leer)")
    page.get_by_label("Familienname").fill("Al Hassan")
    page.get_by_label("Vornamen").fill("Mohamad")
    page.get_by_label("Geburtsdatum").fill("1987-03-14")
    # While typing, htmx shows the likely duplicates already (on change of the fields).
    live_panel = page.locator("#duplicate-panel")
    expect(live_panel.get_by_role("link", name="Al-Hassan, Mohammed")).to_be_visible()
    check(page, "Registrierung mit Dublettenhinweis beim Tippen")
    page.get_by_role("button", name="Person registrieren").click()

    warning = page.locator(".kern-alert--warning")
    expect(warning).to_contain_text("Diese Person ist vielleicht schon registriert")
    candidate = warning.get_by_role("link", name="Al-Hassan, Mohammed")
    expect(candidate).to_have_attribute("href", f"/personen/{hassan.pk}/")
    assert Person.objects.filter(tenant=world.tenant).count() == 2, "nothing registered yet"
    # What was typed is still there.
    expect(page.get_by_label("Familienname")).to_have_value("Al Hassan")
    check(page, "Registrierung mit Dublettenwarnung")

    page.get_by_label(
        "Ich habe die Vorschläge geprüft: Es handelt sich um eine andere Person."
    ).check()
    page.get_by_role("button", name="Person registrieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mohamad Al Hassan")
    expect(page.locator(".messages").get_by_role("status")).to_contain_text(
        "Mohamad Al Hassan wurde registriert."
    )
    person = Person.objects.get(tenant=world.tenant, family_name="Al Hassan")
    check(page, "Personenseite")

    page.get_by_role("link", name="Fall eröffnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fall eröffnen für Mohamad Al Hassan")
    check(page, "Fall eröffnen")
    page.get_by_label("Anlass").fill("Sucht einen Sprachkurs und Arbeit.")
    page.get_by_label("Sprache", exact=True).check()
    page.get_by_role("button", name="Fall eröffnen").click()

    case = Case.objects.get(person=person)
    assert case.unit == world.unit_a
    assert case.case_manager == world.cm
    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/$"))
    expect(page.locator(".messages").get_by_role("status")).to_contain_text(
        f"Fall {case.number} wurde eröffnet."
    )
    expect(page.get_by_text("Noch keine Kontakte erfasst.")).to_be_visible()
    check(page, "Fallseite (neu)")

    # The contact form opens on the case page itself and saves without a reload.
    page.get_by_role("link", name="Kontakt erfassen").click()
    expect(page.get_by_role("heading", name="Neuer Kontakt")).to_be_visible()
    check(page, "Kontakt erfassen")
    page.get_by_label("Dauer (Minuten)").fill("50")
    page.get_by_label("persönlich").check()
    page.get_by_label("Notiz").fill("Erstgespräch: Anmeldung zum Integrationskurs besprochen.")
    page.get_by_role("button", name="Kontakt speichern").click()

    expect(page.locator("#kontakt-erfassen").get_by_role("status")).to_contain_text(
        "wurde gespeichert"
    )
    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/$"))
    history = page.get_by_role("region", name="Verlauf der Kontakte")
    expect(history).to_contain_text("Erstgespräch: Anmeldung zum Integrationskurs besprochen.")
    expect(history).to_contain_text("persönlich · 50 Min.")
    check(page, "Fallseite mit Kontakt")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Meine Fälle"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.number))
    expect(row).to_contain_text("Al Hassan, Mohamad")
    expect(row).to_contain_text("Case Management Nord")
    check(page, "Meine Fälle")
    check.assert_clean()
