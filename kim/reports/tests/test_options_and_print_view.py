"""The options page, the print view and a server without WeasyPrint's libraries."""

import tinycss2  # comes with WeasyPrint, also where its system libraries are missing
from django.urls import reverse

from kim.core.models import AuditEvent
from kim.reports import pdf


def test_a_wrong_period_sends_the_reader_back_to_the_options_with_the_error(client, setting):
    case = setting.case
    client.force_login(setting.world.cm)
    params = {"von": "2026-03-01", "bis": "2026-02-01"}
    response = client.get(reverse("reports:case_summary_pdf", args=[case.pk]), params)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:case_summary", args=[case.pk]) + "?")
    page = client.get(response["Location"])
    assert "Das Ende des Zeitraums liegt vor seinem Anfang." in page.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="case.summary").exists()


def test_the_options_page_offers_pdf_and_print_view_without_case_content(client, setting):
    case = setting.case
    client.force_login(setting.world.cm)
    response = client.get(reverse("reports:case_summary", args=[case.pk]))
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert reverse("reports:case_summary_pdf", args=[case.pk]) in html
    assert reverse("reports:case_summary_print", args=[case.pk]) in html
    assert "Haddad" not in html  # only the case number: nothing to audit here


def test_the_print_view_shows_the_summary_and_is_audited(client, setting):
    world, case = setting.world, setting.case
    client.force_login(world.lead)
    response = client.get(reverse("reports:case_summary_print", args=[case.pk]), {"kontakte": "ja"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    for phrase in [
        "Haddad, Lina",
        "Vertraulich – enthält Sozialdaten (§ 35 SGB I)",
        "Gesprächsnotiz 3",
    ]:
        assert phrase in html
    assert "<style" not in html and " style=" not in html  # CSP: style-src 'self'
    event = AuditEvent.objects.get(action="case.summary_print")
    assert (event.actor, event.object_id, event.person_id) == (world.lead, case.pk, case.person_id)


def test_without_weasyprint_the_pdf_page_says_so_in_german(client, setting, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: (None, "cannot load library 'libpango'"))
    case = setting.case
    client.force_login(setting.world.cm)
    response = client.get(reverse("reports:case_summary_pdf", args=[case.pk]))
    assert response.status_code == 503
    html = response.content.decode()
    assert "PDF-Erzeugung nicht verfügbar" in html
    assert reverse("reports:case_summary_print", args=[case.pk]) in html
    assert not AuditEvent.objects.filter(action="case.summary_pdf").exists()
    options = client.get(reverse("reports:case_summary", args=[case.pk])).content.decode()
    assert "PDF-Erzeugung nicht verfügbar" in options


def test_a_missing_weasyprint_still_hides_the_case_from_outsiders(client, setting, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: (None, "cannot load library 'libpango'"))
    client.force_login(setting.world.outsider)
    assert (
        client.get(reverse("reports:case_summary_pdf", args=[setting.case.pk])).status_code == 404
    )


def test_header_text_cannot_break_out_of_its_css_string():
    """Tenant and unit names go into the PDF's page CSS: they stay plain text."""
    hostile = 'Kreis "Süd"; } @page { @top-left { content: url(http://x) } \\'
    css = pdf.margin_boxes(top_left=[hostile, "Team"], top_right=["Fall 1"], bottom_left="§ 35")

    def strings(tokens):
        for token in tokens:
            if token.type == "string":
                yield token.value
            yield from strings(getattr(token, "content", None) or [])

    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True)
    assert [rule.at_keyword for rule in rules] == ["page"]
    assert hostile in list(strings(rules[0].content))
    assert "url(" not in "".join(t.serialize() for t in rules[0].content if t.type == "function")


def test_the_print_view_declares_the_readers_language(client, setting):
    client.force_login(setting.world.cm)
    url = reverse("reports:case_summary_print", args=[setting.case.pk])
    assert '<html lang="de">' in client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en">' in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
