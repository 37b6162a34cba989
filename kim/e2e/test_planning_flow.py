"""A case manager assesses, re-assesses and compares, plans a goal with an
action, flags a barrier and evaluates the goal; the coordination reads the
barrier counts. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from kim.e2e.case_helpers import open_tab
from kim.e2e.helpers import log_in
from kim.planning.catalogues import seed_barrier_categories
from kim.planning.models import Assessment, Barrier, Goal
from kim.testing.factories import open_case, register_person

pytestmark = pytest.mark.browser


def test_a_case_manager_plans_a_case_and_the_coordination_counts_its_barrier(
    new_page, world, check
):
    seed_barrier_categories(world.tenant)
    person = register_person(world.cm, world.unit_a, family_name="Yilmaz", given_names="Emre")
    case = open_case(world.cm, person, world.unit_a)
    page = new_page()
    log_in(page, world.cm)

    page.goto(f"/faelle/{case.pk}/")
    open_tab(page, "Hilfeplan")
    check(page, "Fallseite ohne Planung")
    page.get_by_role("link", name="Assessment erfassen").click()
    check(page, "Assessment erfassen")
    page.get_by_label("Bedarfe").first.fill("Sprachkurs A2")
    page.get_by_label("Dringlichkeit").first.select_option(label="hoch")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    assessment = page.get_by_role("region", name="Assessment")
    expect(assessment).to_contain_text("Fassung 1")
    expect(assessment).to_contain_text("Sprachkurs A2")

    page.get_by_role("link", name="Neu einschätzen").click()
    expect(page.get_by_label("Bedarfe").first).to_have_value("Sprachkurs A2")
    page.get_by_label("Bedarfe").first.fill("Sprachkurs B1")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    page.get_by_role(
        "link", name="Vollständig ansehen und mit früheren Fassungen vergleichen"
    ).click()
    expect(page.get_by_role("table")).to_contain_text("geändert")
    check(page, "Assessment vergleichen")
    assert Assessment.objects.filter(case=case).count() == 2

    page.goto(f"/faelle/{case.pk}/hilfeplan/")
    page.get_by_role("link", name="Ziel hinzufügen").click()
    page.get_by_label("Handlungsfeld").select_option(label="Sprache")
    page.get_by_label("Ziel", exact=True).fill("B1-Prüfung bestehen")
    page.get_by_label("Zieldatum").fill("2026-09-30")
    check(page, "Ziel hinzufügen")
    page.get_by_role("button", name="Ziel speichern").click()
    page.get_by_role("link", name="Maßnahme zu diesem Ziel").click()
    page.get_by_label("Was ist zu tun?").fill("Kursplatz suchen")
    page.get_by_label("die Person selbst").check()
    check(page, "Maßnahme hinzufügen")
    page.get_by_role("button", name="Maßnahme speichern").click()
    plan = page.get_by_role("region", name="Hilfeplan")
    expect(plan).to_contain_text("B1-Prüfung bestehen")
    expect(plan).to_contain_text("Kursplatz suchen")
    check(page, "Fallseite mit Hilfeplan")

    page.get_by_role("link", name="Hürde melden").click()
    page.get_by_label("Handlungsfeld").select_option(label="Sprache")
    page.get_by_label("Art der Hürde").select_option(label="Wartezeit")
    page.get_by_label("Betroffener Rechtskreis").select_option(label="SGB II (Jobcenter)")
    check(page, "Hürde melden")
    page.get_by_role("button", name="Hürde melden").click()
    expect(page.get_by_role("region", name="Hürden")).to_contain_text("Wartezeit")
    assert Barrier.objects.filter(case=case).count() == 1

    page.get_by_role("link", name="Ziele bewerten").click()
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte ein Ergebnis wählen.")
    check(page, "Ziele bewerten mit Fehlern")
    page.get_by_label("teilweise erreicht").check()
    page.get_by_label("Begründung").fill("A2 bestanden, B1 folgt")
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_role("region", name="Hilfeplan")).to_contain_text("A2 bestanden, B1 folgt")
    assert Goal.objects.get(case=case).evaluation == "partly"

    coordination = new_page()
    log_in(coordination, world.coordination)
    coordination.get_by_role("link", name="Hürden in der Kommune").click()
    expect(coordination.get_by_role("table")).to_contain_text("Wartezeit")
    check(coordination, "Hürden in der Kommune")
    check.assert_clean()
