"""Who sees a case: the team lead of the unit does; a case manager of another
unit or another municipality finds nothing – not in lists, not in the search,
not by URL (404)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kim.e2e.helpers import log_in
from kim.testing.factories import open_case, register_person


@pytest.fixture
def petrescu_case(world):
    """A case of world.cm in unit A, with a contact; the team lead did not open it."""
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Petrescu",
        given_names="Ioana",
        birth_date=date(1991, 6, 30),
    )
    return open_case(world.cm, person, world.unit_a, reason="Wohnungssuche")


def test_team_lead_sees_the_case_of_a_case_manager_of_the_unit(
    new_page, world, petrescu_case, check
):
    page = new_page()
    log_in(page, world.lead)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Fälle", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fälle")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=petrescu_case.number))
    expect(row).to_contain_text("Petrescu, Ioana")
    expect(row).to_contain_text(str(world.cm))
    check(page, "Fälle (Teamleitung)")

    row.get_by_role("link", name=petrescu_case.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ioana Petrescu")
    check(page, "Fallseite (Teamleitung)")
    check.assert_clean()


@pytest.mark.parametrize("who", ["cm_b", "outsider"])
def test_case_is_invisible_to_other_units_and_tenants(new_page, world, petrescu_case, who):
    page = new_page()
    log_in(page, getattr(world, who))
    case, person = petrescu_case, petrescu_case.person

    page.goto("/faelle/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fälle")
    expect(page.get_by_role("main")).not_to_contain_text("Petrescu")
    expect(page.get_by_role("link", name=case.number)).to_have_count(0)

    page.goto("/personen/suche/")
    page.get_by_role("searchbox", name="Name oder Geburtsdatum").press_sequentially(
        "petrescu", delay=20
    )
    expect(page.locator("#search-results")).to_contain_text("Keine Person gefunden")
    expect(page.locator("#search-results")).not_to_contain_text("Ioana")

    for url in (
        f"/faelle/{case.pk}/",
        f"/faelle/{case.pk}/kontakt/",
        f"/faelle/{case.pk}/bearbeiten/",
        f"/personen/{person.pk}/",
        f"/faelle/neu/?person={person.pk}",
    ):
        response = page.goto(url)
        assert response.status == 404, f"{url}: {response.status}"
        expect(page.locator("body")).not_to_contain_text("Petrescu")


def test_not_found_page_is_german_and_accessible(new_page, world, petrescu_case, check):
    page = new_page()
    log_in(page, world.cm_b)
    response = page.goto(f"/faelle/{petrescu_case.pk}/")
    assert response.status == 404
    lang = page.evaluate("() => document.documentElement.lang")
    if lang != "de":
        check.note(f'404-Seite: <html lang="{lang}">, erwartet "de" (deutsche Oberfläche)')
    if "KIM-Plattform" not in page.title():
        check.note(f"404-Seite: Titel {page.title()!r}, nicht im Layout der Plattform (base.html)")
    check(page, "404-Seite")
    check.assert_clean()
