"""The report pages: who reads and writes, progress while it is written, German
errors that keep the input, the Vorlage as DOCX and PDF with its content."""

from io import BytesIO

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.reports.tests.conftest import extract_text
from kim.steering.models import SteeringReport
from kim.testing.weasyprint import require_weasyprint

from .reports import create


@pytest.fixture
def ready(steering, immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = create(
            steering.world,
            department="Soziales, Jugend, Schule & Integration",
            office="Ressort 204 – Zuwanderung und Integration",
            clerk="Erika Beispiel",
            clerk_phone="0202 563-0000",
            clerk_email="erika.beispiel@kreis.example",
        )
    report.refresh_from_db()
    assert report.state == SteeringReport.State.READY
    steering.report = report
    return steering


def urls(report):
    return [
        reverse("steering:reports"),
        reverse("steering:report", args=[report.pk]),
        reverse("steering:report_progress", args=[report.pk]),
        reverse("steering:report_docx", args=[report.pk]),
    ]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("coordination", 200),
        ("lead", 200),
        ("cm", 404),
        ("authority", 404),
        ("data_protection", 404),
        ("outsider", 404),
    ],
)
def test_who_reads_reports(client, ready, username, expected):
    client.force_login(getattr(ready.world, username))
    for url in urls(ready.report):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(("username", "expected"), [("coordination", 200), ("lead", 404)])
def test_only_the_coordination_opens_the_forms(client, ready, username, expected):
    client.force_login(getattr(ready.world, username))
    assert client.get(reverse("steering:report_new")).status_code == expected
    assert (
        client.get(reverse("steering:report_edit", args=[ready.report.pk])).status_code == expected
    )
    regenerate = client.post(
        reverse("steering:report_regenerate", args=[ready.report.pk]),
        {"what": "all", "version": ready.report.version},
    )
    assert regenerate.status_code == (302 if expected == 200 else 404)


def test_a_report_of_another_tenant_is_not_found(client, ready):
    from kim.testing.factories import UserFactory, member

    other = UserFactory(username="koord.anderswo", tenant=ready.world.other_tenant)
    member(other, ready.world.unit_other, "coordination")
    client.force_login(other)
    assert client.get(reverse("steering:reports")).status_code == 200
    assert client.get(reverse("steering:report", args=[ready.report.pk])).status_code == 404


