"""The case page shows the phase everywhere; the phase, intake, close and reopen pages."""

import re

from django.urls import reverse

from kim.cases.models import Case, CasePhaseChange, TargetGroup
from kim.cases.phases import Phase
from kim.cases.tests.conftest import close, move, record_intake
from kim.core.models import AuditEvent


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def checked(html: str, value) -> bool:
    return re.search(rf'value="{value}"[^>]*\bchecked\b', html) is not None


def radio_values(html: str, name: str) -> list[str]:
    return re.findall(rf'type="radio" name="{name}" value="([a-z_]+)"', html)


def test_the_case_page_shows_the_phase_the_allowed_targets_and_the_history(client, process):
    client.force_login(process.world.cm)
    html = html_of(client.get(reverse("cases:detail", args=[process.case.pk])))
    assert "Phase:" in html and "Intake / Klärung" in html
    assert radio_values(html, "to_phase") == ["assessment", "paused"]
    # the history is on the tab "Akte", linked from the phase in the side column
    history = reverse("cases:file", args=[process.case.pk]) + "#phasenverlauf"
    assert f'href="{history}"' in html and "Fall eröffnet" not in html
    file_tab = html_of(client.get(reverse("cases:file", args=[process.case.pk])))
    assert "Verlauf der Phasen" in file_tab and "Fall eröffnet" in file_tab
    assert radio_values(file_tab, "to_phase") == ["assessment", "paused"]
    # the intake form is on the page while the case is in intake
    assert f'action="{reverse("cases:intake", args=[process.case.pk])}"' in html
    assert 'id="intake-id_consent_status_0"' not in html  # own ids, no clash with the phase form
    assert 'id="phase-to_phase_0"' in html and 'id="intake-consent_status_0"' in html


def test_after_the_intake_the_page_shows_the_recorded_answers(client, process):
    group = TargetGroup.objects.get(tenant=process.world.tenant, code="gefluechtete")
    move(process.world.cm, process.case, Phase.ASSESSMENT)
    record_intake(process.world.cm, process.case, target_groups=[group])
    client.force_login(process.world.cm)
    html = html_of(client.get(reverse("cases:detail", args=[process.case.pk])))
    assert "Geflüchtete" in html and "Jobcenter" in html and "liegt vor" in html
    assert "Angaben aus dem Intake ändern" in html


def test_a_phase_change_from_the_page_redirects_and_writes_history(client, process):
    record_intake(process.world.cm, process.case)
    client.force_login(process.world.cm)
    response = client.post(
        reverse("cases:phase", args=[process.case.pk]),
        {"version": process.fresh().version, "to_phase": "assessment", "reason": ""},
    )
    assert response.status_code == 302
    assert process.fresh().phase == Phase.ASSESSMENT
    assert CasePhaseChange.objects.filter(case=process.case, to_phase="assessment").exists()
    assert response.url == reverse("cases:detail", args=[process.case.pk])


def test_the_phase_form_returns_to_the_tab_it_was_sent_from(client, process):
    record_intake(process.world.cm, process.case)
    client.force_login(process.world.cm)
    url = reverse("cases:phase", args=[process.case.pk])
    plan_tab = html_of(client.get(reverse("cases:plan", args=[process.case.pk])))
    assert '<input type="hidden" name="tab" value="plan">' in plan_tab
    data = {"version": process.fresh().version, "to_phase": "paused", "reason": "", "tab": "plan"}
    # an error keeps the tab: the page with the message sends it again and leads back there
    html = html_of(client.post(url, data))
    assert '<input type="hidden" name="tab" value="plan">' in html
    assert f'href="{reverse("cases:plan", args=[process.case.pk])}"' in html
    response = client.post(url, data | {"reason": "Krankenhausaufenthalt"})
    assert response.url == reverse("cases:plan", args=[process.case.pk])
    # an unknown tab leads to the overview
    data = {"version": process.fresh().version, "to_phase": "intake", "tab": "x"}
    assert client.post(url, data).url == reverse("cases:detail", args=[process.case.pk])


