"""A whole case life in the browser, from intake to closure and reopening.

The case manager records the intake, assesses (flagging a barrier inline),
plans a goal with an action, records a contact (flagging a barrier in its
"Hürde melden" part), adds and completes a follow-up, moves the case through
every phase (one change by keyboard alone), evaluates the goal and closes the
case; the closed case is read-only; the team lead reopens it with a reason.
Only the person and the case are set up in the database; everything else goes
through the pages, and axe-core runs on every page on the way.
"""

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from kim.cases.models import Case, CaseClosure, CasePhaseChange, Contact
from kim.e2e.case_helpers import (
    assert_focus_visible,
    change_phase,
    expect_phase,
    expect_saved,
    open_tab,
    region,
    type_date,
)
from kim.e2e.helpers import log_in, tab_to
from kim.followups.models import FollowUp
from kim.planning.models import Action, Assessment, Barrier, Goal
from kim.testing.factories import open_case, register_person

GOAL = "Deutschkurs B1 abschließen"
ACTION = "Anmeldung beim Kursträger begleiten"
FOLLOWUP = "Rückmeldung des Kursträgers abfragen"
SUMMARY = "Frau Haddad hat den B1-Kurs abgeschlossen und eine Stelle in Aussicht."
REOPEN_REASON = "Die Stelle ist weggefallen; Frau Haddad bittet erneut um Begleitung."


