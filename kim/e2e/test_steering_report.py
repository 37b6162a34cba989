"""The coordination writes the half-year report: creates it, watches the progress
while the worker writes it, reads the Vorlage, edits it and downloads it as DOCX and
PDF. Every page passes axe-core."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kim.core.actor import get_actor
from kim.e2e.helpers import log_in
from kim.steering import bodies
from kim.steering.models import Body, Meeting, SteeringReport
from kim.steering.report import generate
from kim.steering.tests.conftest import Counted

pytestmark = pytest.mark.browser


def held_meeting(world):
    actor = get_actor(world.coordination)
    body = bodies.body_create(
        actor=actor,
        name="Lenkungskreis Integration",
        kind=Body.Kind.STEERING_CIRCLE,
        purpose="Unterstützt die strategische Steuerung.",
        started_on=date(2025, 6, 30),
    )
    meeting = bodies.meeting_create(
        actor=actor,
        body=body,
        starts_at=timezone.make_aware(datetime(2026, 4, 28, 14)),
        ends_at=timezone.make_aware(datetime(2026, 4, 28, 16)),
        place="Rathaus",
    )
    item = bodies.agenda_item_add(actor=actor, meeting=meeting, title="EU und Gesundheit")
    bodies.agenda_item_record(
        actor=actor, item=item, result="Fallrekonstruktionen vorgestellt", decision=""
    )
    meeting.refresh_from_db()
    bodies.meeting_update(
        actor=actor,
        meeting=meeting,
        version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        state=Meeting.State.HELD,
        minutes="",
    )


def test_the_coordination_writes_the_half_year_report(new_page, world, check):
    Counted(world)
    held_meeting(world)
    page = new_page()
    log_in(page, world.coordination, check=check)
    page.get_by_role("link", name="Berichte", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichte an die Politik")
    check(page, "Berichte an die Politik")

    page.get_by_role("link", name="Neuen Halbjahresbericht erstellen").click()
    check(page, "Neuer Halbjahresbericht")
    # A missing committee: German message, the rest kept.
    page.get_by_label("Jahr", exact=True).select_option("2026")
    page.get_by_label("Halbjahr").select_option("1")
    page.get_by_label("Drucksachen-Nr.").fill("VO/0565/26")
    page.get_by_label("Gremium", exact=True).fill("")
    page.get_by_role("button", name="Bericht erstellen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    expect(page.get_by_label("Drucksachen-Nr.")).to_have_value("VO/0565/26")
    check(page, "Neuer Halbjahresbericht mit Fehler")
    page.get_by_label("Gremium", exact=True).fill("Integrationsausschuss")
    page.get_by_role("button", name="Bericht erstellen").click()

    # No worker in the test: the page waits and polls; then the worker's work is done
    # here, and the page loads the finished report by itself.
    expect(page.locator("#report-progress").get_by_role("status")).to_contain_text(
        "wartet auf den Hintergrunddienst"
    )
    expect(page.get_by_role("progressbar")).to_be_visible()
    check(page, "Bericht wird geschrieben")
    generate(SteeringReport.objects.get().pk, "all")
    expect(page.get_by_role("link", name="Als DOCX herunterladen")).to_be_visible(timeout=10_000)
    document = page.locator(".report-document")
    expect(document).to_contain_text("Bericht aus dem Lenkungskreis Integration")
    expect(document).to_contain_text(
        "Die Sitzung am 28.04.2026 befasste sich mit „EU und Gesundheit“"
    )
    expect(document).to_contain_text("Kenntnisnahme ohne Beschluss")
    check(page, "Bericht als Vorlage")

    page.get_by_role("link", name="Bearbeiten").click()
    page.locator("#id_approvals").fill("Dr. Beispiel")
    explanation = page.locator("#id_explanation")
    explanation.fill(explanation.input_value() + "\n\n## Ausblick\n- AK EU startet im Herbst")
    check(page, "Bericht bearbeiten")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Ausblick")).to_be_visible()
    expect(document).to_contain_text("Dr. Beispiel")

    with page.expect_download() as download:
        page.get_by_role("link", name="Als DOCX herunterladen").click()
    from docx import Document

    docx = Document(str(download.value.path()))
    paragraphs = [p.text for p in docx.paragraphs]
    assert "Ausblick" in paragraphs
    assert "AK EU startet im Herbst" in paragraphs
    with page.expect_download() as download:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    assert download.value.suggested_filename == "Bericht-2026-H1-VO-0565-26.pdf"
