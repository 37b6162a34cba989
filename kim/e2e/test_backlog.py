"""The authority reads its processing times: open procedures by stage and age, the
median stays and the monthly trend as charts beside the same numbers in tables, narrows
them to one kind of procedure and downloads the tables. No person appears. Every page
passes axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kim.e2e.helpers import log_in
from kim.residence.models import Procedure, ProcedureStep
from kim.testing.factories import register_person

pytestmark = pytest.mark.browser

CHARTS = ["diagramm-alter", "diagramm-dauer", "diagramm-monate"]


def history(world, person, kind, steps):
    """A procedure with these steps, `days ago` each, as the services leave it."""
    today = timezone.localdate()
    days = [(stage, today - timedelta(days=ago)) for stage, ago in steps]
    procedure = Procedure.objects.create(
        tenant=world.tenant,
        person=person,
        unit=world.unit_authority,
        kind=kind,
        stage=days[-1][0],
        opened_on=days[0][1],
        stage_since=days[-1][1],
    )
    for stage, on in days:
        ProcedureStep.objects.create(
            tenant=world.tenant, procedure=procedure, stage=stage, on=on, by=world.authority
        )


def test_the_authority_reads_its_processing_times(new_page, world, check):
    person = register_person(world.authority, world.unit_authority, family_name="Geheimname")
    history(world, person, "stag10", [("counselling", 400), ("received", 370),
            ("complete", 300), ("checks", 290), ("decision", 60), ("concluded", 30)])  # fmt: skip
    history(world, person, "stag10", [("counselling", 200), ("received", 180), ("complete", 120),
            ("checks", 110)])  # fmt: skip
    history(world, person, "aufenthg25b", [("counselling", 90), ("received", 70),
            ("rejected", 10)])  # fmt: skip
    history(world, person, "aufenthg25a", [("counselling", 12)])

    page = new_page()
    log_in(page, world.authority, check=check)
    page.get_by_role("link", name="Bearbeitungszeiten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bearbeitungszeiten und Rückstände")
    expect(page.get_by_role("heading", level=2, name="2 offene Verfahren")).to_be_visible()
    for chart in CHARTS:
        page.wait_for_function(f"() => window.Chart && Chart.getChart('{chart}')")
    expect(page.get_by_role("img", name="Diagramm: Median der Dauer je Stand")).to_be_visible()
    durations = page.get_by_role("table", name="Dauer je Stand")
    expect(
        durations.get_by_role("row", name="Prüfungen (inkl. Sicherheitsabfrage)")
    ).to_contain_text("230")
    expect(page.locator("body")).not_to_contain_text("Geheimname")
    page.screenshot(path="/tmp/backlog-page.png", full_page=True)
    check(page, "Bearbeitungszeiten")

    page.get_by_label("Verfahren", exact=True).select_option(
        label="Aufenthaltserlaubnis § 25a AufenthG"
    )
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("heading", level=2, name="1 offenes Verfahren")).to_be_visible()
    expect(page.get_by_label("Verfahren", exact=True)).to_have_value("aufenthg25a")
    check(page, "Bearbeitungszeiten § 25a")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tabellen als CSV herunterladen").click()
    assert download.value.suggested_filename.startswith("Bearbeitungszeiten-")
    with open(download.value.path(), encoding="utf-8-sig") as file:
        content = file.read()
    assert "Verfahren;Aufenthaltserlaubnis § 25a AufenthG" in content
    assert "Geheimname" not in content
    check.assert_clean()
