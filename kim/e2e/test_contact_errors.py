"""A contact saved without a duration: the German error summary, focus on it,
a link to the field, and everything typed still there."""

from datetime import date

from playwright.sync_api import expect

from kim.cases.models import Contact
from kim.e2e.helpers import focused, log_in
from kim.testing.factories import open_case, register_person

NOTE = "Termin beim Jobcenter vorbereitet.\nUnterlagen fehlen noch."


def test_contact_without_duration_shows_the_error_summary_and_keeps_the_note(
    browser_page, world, check
):
    page = browser_page
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Yilmaz",
        given_names="Emre",
        birth_date=date(2001, 1, 9),
    )
    case = open_case(world.cm, person, world.unit_a)
    log_in(page, world.cm)
    page.goto(f"/faelle/{case.pk}/kontakt/")

    page.get_by_label("Dauer (Minuten)").fill("")
    page.get_by_label("Telefon").check()
    page.get_by_label("Notiz").fill(NOTE)
    page.get_by_role("button", name="Kontakt speichern").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    error_link = summary.get_by_role(
        "link", name="Dauer (Minuten): Dieses Feld ist zwingend erforderlich."
    )
    expect(error_link).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.get_by_label("Notiz")).to_have_value(NOTE)
    expect(page.get_by_label("Telefon")).to_be_checked()
    assert not Contact.objects.filter(case=case).exists()
    check(page, "Kontakt erfassen mit Fehlern")

    # From the summary, the keyboard reaches the field in error.
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("Dauer (Minuten):")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_duration_minutes"
    page.keyboard.type("20")
    page.get_by_role("button", name="Kontakt speichern").click()

    expect(page.get_by_role("region", name="Verlauf der Kontakte")).to_contain_text(
        "Telefon · 20 Min."
    )
    # Browsers send a textarea's line breaks as CRLF.
    assert Contact.objects.get(case=case).note.replace("\r\n", "\n") == NOTE
    check.assert_clean()
