"""Sharing across offices in the browser: a case manager shares base data and residence
of a case with the Ausländerbehörde, whose staff see exactly that part; a team lead
breaks the glass on a foreign case; data protection finds a person for an access
request and prints the disclosure log. By keyboard where a person would type, every
page checked with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kim.cases.services import contact_record
from kim.core.actor import get_actor
from kim.e2e.helpers import log_in, tab_to
from kim.people.models import Consent
from kim.people.services import consent_record, residence_status_record
from kim.testing.factories import UserFactory, member, open_case, register_person

pytestmark = pytest.mark.browser

NOTE = "Vertrauliche Notiz zur Wohnungssuche"


@pytest.fixture
def case(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a, case_manager=world.cm)
    cm = get_actor(world.cm)
    contact_record(
        actor=cm, case=case, date=timezone.localdate(), duration_minutes=30, mode="phone", note=NOTE
    )
    residence_status_record(
        actor=cm,
        person=person,
        kind="duldung",
        valid_from=timezone.localdate() - timedelta(days=300),
        legal_basis="§ 60a AufenthG",
    )
    consent_record(
        actor=cm,
        person=person,
        data_categories=["base", "residence", "benefits"],
        purpose="Bleiberecht mit der Ausländerbehörde klären",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=timezone.localdate(),
        form=Consent.Form.WRITTEN,
        recipient_organisations=[world.unit_authority.organisation],
    )
    return case


def press(page, role_text: str, *, tag: str = "button") -> None:
    """Tab to the link or button and press Enter; wait for the page it leads to."""
    # innerText puts a visually hidden span on its own line: compare without line breaks.
    tab_to(page, lambda f: f["tag"] == tag and f["text"].replace("\n", "") == role_text, limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_case_manager_shares_a_part_and_the_authority_sees_only_that(
    new_page, world, case, check, date_keys
):
    page = new_page()
    log_in(page, world.cm)
    page.goto(f"/faelle/{case.pk}/")
    press(page, "Akte", tag="a")  # the shares are on the case page's tab "Akte"
    check(page, "Fallseite vor der Freigabe")
    press(page, "Teile des Falls freigeben", tag="a")
    expect(page.get_by_role("heading", level=1)).to_contain_text("freigeben")
    check(page, "Freigabe-Formular")

    tab_to(page, lambda f: f["id"] == "id_to_unit")
    page.get_by_label("An Einheit").select_option(
        label=f"{world.unit_authority.name} ({world.unit_authority.organisation.name})"
    )
    for label in ("Stammdaten und Falldaten", "Aufenthalt und Rechtskreise"):
        box = page.get_by_label(label, exact=False)
        box.focus()
        page.keyboard.press("Space")
    page.get_by_label("Art des Zwecks").select_option("residence")
    page.get_by_label("Zweck", exact=True).focus()
    page.keyboard.type("Prüfung Bleiberecht nach § 25b AufenthG")
    page.get_by_label("gültig bis").focus()
    page.keyboard.type(date_keys(timezone.localdate() + timedelta(days=30)))
    press(page, "Freigeben")
    expect(page.get_by_role("region", name="Freigaben")).to_contain_text("aktiv")
    check(page, "Fallseite mit Freigabe")

    authority = new_page()
    log_in(authority, world.authority)
    check(authority, "Startseite der Ausländerbehörde")
    press(authority, "Freigegebene Fälle ansehen", tag="a")
    check(authority, "Für uns freigegebene Fälle")
    press(authority, case.number, tag="a")
    expect(authority.get_by_role("heading", level=1)).to_have_text("Lina Haddad")
    main = authority.locator("main")
    expect(main).to_contain_text("Von Case Management Nord für Ihre Einheit freigegeben")
    expect(authority.get_by_role("region", name="Aufenthalt und Rechtskreise")).to_contain_text(
        "§ 60a AufenthG"
    )
    expect(authority.get_by_role("region", name="Falldaten")).to_be_visible()
    expect(main).not_to_contain_text(NOTE)
    expect(main).not_to_contain_text("Verlauf der Kontakte")
    expect(authority.get_by_role("link", name="Fall bearbeiten")).to_have_count(0)
    check(authority, "Freigegebener Fall bei der Ausländerbehörde")
    check.assert_clean()


def test_a_team_lead_breaks_the_glass_and_data_protection_sees_it(new_page, world, case, check):
    lead_b = UserFactory(username="lead_b", tenant=world.tenant)
    member(lead_b, world.unit_b, "team_lead")
    page = new_page()
    log_in(page, lead_b)
    press(page, "Notfallzugriff", tag="a")
    check(page, "Notfallzugriff")
    tab_to(page, lambda f: f["id"] == "id_number")
    page.keyboard.type(case.number)
    page.keyboard.press("Tab")
    page.keyboard.type("eilt")  # too short: a German message, the number is kept
    press(page, "Fall im Notfall öffnen")
    expect(page.locator("main")).to_contain_text("mindestens 10 Zeichen")
    expect(page.get_by_label("Fallnummer")).to_have_value(case.number)
    check(page, "Notfallzugriff mit Fehler")
    page.get_by_label("Grund des Notfalls").fill(
        "Klientin in akuter Krise am Empfang, Einheit Nord nicht erreichbar"
    )
    page.get_by_label("Grund des Notfalls").focus()
    press(page, "Fall im Notfall öffnen")
    banner = page.locator("#notfallzugriff")
    expect(banner).to_contain_text("Notfallzugriff bis")
    expect(page.locator("main")).to_contain_text(NOTE)
    check(page, "Fall im Notfallzugriff")

    dp = new_page()
    log_in(dp, world.data_protection)
    press(dp, "Notfallzugriffe ansehen", tag="a")
    expect(dp.locator("table")).to_contain_text(case.number)
    expect(dp.locator("table")).to_contain_text("akuter Krise")
    check(dp, "Liste der Notfallzugriffe")
    check.assert_clean()


def test_data_protection_prints_the_disclosure_log_for_an_access_request(
    new_page, world, case, check
):
    from kim.cases.services import share_create

    share_create(
        actor=get_actor(world.cm),
        case=case,
        to_unit=world.unit_authority,
        parts=["base", "residence"],
        purpose="Prüfung Bleiberecht",
        purpose_category="residence",
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    page = new_page()
    log_in(page, world.data_protection)
    press(page, "Person für ein Auskunftsersuchen suchen", tag="a")
    check(page, "Auskunftsersuchen")
    tab_to(page, lambda f: f["id"] == "id_name")
    page.keyboard.type("Lina Hadad")
    tab_to(page, lambda f: f["id"] == "id_reason")
    page.keyboard.type("Auskunftsersuchen nach Art. 15 DSGVO vom 10.11., Az. DS-2026-17")
    press(page, "Suchen")
    check(page, "Treffer des Auskunftsersuchens")
    press(page, "Haddad, Lina: Offenlegungsprotokoll", tag="a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lina Haddad")
    table = page.locator("table")
    expect(table).to_contain_text(world.unit_authority.name)
    expect(table).to_contain_text("Stammdaten, Aufenthalt, Leistungsbezug")
    expect(table).to_contain_text("Einwilligung vom")
    check(page, "Offenlegungsprotokoll")
    press(page, "Druckansicht", tag="a")
    expect(page.get_by_role("heading", name="Offenlegungsprotokoll", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Art. 15")
    expect(page.locator("main")).to_contain_text("Prüfung Bleiberecht")
    check(page, "Druckansicht des Offenlegungsprotokolls")
    check.assert_clean()


def test_a_case_manager_documents_a_case_conference(new_page, world, case, check):
    page = new_page()
    log_in(page, world.cm)
    page.goto(f"/faelle/{case.pk}/")
    press(page, "Netzwerk", tag="a")
    press(page, "Fallkonferenz dokumentieren", tag="a")
    check(page, "Fallkonferenz dokumentieren")
    page.get_by_label("Tagesordnung").fill("Wohnsituation und Kita-Platz")
    page.get_by_label("Stammdaten").check()
    first = page.get_by_role("group", name="Teilnehmende 1")
    first.get_by_label("Art der Teilnahme").select_option("unit")
    first.get_by_label("Einheit").select_option(label=world.unit_a.name)
    second = page.get_by_role("group", name="Teilnehmende 2")
    second.get_by_label("Art der Teilnahme").select_option("unit")
    second.get_by_label("Einheit").select_option(label=world.unit_b.name)
    press(page, "Fallkonferenz speichern")
    expect(page.locator(".error-summary")).to_contain_text("Case Management Süd")
    check(page, "Fallkonferenz ohne Rechtsgrundlage")
    page.get_by_label("Gesetzlicher Auftrag", exact=False).fill("§ 4 TIntG")
    page.get_by_label("Gesetzlicher Auftrag", exact=False).focus()
    press(page, "Fallkonferenz speichern")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fallkonferenz am")
    expect(page.get_by_role("region", name="Teilnehmende")).to_contain_text("Case Management Süd")
    check(page, "Fallkonferenz")
    press(page, "Vereinbarte Maßnahme erfassen", tag="a")
    page.get_by_label("Was ist zu tun?").fill("Kita-Platz beantragen")
    page.get_by_label("die Person selbst").check()
    press(page, "Maßnahme speichern")
    expect(page.get_by_role("region", name="Vereinbarte Maßnahmen")).to_contain_text(
        "Kita-Platz beantragen"
    )
    check(page, "Fallkonferenz mit vereinbarter Maßnahme")
    check.assert_clean()
