"""A team lead opens the duplicate list, reviews a pair, takes the other record's
birth date and merges by keyboard alone; a second pair is marked as two
persons and restored. A lead over two units merges a pair across them, and
both teams find the merge on the person page. Every page passes axe-core."""

import re
from datetime import date

from playwright.sync_api import expect

from kim.e2e.helpers import focused, log_in, tab_to
from kim.people.models import DuplicatePair, NotDuplicate, Person, PersonMerge
from kim.testing.factories import member, open_case, register_person


def test_a_team_lead_reviews_and_merges_a_duplicate_by_keyboard(new_page, world, check):
    kept = register_person(
        world.cm,
        world.unit_a,
        family_name="Al-Hassan",
        given_names="Mohammed",
        birth_date=date(1987, 12, 3),
        nationalities=["SY"],
    )
    gone = register_person(
        world.cm,
        world.unit_a,
        family_name="Alhasan",
        given_names="Muhammad",
        birth_date=date(1987, 3, 12),
        nationalities=["SY"],
    )
    open_case(world.cm, gone, world.unit_a)
    register_person(
        world.cm,
        world.unit_a,
        family_name="Müller",
        given_names="Anna",
        birth_date=date(1975, 11, 2),
    )
    register_person(
        world.cm,
        world.unit_a,
        family_name="Mueller",
        given_names="Anna",
        birth_date=date(1975, 11, 2),
    )
    page = new_page()
    log_in(page, world.lead)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Dubletten"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mögliche Dubletten")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Al-Hassan, Mohammed")
    expect(table).to_contain_text("Tag und Monat vertauscht")
    check(page, "Dublettenliste")

    # The Müller pair: two different persons after all; then taken back.
    page.get_by_role("button", name="Kein Duplikat – Müller, Anna und Mueller, Anna").click()
    expect(page.get_by_role("status").first).to_contain_text("als verschiedene Personen vermerkt")
    expect(page.get_by_role("table")).not_to_contain_text("Müller, Anna")
    page.get_by_role("link", name="1 Paar als verschieden entschieden").click()
    check(page, "Als verschieden entschieden")
    page.get_by_role(
        "button", name="Entscheidung zurücknehmen – Müller, Anna und Mueller, Anna"
    ).click()
    expect(page.get_by_role("status").first).to_contain_text("Entscheidung ist zurückgenommen")
    assert NotDuplicate.objects.get().withdrawn_by == world.lead

    # Review the Al-Hassan pair and merge it with the keyboard alone.
    page.goto("/personen/dubletten/")
    tab_to(page, lambda f: f["text"].startswith("Prüfen") and "Al-Hassan" in f["text"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zusammenführen prüfen")
    moving = page.get_by_role("table", name="Was von Datensatz 2 zu Datensatz 1 wandert")
    expect(moving).to_contain_text("Fälle")
    check(page, "Zusammenführen prüfen")

    tab_to(page, lambda f: f["name"] == "take_birth_date")
    page.keyboard.press("ArrowRight")  # the other record's date: 12.03.1987
    assert focused(page)["id"] == "id_take_birth_date_1"
    tab_to(page, lambda f: f["name"] == "reason")
    page.keyboard.type("doppelt registriert, gleicher Pass")
    tab_to(page, lambda f: f["text"] == "Zusammenführen")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed Al-Hassan")
    expect(page.get_by_role("status").first).to_contain_text("zusammengeführt")
    check(page, "Person nach dem Zusammenführen")
    merge = PersonMerge.objects.get()
    assert (merge.survivor, merge.merged) == (kept, gone)
    kept.refresh_from_db()
    assert kept.birth_date == date(1987, 3, 12)
    assert not DuplicatePair.objects.involving(gone.pk).exists()

    # The merged record's old address leads to the survivor.
    page.goto(f"/personen/{gone.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed Al-Hassan")
    expect(page.get_by_role("status").first).to_contain_text("mit diesem Datensatz zusammengeführt")
    assert Person.objects.filter(pk=gone.pk).exists()
    check.assert_clean()


def test_a_lead_over_both_units_merges_across_them_and_both_teams_see_the_history(
    new_page, world, check
):
    """As `leitung.kreis` does with the Tesfai records in the demo."""
    member(world.lead, world.unit_b, "team_lead")
    kept = register_person(
        world.cm,
        world.unit_a,
        family_name="Ghebremedhin",
        given_names="Tesfay",
        birth_date=date(1995, 1, 1),
        birth_date_precision="year",
        nationalities=["ER"],
    )
    gone = register_person(
        world.cm_b,
        world.unit_b,
        family_name="Gebremedhin",
        given_names="Tesfai",
        birth_date=date(1995, 1, 1),
        birth_date_precision="year",
        nationalities=["ER"],
    )
    open_case(world.cm_b, gone, world.unit_b)
    page = new_page()
    log_in(page, world.lead)
    page.goto("/personen/dubletten/")
    page.get_by_role("link", name=re.compile(r"Prüfen Ghebremedhin, Tesfay")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zusammenführen prüfen")
    page.locator("textarea[name=reason]").fill("in beiden Teams registriert, gleicher Pass")
    page.get_by_role("button", name="Zusammenführen", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tesfay Ghebremedhin")
    history = page.get_by_role("region", name="Zusammengeführte Datensätze")
    expect(history.get_by_role("heading", level=3)).to_have_text(
        f"Tesfai Gebremedhin (Datensatz Nr. {gone.pk})"
    )
    expect(history).to_contain_text("in beiden Teams registriert, gleicher Pass")
    expect(history).to_contain_text(f"von {world.lead.get_full_name()}")
    expect(history).to_contain_text("Fälle: 1")
    check(page, "Person mit zusammengeführtem Datensatz (Teamleitung)")

    # The other team now holds the record too, and sees the same history.
    other = new_page()
    log_in(other, world.cm_b)
    other.goto(f"/personen/{kept.pk}/")
    history = other.get_by_role("region", name="Zusammengeführte Datensätze")
    expect(history).to_contain_text("Tesfai Gebremedhin")
    expect(history).to_contain_text("1995 (nur Jahr)")
    check(other, "Person mit zusammengeführtem Datensatz (Case Management Süd)")
    check.assert_clean()


def test_a_case_manager_has_no_duplicate_list(new_page, world):
    page = new_page()
    log_in(page, world.cm)
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav.get_by_role("link", name="Personen")).to_be_visible()
    expect(nav.get_by_role("link", name="Dubletten")).to_have_count(0)
    response = page.goto("/personen/dubletten/")
    assert response.status == 404