def test_pausing_without_reason_shows_a_german_message_and_keeps_the_choice(client, process):
    client.force_login(process.world.cm)
    html = html_of(
        client.post(
            reverse("cases:phase", args=[process.case.pk]),
            {"version": process.case.version, "to_phase": "paused", "reason": ""},
        )
    )
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "wenn ein Fall zurückgeht oder pausiert" in html
    assert checked(html, "paused")
    assert process.fresh().phase == Phase.INTAKE


def test_leaving_intake_too_early_says_what_is_missing(client, process):
    client.force_login(process.world.cm)
    html = html_of(
        client.post(
            reverse("cases:phase", args=[process.case.pk]),
            {"version": process.case.version, "to_phase": "assessment"},
        )
    )
    assert "noch keine Einwilligung festgehalten" in html


def test_a_phase_not_offered_is_refused_without_an_error_page(client, process):
    client.force_login(process.world.cm)
    html = html_of(
        client.post(
            reverse("cases:phase", args=[process.case.pk]),
            {"version": process.case.version, "to_phase": "closed"},
        )
    )
    assert "gültige Auswahl" in html
    response = client.post(reverse("cases:phase", args=[process.case.pk]), {"version": "x"})
    assert response.status_code == 200


def test_a_stale_phase_change_shows_the_difference(client, process):
    record_intake(process.world.cm, process.case)
    stale_version = process.fresh().version
    move(process.world.lead, process.case, Phase.ASSESSMENT)
    client.force_login(process.world.cm)
    html = html_of(
        client.post(
            reverse("cases:phase", args=[process.case.pk]),
            {"version": stale_version, "to_phase": "paused", "reason": "Urlaub bis März"},
        )
    )
    assert "inzwischen geändert" in html
    assert "Assessment" in html  # what is saved now
    assert "Urlaub bis März" in html  # what I typed
    assert process.fresh().phase == Phase.ASSESSMENT


def test_the_intake_page_saves_and_keeps_input_on_error(client, process):
    client.force_login(process.world.cm)
    url = reverse("cases:intake", args=[process.case.pk])
    group = TargetGroup.objects.get(tenant=process.world.tenant, code="umf")
    data = {
        "version": process.case.version,
        "access_route": "jugendamt",
        "target_groups": [group.pk],
        "cm_indicated": "no",
        "cm_indicated_reason": "",
        "consent_status": "refused",
    }
    html = html_of(client.post(url, data))
    assert "warum kein Case Management angezeigt ist" in html
    assert 'value="jugendamt" selected' in html
    assert checked(html, group.pk)
    response = client.post(url, data | {"cm_indicated_reason": "Nur Einzelfrage"})
    assert response.status_code == 302
    case = process.fresh()
    assert (case.cm_indicated, case.cm_indicated_reason, case.consent_status) == (
        "no",
        "Nur Einzelfrage",
        "refused",
    )


def test_a_stale_intake_save_shows_the_differences(client, process):
    stale_version = process.case.version
    record_intake(process.world.lead, process.case, access_route="abh")
    client.force_login(process.world.cm)
    html = html_of(
        client.post(
            reverse("cases:intake", args=[process.case.pk]),
            {
                "version": stale_version,
                "access_route": "school",
                "cm_indicated": "open",
                "consent_status": "pending",
            },
        )
    )
    assert "inzwischen geändert" in html
    assert "Ausländerbehörde" in html and "Schule" in html
    assert process.fresh().access_route == "abh"


def test_the_close_page_lists_what_holds_the_case_open(client, process, monkeypatch):
    from kim.cases import checks

    monkeypatch.setattr(checks, "_CLOSURE_CHECKS", [lambda case: ["Ziel A ist nicht bewertet."]])
    client.force_login(process.world.cm)
    html = html_of(client.get(reverse("cases:close", args=[process.case.pk])))
    assert "Bevor der Fall abgeschlossen werden kann" in html
    assert "Ziel A ist nicht bewertet." in html
    html = html_of(
        client.post(
            reverse("cases:close", args=[process.case.pk]),
            {
                "version": process.case.version,
                "reason": "moved_away",
                "closed_on": process.case.opened_on.isoformat(),
                "summary": "Mein langer Abschlussbericht",
            },
        )
    )
    assert "Ziel A ist nicht bewertet." in html
    assert "Mein langer Abschlussbericht" in html
    assert process.fresh().status == Case.Status.OPEN


