"""No page of the steering level shows `koordination` a person: every steering page and
every endpoint of the steering API, with data in every part (also a half-year report
written from all of it), is read and searched for the names and case numbers of the
tenant's persons and cases; the case and person pages themselves stay closed (404)."""

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.people.models import Person
from kim.reports import pdf
from kim.steering import bodies
from kim.steering import report as report_svc
from kim.steering.issues import issue_create
from kim.steering.models import Body, Recommendation
from kim.steering.recommendations import recommendation_create
from kim.steering.reconstructions import (
    reconstruction_release,
    reconstruction_save,
    reconstruction_start,
    request_create,
)


@pytest.fixture
def everything(counted, settings, django_capture_on_commit_callbacks):
    world = counted.world
    coordination = get_actor(world.coordination)
    issue = issue_create(
        actor=coordination,
        title="Lange Wartezeiten",
        description="Termine erst nach acht Wochen.",
        owner=world.coordination,
        categories=[counted.categories["wartezeit"]],
        evidence_year=2026,
    )
    body = bodies.body_create(
        actor=coordination,
        name="Steuerungsgruppe",
        kind=Body.Kind.STEERING_GROUP,
        purpose="Steuert.",
        started_on=date(2024, 1, 1),
    )
    start = timezone.now() + timedelta(days=3)
    meeting = bodies.meeting_create(
        actor=coordination,
        body=body,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Kreishaus",
    )
    bodies.agenda_item_add(actor=coordination, meeting=meeting, title="", issue=issue)
    recommendation = recommendation_create(
        actor=coordination,
        body=body,
        addressee=Recommendation.Addressee.COMMITTEE,
        title="Sprechstunde",
        text="Eine Sprechstunde.",
        issues=[issue],
    )
    request = request_create(
        actor=coordination, theme="Wartezeiten", description="Fälle mit Wartezeit."
    )
    Case.objects.filter(pk=counted.case.pk).update(case_manager=world.cm)
    author = get_actor(world.cm)
    draft = reconstruction_start(
        actor=author, request=request, case=Case.objects.get(pk=counted.case.pk)
    )
    draft = reconstruction_save(
        actor=author,
        reconstruction=draft,
        version=draft.version,
        account="Frau Lina Haddad wartete am 03.03.2026 auf ihren Termin.",
        comments="Nowak und Haddad brauchten eine Sprechstunde.",
    )
    draft = reconstruction_release(actor=author, reconstruction=draft, version=draft.version)
    # The report of this half-year, written by the worker from all of the above.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_svc.report_create(
            actor=coordination, year=today.year, half=1 if today.month <= 6 else 2, dated_on=today
        )
    report.refresh_from_db()
    assert report.state == report.State.READY
    assert "Fallrekonstruktionen" in report.explanation  # the reconstruction went in
    counted.urls = [
        reverse("steering:overview"),
        reverse("steering:barriers"),
        *(
            reverse("steering:barriers") + f"?jahr=2026&zeilen={rows}&spalten={cols}"
            for rows in ("category", "field", "legal_domain")
            for cols in ("quarter", "town", "unit", "field", "legal_domain")
            if rows != cols
        ),
        reverse("steering:issues"),
        reverse("steering:issue", args=[issue.pk]),
        reverse("steering:issue_edit", args=[issue.pk]),
        reverse("steering:issue_new"),
        reverse("steering:bodies"),
        reverse("steering:body", args=[body.pk]),
        reverse("steering:meeting", args=[meeting.pk]),
        reverse("steering:meeting_ics", args=[meeting.pk]),
        reverse("steering:recommendations") + "?alle=1",
        reverse("steering:recommendation", args=[recommendation.pk]),
        reverse("steering:reconstructions"),
        reverse("steering:reconstruction_request", args=[request.pk]),
        reverse("core:start"),
        # The API of the steering level: every endpoint, every table, list and detail.
        *(
            f"/api/v1/steering/barriers/?year=2026&rows={rows}&cols={cols}"
            for rows in ("category", "field", "legal_domain")
            for cols in ("quarter", "town", "unit", "field", "legal_domain")
            if rows != cols
        ),
        "/api/v1/steering/barriers/?year=2025",
        "/api/v1/steering/issues/",
        f"/api/v1/steering/issues/{issue.pk}/",
        "/api/v1/steering/bodies/",
        f"/api/v1/steering/bodies/{body.pk}/",
        "/api/v1/steering/meetings/",
        f"/api/v1/steering/meetings/{meeting.pk}/",
        "/api/v1/steering/recommendations/",
        f"/api/v1/steering/recommendations/{recommendation.pk}/",
        "/api/v1/steering/reconstructions/",
        f"/api/v1/steering/reconstructions/{draft.pk}/",
        "/api/v1/steering/reports/",
        f"/api/v1/steering/reports/{report.pk}/",
    ]
    counted.report = report
    return counted


def secrets(tenant_id) -> list[re.Pattern]:
    words = set()
    for person in Person.objects.filter(tenant_id=tenant_id):
        words.update(w for w in f"{person.given_names} {person.family_name}".split() if len(w) > 1)
    words.update(Case.objects.filter(tenant_id=tenant_id).values_list("number", flat=True))
    return [re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE) for word in words]


def test_no_steering_page_shows_the_coordination_a_person(client, everything):
    client.force_login(everything.world.coordination)
    patterns = secrets(everything.world.tenant.pk)
    assert patterns  # the tenant has persons and cases to look for
    for url in everything.urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "/faelle/" not in text and "/personen/" not in text, url
        for pattern in patterns:
            assert not pattern.search(text), (url, pattern.pattern)


def test_the_report_files_show_no_person_either(client, everything):
    from docx import Document

    from kim.reports.tests.conftest import extract_text

    client.force_login(everything.world.coordination)
    url = f"/api/v1/steering/reports/{everything.report.pk}/"
    document = Document(BytesIO(b"".join(client.get(url + "docx/").streaming_content)))
    texts = {
        "docx": "\n".join(
            [paragraph.text for paragraph in document.paragraphs]
            + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        )
    }
    if not pdf.unavailable_reason():
        texts["pdf"] = extract_text(b"".join(client.get(url + "pdf/").streaming_content))
    for kind, text in texts.items():
        assert "Fallrekonstruktionen" in text, kind
        for pattern in secrets(everything.world.tenant.pk):
            assert not pattern.search(text), (kind, pattern.pattern)


def test_case_and_person_pages_stay_closed_to_the_coordination(client, everything):
    client.force_login(everything.world.coordination)
    case = everything.case
    for url in (
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:plan", args=[case.pk]),
        reverse("people:detail", args=[case.person_id]),
        reverse("cases:list"),
    ):
        assert client.get(url).status_code == 404, url