def d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def test_a_case_lives_from_intake_to_closure_and_is_reopened_by_the_team_lead(
    new_page, world, check, date_keys
):
    today = timezone.localdate()
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Layla",
        birth_date=date(1991, 4, 23),
    )
    case = open_case(world.cm, person, world.unit_a, reason="Sucht Sprachkurs und Arbeit.")

    page = new_page()
    log_in(page, world.cm, check=check)

    # --- the case page, in intake --------------------------------------------------
    page.goto("/faelle/meine/")
    check(page, "Meine Fälle")
    page.get_by_role("link", name=case.number).click()
    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Layla Haddad")
    expect_phase(page, "Intake / Klärung")
    check(page, "Fallseite (Intake)")

    # --- intake, inline on the case page --------------------------------------------
    intake = region(page, "Intake / Klärung")
    intake.get_by_label("Zugangsweg").select_option(label="Jobcenter")
    intake.get_by_label("Geflüchtete", exact=True).check()
    intake.get_by_role("radio", name="ja", exact=True).check()
    intake.get_by_role("radio", name="liegt vor", exact=True).check()
    check(page, "Fallseite mit ausgefülltem Intake")
    intake.get_by_role("button", name="Intake speichern").click()
    expect_saved(page, "Die Angaben aus dem Intake wurden gespeichert.")
    # In intake the form stays on the page, with what was saved.
    intake = region(page, "Intake / Klärung")
    expect(intake.get_by_label("Zugangsweg")).to_have_value("jobcenter")
    expect(intake.get_by_label("Geflüchtete", exact=True)).to_be_checked()
    expect(intake.get_by_role("radio", name="ja", exact=True)).to_be_checked()
    expect(intake.get_by_role("radio", name="liegt vor", exact=True)).to_be_checked()
    case.refresh_from_db()
    assert case.access_route == Case.AccessRoute.JOBCENTER
    assert case.cm_indicated == Case.CmIndicated.YES
    assert case.consent_status == Case.ConsentStatus.GIVEN
    assert [g.name for g in case.target_groups.all()] == ["Geflüchtete"]
    check(page, "Fallseite mit Intake")

    change_phase(page, "Assessment")
    # From assessment on, the intake is shown as recorded.
    recorded = region(page, "Intake / Klärung").locator(".kern-description-list-item")
    for key, value in (
        ("Zugangsweg", "Jobcenter"),
        ("Zielgruppen", "Geflüchtete"),
        ("Case Management angezeigt", "ja"),
        ("Einwilligung", "liegt vor"),
    ):
        expect(recorded.filter(has=page.locator("dt", has_text=key)).locator("dd")).to_have_text(
            value
        )
    check(page, "Fallseite (Assessment)")

    # --- assessment, with a barrier flagged in the same form ----------------------------
    open_tab(page, "Hilfeplan")
    check(page, "Fallseite, Reiter Hilfeplan (Assessment)")
    region(page, "Assessment").get_by_role("link", name="Assessment erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment erfassen")
    check(page, "Assessment erfassen")
    language = page.get_by_role("group", name="Sprache", exact=True)
    language.get_by_label("Situation").fill("Spricht Arabisch und Englisch, Deutsch A2.")
    language.get_by_label("Bedarfe").fill("Deutschkurs B1 mit Kinderbetreuung")
    language.get_by_label("Ressourcen").fill("Sehr motiviert, Abitur aus Syrien")
    language.get_by_label("Dringlichkeit").select_option(label="hoch")
    barrier = page.get_by_role("group", name="Hürde melden")
    barrier.get_by_label("Dabei ist eine Hürde aufgefallen").check()
    barrier.get_by_label("Handlungsfeld").select_option(label="Sprache")
    barrier.get_by_label("Art der Hürde").select_option(label="Wartezeit")
    barrier.get_by_label("Betroffener Rechtskreis").select_option(label="SGB II (Jobcenter)")
    barrier.get_by_label("Beschreibung").fill("Kein freier Kursplatz vor Herbst.")
    check(page, "Assessment erfassen (ausgefüllt, mit Hürde)")
    page.get_by_role("button", name="Als neue Fassung speichern").click()

    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/hilfeplan/#assessment$"))
    expect_saved(page, "Das Assessment wurde gespeichert.")
    assessment = region(page, "Assessment")
    expect(assessment).to_contain_text("Fassung 1")
    expect(assessment).to_contain_text("Deutschkurs B1 mit Kinderbetreuung")
    barriers = region(page, "Hürden")
    expect(barriers).to_contain_text("Wartezeit")
    expect(barriers).to_contain_text("Kein freier Kursplatz vor Herbst.")
    assert Assessment.objects.filter(case=case).count() == 1
    assert Barrier.objects.get(case=case).source == Barrier.Source.ASSESSMENT
    check(page, "Fallseite mit Assessment und Hürde")

    change_phase(page, "Hilfeplanung")
    check(page, "Fallseite (Hilfeplanung)")

    # --- support plan: a goal and an action with a due date -----------------------------
    plan = region(page, "Hilfeplan")
    plan.get_by_role("link", name="Ziel hinzufügen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ziel hinzufügen")
    check(page, "Ziel hinzufügen")
    page.get_by_label("Handlungsfeld").select_option(label="Sprache")
    page.get_by_label("Ziel", exact=True).fill(GOAL)
    target_date = today + timedelta(days=180)
    type_date(page.get_by_label("Zieldatum"), target_date, date_keys)
    page.get_by_role("button", name="Ziel speichern").click()
    expect_saved(page, "Das Ziel wurde gespeichert.")
    plan = region(page, "Hilfeplan")
    expect(plan.get_by_role("heading", name=GOAL)).to_be_visible()
    expect(plan).to_contain_text(f"Ziel bis {d(target_date)}")
    check(page, "Fallseite mit Ziel")

    # The goal is in a visually hidden part of the link's name.
    plan.get_by_role(
        "link", name=re.compile(rf"^Maßnahme zu diesem Ziel\s?:\s?{re.escape(GOAL)}$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahme hinzufügen")
    goal = Goal.objects.get(case=case)
    expect(page.get_by_label("Zu welchem Ziel?")).to_have_value(str(goal.pk))
    check(page, "Maßnahme hinzufügen")
    page.get_by_label("Was ist zu tun?").fill(ACTION)
    page.get_by_role("radio", name="Case Management", exact=True).check()
    due = today + timedelta(days=21)
    type_date(page.get_by_label("fällig am"), due, date_keys)
    page.get_by_role("button", name="Maßnahme speichern").click()
    expect_saved(page, "Die Maßnahme wurde gespeichert.")
    actions = region(page, "Hilfeplan").get_by_role("table", name="Maßnahmen zu diesem Ziel")
    row = actions.get_by_role("row").filter(has=page.get_by_role("link", name=ACTION))
    expect(row).to_contain_text(d(due))
    expect(row).to_contain_text("offen")
    action = Action.objects.get(case=case)
    assert (action.goal_id, action.due_date) == (goal.pk, due)
    check(page, "Fallseite mit Hilfeplan")

    # --- a contact, with a barrier flagged in its "Hürde melden" part --------------------
    # The form opens inline on the overview; a flagged barrier reloads the page on saving
    # so that the flash message confirms it.
    open_tab(page, "Überblick")
    page.get_by_role("link", name="Kontakt erfassen").click()
    expect(page.get_by_role("heading", name="Neuer Kontakt")).to_be_visible()
    check(page, "Kontakt erfassen")
    page.get_by_label("Dauer (Minuten)").fill("60")
    page.get_by_role("radio", name="persönlich", exact=True).check()
    page.get_by_role("checkbox", name="Arbeit", exact=True).check()
    page.get_by_label("Notiz").fill("Hilfeplan besprochen, Anmeldung beim Kursträger vereinbart.")
    barrier = page.get_by_role("group", name="Hürde melden")
    barrier.get_by_label("Dabei ist eine Hürde aufgefallen").check()
    barrier.get_by_label("Handlungsfeld").select_option(label="Arbeit")
    barrier.get_by_label("Art der Hürde").select_option(label="Stelle nicht zuständig")
    barrier.get_by_label("Betroffener Rechtskreis").select_option(
        label="SGB III (Agentur für Arbeit)"
    )
    barrier.get_by_label("Beschreibung").fill(
        "Anerkennung des Abiturs: niemand fühlt sich zuständig."
    )
    check(page, "Kontakt erfassen (ausgefüllt, mit Hürde)")
    page.get_by_role("button", name="Kontakt speichern").click()

    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/\?kontakte=1#verlauf$"))
    expect_saved(page, "Der Kontakt wurde gespeichert.")
    history = region(page, "Verlauf der Kontakte")
    expect(history).to_contain_text("persönlich · 60 Min.")
    expect(history).to_contain_text("Hilfeplan besprochen")
    open_tab(page, "Hilfeplan")
    barriers = region(page, "Hürden")
    expect(barriers).to_contain_text("Stelle nicht zuständig")
    expect(barriers).to_contain_text("Beratungskontakt")
    contact = Contact.objects.get(case=case)
    flagged = Barrier.objects.get(case=case, source=Barrier.Source.CONTACT)
    assert (flagged.source_id, flagged.flagged_on) == (contact.pk, contact.date)
    check(page, "Fallseite mit Kontakt und zwei Hürden")

    # --- a follow-up, added and completed --------------------------------------------
    followups = region(page, "Wiedervorlagen")
    expect(followups).to_contain_text("Keine offenen Wiedervorlagen.")
    followups.get_by_role("link", name="Wiedervorlage anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wiedervorlage anlegen")
    check(page, "Wiedervorlage anlegen")
    page.get_by_label("Betreff").fill(FOLLOWUP)
    follow_up_on = today + timedelta(days=7)
    type_date(page.get_by_label("fällig am"), follow_up_on, date_keys)
    expect(page.get_by_label("zuständig")).to_have_value(str(world.cm.pk))
    page.get_by_role("button", name="Wiedervorlage speichern").click()
    expect_saved(page, "Die Wiedervorlage wurde angelegt.")
    followups = region(page, "Wiedervorlagen")
    expect(followups).to_contain_text(f"{d(follow_up_on)} {FOLLOWUP}")
    check(page, "Fallseite mit Wiedervorlage")

    followups.get_by_role(
        "button", name=re.compile(rf"^erledigt\s?–\s?{re.escape(FOLLOWUP)}, {d(follow_up_on)}$")
    ).click()
    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/$"))
    expect_saved(page, f"Die Wiedervorlage „{FOLLOWUP}“ ist erledigt.")
    expect(region(page, "Wiedervorlagen")).to_contain_text("Keine offenen Wiedervorlagen.")
    assert FollowUp.objects.get(case=case, title=FOLLOWUP).done_on == today
    check(page, "Fallseite nach erledigter Wiedervorlage")

    # --- to implementation and monitoring, by keyboard alone --------------------------
    page.reload()
    radio = tab_to(page, lambda f: f["name"] == "to_phase", limit=150)
    assert_focus_visible(radio)
    for _ in range(4):
        if page.evaluate("() => document.activeElement.value") == "implementation":
            break
        page.keyboard.press("ArrowDown")
    phase = region(page, "Phase")
    expect(phase.get_by_role("radio", name="Umsetzung und Monitoring")).to_be_checked()
    expect(phase.get_by_role("radio", name="Umsetzung und Monitoring")).to_be_focused()
    button = tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Phase wechseln")
    assert_focus_visible(button)
    page.keyboard.press("Enter")
    expect_saved(page, "Der Fall ist jetzt in der Phase „Umsetzung und Monitoring“.")
    expect_phase(page, "Umsetzung und Monitoring")
    check(page, "Fallseite (Umsetzung und Monitoring)")

    change_phase(page, "Evaluation")
    check(page, "Fallseite (Evaluation)")

    # --- evaluate the goal -----------------------------------------------------------
    open_tab(page, "Hilfeplan")
    region(page, "Hilfeplan").get_by_role("link", name="Ziele bewerten (1 offen)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ziele bewerten")
    check(page, "Ziele bewerten")
    goal_group = page.get_by_role("group", name=GOAL)
    goal_group.get_by_role("radio", name="erreicht", exact=True).check()
    goal_group.get_by_label("Begründung").fill("B1-Zertifikat liegt vor.")
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/hilfeplan/#hilfeplan$"))
    expect_saved(page, "Die Bewertung der Ziele wurde gespeichert.")
    plan = region(page, "Hilfeplan")
    expect(plan).to_contain_text(f"Bewertet am {d(today)}: erreicht – B1-Zertifikat liegt vor.")
    expect(plan.get_by_role("link", name="Ziele bewerten", exact=True)).to_be_visible()
    goal.refresh_from_db()
    assert (goal.evaluation, goal.status) == (Goal.Evaluation.ACHIEVED, Goal.Status.ACHIEVED)
    check(page, "Fallseite mit bewertetem Ziel")

    # --- close -----------------------------------------------------------------------
    page.get_by_role("link", name="Fall abschließen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fall {case.number} abschließen")
    expect(page.get_by_text("Bevor der Fall abgeschlossen werden kann")).to_have_count(0)
    expect(page.get_by_label("abgeschlossen am")).to_have_value(today.isoformat())
    check(page, "Fall abschließen")
    page.get_by_role("radio", name="Ziele erreicht", exact=True).check()
    page.get_by_label("Abschlussbericht").fill(SUMMARY)
    page.get_by_role("button", name="Fall abschließen").click()

    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/$"))
    expect_saved(page, f"Fall {case.number} wurde abgeschlossen.")
    closed = page.locator(".kern-alert--info").filter(has_text="Abgeschlossen am")
    expect(closed.get_by_role("heading")).to_have_text(
        f"Abgeschlossen am {d(today)}: Ziele erreicht"
    )
    expect(closed).to_contain_text("Ein abgeschlossener Fall kann nur gelesen werden.")
    expect(closed).to_contain_text(SUMMARY)
    expect_phase(page, "abgeschlossen")
    # Read-only: nothing to record, change or plan any more, and no reopening for the case manager.
    main = page.get_by_role("main")
    for name in (
        "Kontakt erfassen",
        "Fall bearbeiten",
        "Fall abschließen",
        "Fall übergeben",
        "Wieder eröffnen",
        "Assessment erfassen",
        "Neu einschätzen",
        "Ziel hinzufügen",
        "Maßnahme hinzufügen",
        "Ziele bewerten",
        "Hürde melden",
        "Wiedervorlage anlegen",
        "Person hinzufügen",
    ):
        expect(main.get_by_role("link", name=name), name).to_have_count(0)
    expect(main.get_by_role("button", name="Phase wechseln")).to_have_count(0)
    expect(main.get_by_role("button", name="Intake speichern")).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile(r"^Kontakt vom .* bearbeiten$"))).to_have_count(
        0
    )
    case.refresh_from_db()
    assert (case.status, case.phase, case.closed_on) == (Case.Status.CLOSED, "closed", today)
    closure = CaseClosure.objects.get(case=case)
    assert (closure.reason, closure.summary) == (CaseClosure.Reason.GOALS_REACHED, SUMMARY)
    check(page, "Fallseite (abgeschlossen)")

    # The contact form of a closed case is not there even by its address.
    response = page.goto(f"/faelle/{case.pk}/kontakt/")
    assert response is not None and response.status == 404, response and response.status
    check(page, "Kontakt erfassen im abgeschlossenen Fall (404)")
    assert Contact.objects.filter(case=case).count() == 1

    # --- the team lead reopens it ---------------------------------------------------
    lead_page = new_page()
    log_in(lead_page, world.lead)
    lead_page.goto(f"/faelle/{case.pk}/")
    check(lead_page, "Fallseite (abgeschlossen, Teamleitung)")
    lead_page.get_by_role("link", name="Wieder eröffnen").click()
    expect(lead_page.get_by_role("heading", level=1)).to_have_text(
        f"Fall {case.number} wieder eröffnen"
    )
    expect(lead_page.get_by_role("radio", name="Assessment", exact=True)).to_be_checked()
    check(lead_page, "Wieder eröffnen")
    lead_page.get_by_role("radio", name="Intake / Klärung", exact=True).check()
    lead_page.get_by_label("Grund").fill(REOPEN_REASON)
    lead_page.get_by_role("button", name="Wieder eröffnen").click()

    expect(lead_page).to_have_url(re.compile(rf"/faelle/{case.pk}/$"))
    expect_saved(lead_page, f"Fall {case.number} wurde wieder eröffnet.")
    expect_phase(lead_page, "Intake / Klärung")
    expect(
        lead_page.get_by_text("Ein abgeschlossener Fall kann nur gelesen werden.")
    ).to_have_count(0)
    expect(lead_page.get_by_role("link", name="Wieder eröffnen")).to_have_count(0)
    # The phase history is on the tab "Akte", linked from the phase section.
    region(lead_page, "Phase").get_by_role("link", name="Verlauf der Phasen").click()
    expect(lead_page).to_have_url(re.compile(rf"/faelle/{case.pk}/akte/#phasenverlauf$"))
    expect(region(lead_page, "Verlauf der Phasen")).to_contain_text(REOPEN_REASON)
    case.refresh_from_db()
    assert (case.status, case.phase, case.closed_on) == (Case.Status.OPEN, "intake", None)
    reopened = CasePhaseChange.objects.filter(case=case).order_by("-changed_at", "-id").first()
    assert (reopened.from_phase, reopened.to_phase, reopened.changed_by) == (
        "closed",
        "intake",
        world.lead,
    )
    assert reopened.reason == REOPEN_REASON
    check(lead_page, "Fallseite (wieder eröffnet)")

    # Every phase the case went through, in order.
    assert list(
        CasePhaseChange.objects.filter(case=case)
        .order_by("changed_at", "id")
        .values_list("to_phase", flat=True)
    ) == [
        "intake",
        "assessment",
        "planning",
        "implementation",
        "evaluation",
        "closed",
        "intake",
    ]
    check.assert_clean()