def test_closing_from_the_page_makes_the_case_page_read_only(client, process):
    client.force_login(process.world.cm)
    response = client.post(
        reverse("cases:close", args=[process.case.pk]),
        {
            "version": process.case.version,
            "reason": "unreachable",
            "closed_on": process.case.opened_on.isoformat(),
            "summary": "Drei Termine nicht wahrgenommen.",
        },
    )
    assert response.status_code == 302
    html = html_of(client.get(reverse("cases:detail", args=[process.case.pk])))
    assert "nicht mehr erreichbar" in html and "Drei Termine nicht wahrgenommen." in html
    assert "kann nur gelesen werden" in html
    for gone in ("Fall bearbeiten", "Kontakt erfassen", "Phase wechseln", "Fall abschließen"):
        assert gone not in html
    assert "Wieder eröffnen" not in html  # only the team lead reopens


def test_the_close_form_needs_a_summary_and_keeps_the_reason(client, process):
    client.force_login(process.world.cm)
    html = html_of(
        client.post(
            reverse("cases:close", args=[process.case.pk]),
            {"version": process.case.version, "reason": "other", "closed_on": "gestern"},
        )
    )
    assert "zwingend erforderlich" in html and "gültiges Datum" in html
    assert checked(html, "other")


def test_the_team_lead_reopens_from_the_page(client, process):
    close(process.world.cm, process.case)
    client.force_login(process.world.lead)
    detail = html_of(client.get(reverse("cases:detail", args=[process.case.pk])))
    assert "Wieder eröffnen" in detail
    url = reverse("cases:reopen", args=[process.case.pk])
    html = html_of(client.post(url, {"version": process.fresh().version, "to_phase": "intake"}))
    assert "zwingend erforderlich" in html
    response = client.post(
        url, {"version": process.fresh().version, "to_phase": "intake", "reason": "Neuer Bedarf"}
    )
    assert response.status_code == 302
    assert process.fresh().phase == Phase.INTAKE


def test_the_phase_appears_in_lists_the_start_page_and_the_person_page(client, process):
    move(process.world.cm, process.case, Phase.ASSESSMENT)
    client.force_login(process.world.cm)
    for url in (
        reverse("cases:list"),
        reverse("cases:mine"),
        reverse("core:start"),
        reverse("people:detail", args=[process.person.pk]),
    ):
        html = html_of(client.get(url))
        assert '<th class="kern-table__header" scope="col">Phase</th>' in html, url
        assert "Assessment</span></span>" in html, url


def test_the_case_list_filters_by_phase(client, process):
    client.force_login(process.world.cm)
    assert process.case.number in html_of(client.get(reverse("cases:list"), {"phase": "intake"}))
    assert process.case.number not in html_of(
        client.get(reverse("cases:list"), {"phase": "planning"})
    )
    assert client.get(reverse("cases:list"), {"phase": "nonsense"}).status_code == 200


def test_the_team_leads_overview_counts_open_cases_per_phase(client, process):
    from kim.testing.factories import open_case, register_person

    for name in ("Eins", "Zwei"):
        other = register_person(process.world.cm, process.world.unit_a, family_name=name)
        move(
            process.world.cm, open_case(process.world.cm, other, process.world.unit_a), "assessment"
        )
    client.force_login(process.world.lead)
    html = html_of(client.get(reverse("core:start")))
    assert "Offene Fälle nach Phase" in html
    rows = dict(
        re.findall(
            r'\?phase=([a-z]+)">[^<]+</a></th><td class="kern-table__cell kern-table__cell--numeric">(\d+)',
            html,
        )
    )
    assert rows == {
        "intake": "1",
        "assessment": "2",
        "planning": "0",
        "implementation": "0",
        "evaluation": "0",
        "paused": "0",
    }


def test_form_pages_audit_the_read_and_the_writes(client, process):
    client.force_login(process.world.cm)
    for name in ("cases:phase", "cases:intake", "cases:close"):
        client.get(reverse(name, args=[process.case.pk]))
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.action, event.person_id) == ("case.view", process.person.pk), name
