"""In the browser: a case manager records family, legal status and a consent; every page passes axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kim.core.actor import get_actor

# The browser fixtures live with the other browser tests; `world` there is the
# live-server variant of the fixed cast.
from kim.e2e.helpers import log_in
from kim.people.services import legal_domain_start, residence_status_record
from kim.testing.factories import register_person

pytestmark = pytest.mark.browser


@pytest.fixture
def lina(world):
    lina = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Omar",
        birth_date=date(2015, 3, 1),
    )
    actor = get_actor(world.cm)
    legal_domain_start(actor=actor, person=lina, domain="asylblg", valid_from=date(2023, 5, 1))
    residence_status_record(
        actor=actor,
        person=lina,
        kind="gestattung",
        valid_from=date(2023, 5, 1),
        legal_basis="§ 55 AsylG",
    )
    return lina


def test_a_case_manager_records_a_child_a_consent_and_sees_the_history(
    new_page,
    world,
    lina,
    check,
):
    page = new_page()
    log_in(page, world.cm)
    page.goto(f"/personen/{lina.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lina Haddad")
    check(page, "Personenseite mit neuen Bereichen")

    # A child, found through the search on the form.
    page.get_by_role("link", name="Beziehung erfassen").first.click()
    check(page, "Beziehung erfassen (leer)")
    page.get_by_role("searchbox", name="Person suchen").fill("Omar")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_label("Haddad, Omar").check()
    page.get_by_role("group", name="Die gewählte Person ist für Lina Haddad …").get_by_label(
        "Kind"
    ).check()
    check(page, "Beziehung erfassen (Treffer)")
    page.get_by_role("button", name="Beziehung speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Beziehung wurde gespeichert")
    expect(page.get_by_role("table", name="Beziehungen von Lina Haddad")).to_contain_text("Kind")

    # A consent without recipients is refused with an explanation, then completed.
    page.goto(f"/personen/{lina.pk}/einwilligungen/neu/")
    page.get_by_role("group", name="Welche Daten dürfen weitergegeben werden?").get_by_label(
        "Stammdaten"
    ).check()
    page.get_by_role("group", name="Art des Zwecks").get_by_label("Anträge auf Leistungen").check()
    page.get_by_label("Beschreibung des Zwecks").fill("Antrag auf Bürgergeld begleiten")
    page.get_by_role("group", name="Form").get_by_label("schriftlich").check()
    page.get_by_role("button", name="Einwilligung speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("ohne Empfänger ist unwirksam")
    expect(page.get_by_label("Beschreibung des Zwecks")).to_have_value(
        "Antrag auf Bürgergeld begleiten"
    )
    check(page, "Einwilligung erfassen (Fehler)")
    page.get_by_role("group", name="Oder an welche Arten von Stellen?").get_by_label(
        "Jobcenter"
    ).check()
    page.get_by_role("button", name="Einwilligung speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einwilligungen")
    expect(page.get_by_role("table")).to_contain_text("gültig")
    check(page, "Einwilligungen")

    for path, name in [
        ("haushalt/", "Familie und Haushalt"),
        ("rechtskreise/", "Rechtskreise"),
        ("aufenthalt/", "Aufenthaltsstatus"),
        ("haushalt/mitglied/neu/", "Person zum Haushalt hinzufügen"),
        ("rechtskreise/neu/", "Rechtskreis erfassen"),
        ("aufenthalt/neu/", "Aufenthaltsstatus erfassen"),
    ]:
        page.goto(f"/personen/{lina.pk}/{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        check(page, name)
    check.assert_clean()