def test_creating_shows_progress_until_the_worker_has_written_it(client, steering):
    client.force_login(steering.world.coordination)
    page = client.get(reverse("steering:report_new"))
    assert "Kenntnisnahme ohne Beschluss" in page.content.decode()
    response = client.post(
        reverse("steering:report_new"),
        {
            "year": 2026,
            "half": 1,
            "dated_on": "2026-07-20",
            "committee": "Integrationsausschuss",
            "resolution_quality": "Entgegennahme o. B.",
            "report_type": "Bericht",
            "proposal": "Kenntnisnahme ohne Beschluss",
            "document_number": "VO/0042/26",
            "public": "on",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Der Bericht wartet auf den Hintergrunddienst." in html
    assert 'hx-trigger="every 1s"' in html
    report = SteeringReport.objects.get()
    progress = client.get(reverse("steering:report_progress", args=[report.pk]))
    assert "HX-Refresh" not in progress
    from kim.steering.report import generate

    generate(report.pk, "all")
    done = client.get(reverse("steering:report_progress", args=[report.pk]))
    assert done["HX-Refresh"] == "true"
    page = client.get(reverse("steering:report", args=[report.pk])).content.decode()
    assert "Als DOCX herunterladen" in page
    assert "Bericht aus dem Lenkungskreis Integration" in page
    assert "VO/0042/26" in page
    assert AuditEvent.objects.filter(action="steering_report.create").count() == 1


def test_bad_input_keeps_what_was_typed(client, steering):
    client.force_login(steering.world.coordination)
    response = client.post(
        reverse("steering:report_new"),
        {
            "year": 2026,
            "half": 1,
            "dated_on": "",
            "committee": "",
            "resolution_quality": "Entgegennahme o. B.",
            "report_type": "Bericht",
            "proposal": "Kenntnisnahme",
            "approvals": "Dr. Beispiel",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dr. Beispiel" in html
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert not SteeringReport.objects.exists()


def test_editing_with_a_stale_version_keeps_the_text(client, ready):
    client.force_login(ready.world.coordination)
    url = reverse("steering:report_edit", args=[ready.report.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["dated_on"] = ready.report.dated_on.isoformat()
    data["meeting_on"] = ready.report.meeting_on.isoformat()
    data["public"] = "on"
    data["explanation"] = "Meine neue Begründung.\n\n## Ausblick\n- AK EU startet"
    saved = client.post(url, data)
    assert saved.status_code == 302
    ready.report.refresh_from_db()
    assert ready.report.explanation.startswith("Meine neue Begründung.")
    data["explanation"] = "Zweiter Versuch aus altem Fenster"
    stale = client.post(url, data)
    assert stale.status_code == 200
    assert "Zweiter Versuch aus altem Fenster" in stale.content.decode()
    page = client.get(reverse("steering:report", args=[ready.report.pk])).content.decode()
    assert '<h4 class="report-sub">Ausblick</h4>' in page
    assert "<li>AK EU startet</li>" in page


def test_the_docx_reads_like_a_vorlage(client, ready):
    from docx import Document

    client.force_login(ready.world.coordination)
    response = client.get(reverse("steering:report_docx", args=[ready.report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="Bericht-2026-H1-VO-0001-26.docx"'
    )
    document = Document(BytesIO(response.content))
    head, session, *figures = document.tables
    head_text = [cell.text for row in head.rows for cell in row.cells]
    assert "Bericht" in head_text
    assert "Soziales, Jugend, Schule & Integration" in head_text
    assert "Erika Beispiel\n0202 563-0000\nerika.beispiel@kreis.example" in head_text
    assert "VO/0001/26 öffentlich" in head_text
    assert [cell.text for cell in session.rows[1].cells] == [
        "17.09.2026",
        "Integrationsausschuss",
        "Entgegennahme o. B.",
    ]
    paragraphs = [p.text for p in document.paragraphs]
    for heading in (
        "Grund der Vorlage",
        "Beschlussvorschlag",
        "Einverständnisse",
        "Begründung",
        "Klimacheck",
    ):
        assert heading in paragraphs
    assert "Kenntnisnahme ohne Beschluss" in paragraphs
    assert "Bericht aus dem Lenkungskreis Integration" in paragraphs
    assert "1.\tGesundheitliche Versorgung von EU-Zugewanderten (priorisiert)" in paragraphs
    assert "☒ neutral / nein" in paragraphs
    assert len(figures) == 4
    assert figures[0].rows[0].cells[0].text == "Fälle"
    assert AuditEvent.objects.filter(
        action="steering_report.export", changes__format="docx"
    ).exists()


def test_the_pdf_reads_like_a_vorlage(client, ready):
    require_weasyprint()
    client.force_login(ready.world.lead)
    response = client.get(reverse("steering:report_pdf", args=[ready.report.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = extract_text(response.content)
    for expected in (
        "Bericht",
        "Drucks.-Nr.",
        "VO/0001/26 öffentlich",
        "Entgegennahme o. B.",
        "Grund der Vorlage",
        "Kenntnisnahme ohne Beschluss",
        "Begründung",
        "Bericht aus dem Lenkungskreis Integration",
        "Anlage: Kennzahlen aus dem Case Management",
        "Klimacheck",
    ):
        assert expected in text, expected


def test_a_failed_report_offers_to_try_again(client, ready):
    SteeringReport.objects.filter(pk=ready.report.pk).update(
        state=SteeringReport.State.FAILED, error="RuntimeError: kaputt"
    )
    client.force_login(ready.world.coordination)
    page = client.get(reverse("steering:report", args=[ready.report.pk])).content.decode()
    assert "Der Bericht konnte nicht geschrieben werden." in page
    assert "kaputt" not in page  # the cause stays in the log, not on the page
    assert "Erneut versuchen" in page
    assert client.get(reverse("steering:report_docx", args=[ready.report.pk])).status_code == 404


def test_the_report_page_has_a_bounded_number_of_queries(
    client, ready, django_assert_max_num_queries
):
    client.force_login(ready.world.coordination)
    with django_assert_max_num_queries(14):
        client.get(reverse("steering:report", args=[ready.report.pk]))
    with django_assert_max_num_queries(14):
        client.get(reverse("steering:reports"))


def test_the_menu_offers_reports_to_the_coordination(client, ready):
    client.force_login(ready.world.coordination)
    html = client.get(reverse("core:start")).content.decode()
    assert reverse("steering:reports") in html
