"""The coordination reads the barrier overview by keyboard: chooses rows and columns,
sees the quarter trend as a chart beside the same numbers, and never a name. Every
page passes axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
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
    page.goto("/steuerung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Überblick der Koordination")
    check(page, "Überblick der Koordination")

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


def test_the_coordination_runs_a_meeting_with_a_structural_issue_on_the_agenda(
    new_page, world, check
):
    from kim.core.actor import get_actor
    from kim.steering.issues import issue_create

    counted = Counted(world)
    issue_create(
        actor=get_actor(world.coordination),
        title="Lange Wartezeiten beim Jobcenter",
        description="Termine erst nach acht Wochen.",
        owner=world.coordination,
        categories=[counted.categories["wartezeit"]],
    )
    page = new_page()
    log_in(page, world.coordination, check=check)
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Gremien")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gremien")
    check(page, "Gremien")
    page.get_by_role("link", name="Neues Gremium").click()
    page.get_by_label("Name").fill("Steuerungsgruppe KIM")
    page.get_by_label("Art").select_option(label="Steuerungsgruppe")
    page.get_by_label("Zweck").fill("Steuert die Umsetzung von KIM im Kreis.")
    check(page, "Neues Gremium")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Steuerungsgruppe KIM")

    form = page.locator("form", has=page.get_by_role("button", name="Mitglied eintragen"))
    form.get_by_label("Name").fill("Dr. Petra Sommerfeld")
    form.get_by_label("Bereich").select_option(label="Verwaltung")
    form.get_by_role("button", name="Mitglied eintragen").click()
    expect(page.get_by_role("region", name="Mitglieder")).to_contain_text("Dr. Petra Sommerfeld")
    check(page, "Gremium mit Mitglied")

    page.get_by_role("link", name="Neue Sitzung").click()
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    page.get_by_label("Beginn").fill(f"{day}T14:00")
    page.get_by_label("Ende").fill(f"{day}T13:00")
    page.get_by_label("Ort").fill("Kreishaus, Raum 2")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Das Ende liegt vor dem Beginn.")
    expect(page.get_by_label("Ort")).to_have_value("Kreishaus, Raum 2")
    check(page, "Neue Sitzung mit Fehler")
    page.get_by_label("Ende").fill(f"{day}T16:00")
    page.get_by_role("button", name="Speichern").click()

    page.get_by_label("Strukturthema").select_option(label="Lange Wartezeiten beim Jobcenter")
    page.get_by_role("button", name="Ergänzen").click()
    agenda = page.get_by_role("region", name="Tagesordnung")
    expect(agenda).to_contain_text("1. Lange Wartezeiten beim Jobcenter")
    page.get_by_label("Beschluss").fill("Sprechstunde für Neuzugewanderte ab April.")
    page.get_by_role("button", name="Ergebnis zu TOP 1 speichern").click()
    expect(page.get_by_label("Beschluss")).to_have_value(
        "Sprechstunde für Neuzugewanderte ab April."
    )
    tasks = page.locator("form", has=page.get_by_role("button", name="Aufgabe eintragen"))
    tasks.get_by_label("Aufgabe", exact=True).fill("Zahlen der Clearingstelle einholen")
    tasks.get_by_label("zuständig (ohne Konto)").fill("Dr. Petra Sommerfeld")
    tasks.get_by_label("fällig am").fill(day)
    tasks.get_by_role("button", name="Aufgabe eintragen").click()
    expect(page.get_by_role("region", name="Aufgaben")).to_contain_text("Zahlen der Clearingstelle")
    check(page, "Sitzung")
    with page.expect_download() as download:
        page.get_by_role("link", name="Termin als Kalenderdatei (ICS)").click()
    assert download.value.suggested_filename.endswith(".ics")


def test_a_body_recommends_and_the_coordination_follows_it(new_page, world, check):
    from kim.core.actor import get_actor
    from kim.steering import bodies
    from kim.steering.models import Body

    Counted(world)
    body = bodies.body_create(
        actor=get_actor(world.coordination),
        name="Steuerungsgruppe KIM",
        kind=Body.Kind.STEERING_GROUP,
        purpose="Steuert KIM.",
        started_on=date(2024, 3, 1),
    )
    page = new_page()
    log_in(page, world.coordination, check=check)
    page.goto(f"/steuerung/gremien/{body.pk}/")
    page.get_by_role("link", name="Neue Empfehlung").click()
    page.get_by_label("Titel").fill("Clearingstelle Gesundheit stärken")
    page.get_by_label("Empfehlung").fill("Eine zweite Stelle für die Clearingstelle.")
    check(page, "Neue Empfehlung")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clearingstelle Gesundheit stärken")
    page.get_by_role("button", name="Stand „eingebracht“ setzen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vorlage oder Drucksache")
    check(page, "Empfehlung mit Fehler")
    page.get_by_label("Vorlage / Drucksache").fill("Drucksache 0412/2026")
    page.get_by_role("button", name="Stand „eingebracht“ setzen").click()
    expect(page.get_by_role("region", name="Verlauf")).to_contain_text("Drucksache 0412/2026")
    check(page, "Empfehlung eingebracht")
    page.goto("/steuerung/empfehlungen/")
    expect(page.get_by_role("table")).to_contain_text("Clearingstelle Gesundheit stärken")
    check(page, "Empfehlungen")


def test_a_case_manager_releases_an_anonymised_reconstruction(new_page, world, check):
    from kim.cases.models import Case
    from kim.core.actor import get_actor
    from kim.steering.reconstructions import request_create

    counted = Counted(world)
    Case.objects.filter(pk=counted.case.pk).update(case_manager=world.cm)
    request_create(
        actor=get_actor(world.coordination),
        theme="Wartezeiten",
        description="Fälle, in denen Wartezeiten Leistungen unterbrochen haben.",
    )
    page = new_page()
    log_in(page, world.cm, check=check)
    page.get_by_role("region", name="Die Koordination bittet um Fallrekonstruktionen").get_by_role(
        "link", name="Wartezeiten"
    ).click()
    check(page, "Anfrage nach Fallrekonstruktionen")
    page.get_by_label("Fall", exact=True).select_option(index=1)
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Rekonstruktion")
    account = page.get_by_label("Fallverlauf (anonymisiert)")
    expect(account).to_contain_text("Wartezeit")
    account.fill("Frau Lina Haddad rief am 12.02.2026 an, Telefon 0151 000000.")
    page.get_by_role("button", name="Speichern und anonymisieren").click()
    expect(account).to_have_value("Frau [Name] [Name] rief im 2. Monat an, Telefon [Telefon].")
    check(page, "Rekonstruktion gespeichert")
    page.get_by_role("button", name="Gelesen und freigeben").click()
    expect(page.get_by_role("status").first).to_contain_text("freigegeben")
    check(page, "Rekonstruktion freigegeben")

    coordination = new_page()
    log_in(coordination, world.coordination)
    coordination.goto("/steuerung/rekonstruktionen/")
    coordination.get_by_role("link", name="Wartezeiten").click()
    released = coordination.get_by_role("region", name="Freigegebene Rekonstruktionen")
    expect(released).to_contain_text("Frau [Name] [Name] rief im 2. Monat an")
    expect(coordination.locator("body")).not_to_contain_text("Haddad")
    expect(coordination.locator("body")).not_to_contain_text(counted.case.number)
    check(coordination, "Freigegebene Rekonstruktionen")
