"""The PDF: headers, what it says, the options, the audit trail."""

import re

import pytest
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.reports.render import pdf_filename
from kim.reports.summary import SummaryOptions
from kim.reports.tests.conftest import close_case, days_ago, extract_text, page_count

pytestmark = pytest.mark.usefixtures("needs_weasyprint")


def get_pdf(client, case, **params):
    response = client.get(reverse("reports:case_summary_pdf", args=[case.pk]), params)
    assert response.status_code == 200, response.content[:500]
    return response


def test_it_answers_with_a_private_pdf_attachment(client, setting):
    client.force_login(setting.world.cm)
    response = get_pdf(client, setting.case)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert re.fullmatch(
        r'attachment; filename="Fall-NORD-\d{4}-\d{4}-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    ), response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_filename_keeps_only_safe_characters(setting):
    from kim.reports.summary import CaseSummary

    case = setting.fresh()
    case.number = 'A/B "2026"\r\n../x'
    summary = CaseSummary(
        case=case, options=SummaryOptions(), printed_at=days_ago(0), printed_by=""
    )
    name = pdf_filename(summary)
    assert re.fullmatch(r"Fall-[A-Za-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf", name), name


def test_the_pdf_contains_every_part_of_the_case(client, setting):
    world, case = setting.world, setting.case
    client.force_login(world.cm)
    content = get_pdf(client, case).content
    text = extract_text(content)
    expected = [
        # header, footer, page numbers
        "Kreis Testland",
        "Case Management Nord",
        f"Fall {case.number}",
        "Vertraulich – enthält Sozialdaten (§ 35 SGB I)",
        f"Seite 1 von {page_count(content)}",
        # person
        "Haddad, Lina",
        "17.05.1990",
        "Arabisch, Englisch",
        "Lindenallee 7, 58452 Testhausen",
        "nötig (Arabisch)",
        # case and intake
        "Erstberatung",
        "Jobcenter",
        "Mehrere Rechtskreise betroffen",
        "Abstimmung zwischen Stellen",
        "Verlauf der Phasen",
        "Umsetzung und Monitoring",
        # household member, residence, legal domains
        "Haddad, Omar",
        "Aufenthaltserlaubnis",
        "§ 25 Abs. 2 AufenthG",
        "SGB II – Grundsicherung für Arbeitsuchende",
        "Jobcenter Nord",
        # assessment, plan, barriers, follow-ups
        "Kinderbetreuung während des Kurses",
        "Ziel Nummer 0: Deutschkurs B1 abschließen",
        "Anmeldung beim Kursträger 1",
        "Wohnungsamt anschreiben",
        "Kursplatz nur mit Kinderbetreuung nutzbar",
        "Kursanmeldung nachhalten",
        # contacts
        "3 Kontakte",
        "Gesprächsnotiz 1: Unterlagen für das Jobcenter besprochen.",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, f"missing {missing} in: {text[:3000]}"
    assert "Abschlussbericht" not in text  # open case


def test_contacts_come_newest_first(client, setting):
    client.force_login(setting.world.cm)
    text = extract_text(get_pdf(client, setting.case).content)
    positions = [text.index(f"Gesprächsnotiz {i}:") for i in (1, 2, 3)]  # 1 is the newest
    assert positions == sorted(positions)


def test_a_closed_case_shows_its_closure_and_the_goal_evaluations(client, setting):
    case = close_case(setting.world, setting.case)
    client.force_login(setting.world.lead)
    text = extract_text(get_pdf(client, case).content)
    for phrase in [
        "Abschluss",
        "Ziele erreicht",
        "Sprachkurs abgeschlossen, Arbeit aufgenommen.",
        "erreicht",
        "Kurs bestanden",
        "abgeschlossen am",
    ]:
        assert phrase in text, phrase


def test_it_can_leave_out_the_contacts(client, setting):
    client.force_login(setting.world.cm)
    text = extract_text(get_pdf(client, setting.case, kontakte="nein").content)
    assert "Gesprächsnotiz" not in text
    assert "ohne Beratungskontakte" in text


def test_it_can_limit_the_contacts_to_a_period(client, setting):
    # The fixture's contact i is dated i days ago.
    client.force_login(setting.world.cm)
    text = extract_text(
        get_pdf(
            client, setting.case, von=days_ago(2).isoformat(), bis=days_ago(2).isoformat()
        ).content
    )
    assert "Gesprächsnotiz 2:" in text
    assert "Gesprächsnotiz 1:" not in text
    assert "Gesprächsnotiz 3:" not in text
    assert f"Beratungskontakte vom {days_ago(2):%d.%m.%Y} bis {days_ago(2):%d.%m.%Y}" in text


def test_each_download_is_audited_with_the_case_and_the_options(client, setting):
    world, case = setting.world, setting.case
    client.force_login(world.cm)
    get_pdf(client, case, kontakte="nein")
    event = AuditEvent.objects.get(action="case.summary_pdf")
    assert (event.actor, event.object_type, event.object_id) == (world.cm, "case", case.pk)
    assert event.person_id == case.person_id
    assert event.unit_id == world.unit_a.pk
    assert event.changes["options"] == {"contacts": False, "from": None, "until": None}
    assert len(event.changes["members"]) == 1  # the child's name is in the document too
    get_pdf(client, case)
    assert AuditEvent.objects.filter(action="case.summary_pdf").count() == 2


def test_no_audit_event_when_the_case_is_not_visible(client, setting):
    client.force_login(setting.world.cm_b)
    assert (
        client.get(reverse("reports:case_summary_pdf", args=[setting.case.pk])).status_code == 404
    )
    assert not AuditEvent.objects.filter(action="case.summary_pdf").exists()
