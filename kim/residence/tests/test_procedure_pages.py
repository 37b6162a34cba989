"""The authority's procedure pages: the list, the procedure page with its stage moves,
checklist, appointments and letters, opening a procedure from the person page. Who
sees what (a matrix: everyone but the authority of the procedure's unit gets 404),
German errors that keep the input, stale versions, the audit trail, query counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.residence import procedures as svc
from kim.residence.models import Procedure, ProcedureAppointment
from kim.residence.tests.procedure_helpers import (
    make_appointment,
    mark_all,
    open_procedure,
    other_authorities,
)
from kim.testing.factories import register_person

Stage = Procedure.Stage


@pytest.fixture
def procedure(world):
    return open_procedure(world)


@pytest.fixture
def as_authority(client, world):
    client.force_login(world.authority)
    return client


def detail_url(procedure):
    return reverse("residence:procedure", args=[procedure.pk])


def move(world, procedure, to, **kwargs):
    procedure.refresh_from_db()
    return svc.procedure_move(
        actor=get_actor(world.authority),
        procedure=procedure,
        version=procedure.version,
        to=to,
        **kwargs,
    )


def today():
    return timezone.localdate()


def test_the_urls():
    assert reverse("residence:procedures") == "/aufenthalt/verfahren/"
    assert reverse("residence:procedure", args=[7]) == "/aufenthalt/verfahren/7/"
    assert reverse("residence:procedure_open", args=[3]) == "/aufenthalt/personen/3/verfahren/neu/"


# --- who may do what ------------------------------------------------------------------------


def _requests(procedure, appointment):
    person = procedure.person_id
    day = (today() + timedelta(days=7)).isoformat()
    return {
        "list": ("get", reverse("residence:procedures"), {}),
        "detail": ("get", detail_url(procedure), {}),
        "open": ("get", reverse("residence:procedure_open", args=[person]), {}),
        "open_post": (
            "post",
            reverse("residence:procedure_open", args=[person]),
            {"kind": "aufenthg25b", "opened_on": today().isoformat()},
        ),
        "move": (
            "post",
            reverse("residence:procedure_move", args=[procedure.pk]),
            {"version": procedure.version, "to": "received", "on": today().isoformat()},
        ),
        "document": (
            "post",
            reverse("residence:procedure_document", args=[procedure.pk, "passport"]),
            {"received_on": today().isoformat()},
        ),
        "appointment": (
            "post",
            reverse("residence:appointment_new", args=[procedure.pk]),
            {"purpose": "documents", "day": day, "starts": "09:30", "minutes": "30", "place": "A"},
        ),
        "cancel": ("post", reverse("residence:appointment_cancel", args=[appointment.pk]), {}),
        "ics": ("get", reverse("residence:appointment_ics", args=[appointment.pk]), {}),
        "invitation": (
            "get",
            reverse("residence:appointment_letter", args=[appointment.pk, "docx"]),
            {},
        ),
        "missing_letter": (
            "get",
            reverse("residence:missing_letter", args=[procedure.pk]),
            {"frist": day, "format": "docx"},
        ),
    }


ACTION_NAMES = [
    "list",
    "detail",
    "open",
    "open_post",
    "move",
    "document",
    "appointment",
    "cancel",
    "ics",
    "invitation",
    "missing_letter",
]
OUTSIDERS = ["other_unit", "other_tenant", "cm", "lead", "coordination", "data_protection", "admin"]


@pytest.mark.parametrize("action", ACTION_NAMES)
def test_the_authority_of_the_procedures_unit_may_do_everything(client, world, procedure, action):
    appointment = make_appointment(world, procedure)
    method, url, data = _requests(procedure, appointment)[action]
    client.force_login(world.authority)
    response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302), response.content.decode()[:500]


# Another authority has a list of its own (without our procedures, tested below).
OUTSIDER_REQUESTS = [
    (action, who)
    for who in OUTSIDERS
    for action in ACTION_NAMES
    if not (action == "list" and who in ("other_unit", "other_tenant"))
]


@pytest.mark.parametrize(("action", "who"), OUTSIDER_REQUESTS)
def test_everyone_else_gets_404(client, world, procedure, action, who):
    others = other_authorities(world)
    appointment = make_appointment(world, procedure)
    method, url, data = _requests(procedure, appointment)[action]
    user = getattr(others, who) if who in ("other_unit", "other_tenant") else getattr(world, who)
    client.force_login(user)
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    procedure.refresh_from_db()
    assert procedure.stage == Stage.COUNSELLING and not procedure.documents.exists()
    assert procedure.appointments.count() == 1 and not procedure.appointments.get().cancelled_at
    assert (
        not AuditEvent.objects.filter(actor=user, action__startswith="procedure.")
        .exclude(action="procedure.list")
        .exists()
    )


@pytest.mark.parametrize("who", ["other_unit", "other_tenant"])
def test_another_authority_sees_its_own_list_without_our_procedures(client, world, procedure, who):
    client.force_login(getattr(other_authorities(world), who))
    response = client.get(reverse("residence:procedures"))
    assert response.status_code == 200
    assert "Antrag, Amira" not in response.content.decode()
    assert "Keine Verfahren gefunden." in response.content.decode()


def test_the_menu_offers_the_procedures_to_the_authority_only(client, world):
    client.force_login(world.authority)
    assert 'href="/aufenthalt/verfahren/"' in client.get(reverse("core:start")).content.decode()
    client.force_login(world.cm)
    assert 'href="/aufenthalt/verfahren/"' not in client.get(reverse("core:start")).content.decode()


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_open_procedures_with_age_missing_documents_and_next_appointment(
    as_authority, world, procedure
):
    appointment = make_appointment(world, procedure)
    closed = open_procedure(world, family_name="Fertig", days_ago=30)
    move(world, closed, Stage.WITHDRAWN, note="Umzug")
    response = as_authority.get(reverse("residence:procedures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Antrag, Amira" in html and "Fertig" not in html
    assert "Einbürgerung (§ 10 StAG)" in html and "Beratung" in html
    assert f">{len(svc.checklist(procedure.kind))}<" in html  # every document missing
    assert ">60<" in html  # days open
    starts = timezone.localtime(appointment.starts_at)
    assert f"{starts:%d.%m.%Y %H:%M}" in html
    event = AuditEvent.objects.get(action="procedure.list", actor=world.authority)
    assert event.changes["ids"] == [procedure.pk]


def test_the_list_filters_by_type_and_stage(as_authority, world, procedure):
    young = open_procedure(world, family_name="Jung", kind=Procedure.Kind.YOUNG)
    closed = open_procedure(world, family_name="Zurück")
    move(world, closed, Stage.WITHDRAWN, note="Umzug")
    url = reverse("residence:procedures")
    html = as_authority.get(url, {"art": "aufenthg25a"}).content.decode()
    assert "Jung" in html and "Antrag, Amira" not in html
    html = as_authority.get(url, {"stand": "withdrawn"}).content.decode()
    assert "Zurück" in html and "Jung" not in html
    html = as_authority.get(url, {"stand": "alle"}).content.decode()
    assert all(name in html for name in ("Zurück", "Jung", "Antrag"))
    assert young.pk


def test_the_list_sorts_by_age(as_authority, world):
    open_procedure(world, family_name="Alt", days_ago=200)
    open_procedure(world, family_name="Neu", days_ago=3)
    url = reverse("residence:procedures")
    html = as_authority.get(url).content.decode()
    assert html.index("Alt, Amira") < html.index("Neu, Amira")
    assert 'aria-sort="descending"' in html
    html = as_authority.get(url, {"sort": "-alter"}).content.decode()
    assert html.index("Neu, Amira") < html.index("Alt, Amira")


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_costs_the_same_queries_for_any_number_of_procedures(
    client, world, count, django_assert_num_queries
):
    for n in range(count):
        procedure = open_procedure(world, family_name=f"Person{n}")
        make_appointment(world, procedure)
        svc.document_mark(
            actor=get_actor(world.authority),
            procedure=procedure,
            code="passport",
            received_on=today(),
        )
    client.force_login(world.authority)
    url = reverse("residence:procedures")
    client.get(url)  # the session and the actor are warm from here on
    # session, user, memberships, count, rows, audit
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


# --- the procedure page ---------------------------------------------------------------------


def test_the_page_shows_person_stage_history_checklist_and_is_audited(
    as_authority, world, procedure
):
    svc.document_mark(
        actor=get_actor(world.authority),
        procedure=procedure,
        code="passport",
        received_on=today() - timedelta(days=5),
    )
    move(world, procedure, Stage.RECEIVED, note="Antrag mit Post eingegangen")
    response = as_authority.get(detail_url(procedure))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Einbürgerung (§ 10 StAG): Amira Antrag" in html
    assert "14.03.1988" in html
    assert reverse("people:detail", args=[procedure.person_id]) in html
    assert "Antrag eingegangen" in html and "Antrag mit Post eingegangen" in html
    day = (today() - timedelta(days=5)).strftime("%d.%m.%Y")
    assert f"liegt vor seit {day}" in html
    assert "Checkliste: 9 Unterlagen fehlen" in html
    # The moves possible from "received", nothing else.
    for label in ("Unterlagen vollständig", "zurückgenommen", "abgelehnt"):
        assert f">{label}</label>" in html
    assert "Prüfungen (inkl. Sicherheitsabfrage)</label>" not in html
    event = AuditEvent.objects.get(action="procedure.view")
    assert event.person_id == procedure.person_id and event.object_id == procedure.pk


def test_the_page_names_the_referral_the_procedure_came_from(as_authority, world, procedure):
    from kim.network.models import Referral, Service
    from kim.testing.factories import open_case

    client_person = register_person(world.cm, world.unit_a, family_name="Klient")
    case = open_case(world.cm, client_person, world.unit_a)
    service = Service.objects.create(
        tenant=world.tenant,
        organisation=world.unit_authority.organisation,
        name="Einbürgerungsberatung",
    )
    referral = Referral.objects.create(
        tenant=world.tenant,
        case=case,
        service=service,
        organisation=service.organisation,
        unit=world.unit_a,
        purpose="Einbürgerung",
    )
    Procedure.objects.filter(pk=procedure.pk).update(referral=referral)
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert f"aus Vermittlung V-{referral.pk} von Case Management Nord" in html


def test_a_concluded_procedure_offers_no_moves_and_no_new_appointments(
    as_authority, world, procedure
):
    move(world, procedure, Stage.WITHDRAWN, note="Antrag zurückgenommen")
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert "Das Verfahren ist abgeschlossen." in html
    assert "Termin eintragen" not in html and "Stand setzen" not in html


# --- moving the stage -----------------------------------------------------------------------


def test_moving_the_stage(as_authority, world, procedure):
    response = as_authority.post(
        reverse("residence:procedure_move", args=[procedure.pk]),
        {
            "version": procedure.version,
            "to": "received",
            "on": today().isoformat(),
            "note": "per Post",
        },
    )
    assert response.status_code == 302 and response.url == detail_url(procedure)
    procedure.refresh_from_db()
    assert procedure.stage == Stage.RECEIVED
    assert procedure.steps.last().note == "per Post"
    assert AuditEvent.objects.filter(
        action="procedure.move", person_id=procedure.person_id
    ).exists()
    assert "Neuer Stand: Antrag eingegangen." in as_authority.get(response.url).content.decode()


def test_a_rejection_without_reason_is_refused_in_german_and_keeps_the_input(
    as_authority, world, procedure
):
    move(world, procedure, Stage.RECEIVED)
    procedure.refresh_from_db()
    day = (today() - timedelta(days=1)).isoformat()
    response = as_authority.post(
        reverse("residence:procedure_move", args=[procedure.pk]),
        {"version": procedure.version, "to": "rejected", "on": day, "note": "  "},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Bitte den Grund angeben." in html
    assert f'value="{day}"' in html
    assert re.search(r'value="rejected"[^>]*checked', html)
    procedure.refresh_from_db()
    assert procedure.stage == Stage.RECEIVED


def test_documents_complete_is_refused_while_documents_are_missing(as_authority, world, procedure):
    move(world, procedure, Stage.RECEIVED)
    procedure.refresh_from_db()
    response = as_authority.post(
        reverse("residence:procedure_move", args=[procedure.pk]),
        {"version": procedure.version, "to": "complete", "on": today().isoformat()},
    )
    assert response.status_code == 422
    assert "Es fehlen noch Unterlagen: Gültiger Pass oder Passersatz" in response.content.decode()


def test_a_missing_stage_and_date_are_named_in_german(as_authority, procedure):
    response = as_authority.post(
        reverse("residence:procedure_move", args=[procedure.pk]),
        {"version": procedure.version, "note": "Notiz bleibt"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Bitte den neuen Stand wählen." in html and "Bitte das Datum angeben." in html
    assert "Notiz bleibt" in html


def test_a_stale_version_gives_409_with_the_current_stage_and_keeps_the_input(
    as_authority, world, procedure
):
    old = procedure.version
    move(world, procedure, Stage.RECEIVED)  # someone else, in another tab
    procedure.refresh_from_db()
    response = as_authority.post(
        reverse("residence:procedure_move", args=[procedure.pk]),
        {"version": old, "to": "withdrawn", "on": today().isoformat(), "note": "Person verzogen"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert" in html
    assert "Antrag eingegangen seit" in html
    assert "Person verzogen" in html
    assert f'name="version" value="{procedure.version}"' in html
    procedure.refresh_from_db()
    assert procedure.stage == Stage.RECEIVED and procedure.steps.count() == 2


# --- the checklist --------------------------------------------------------------------------


def test_ticking_and_unticking_a_document(as_authority, world, procedure):
    url = reverse("residence:procedure_document", args=[procedure.pk, "passport"])
    day = today() - timedelta(days=2)
    response = as_authority.post(url, {"received_on": day.isoformat()})
    assert response.status_code == 302 and response.url.endswith("#unterlagen")
    assert procedure.documents.get(code="passport").received_on == day
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert f"„Gültiger Pass oder Passersatz“ liegt vor seit {day:%d.%m.%Y}." in html
    response = as_authority.post(url, {"missing": "1"})
    assert response.status_code == 302
    assert not procedure.documents.filter(code="passport").exists()
    assert AuditEvent.objects.filter(action="procedure.document").count() == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte den Tag angeben, seit dem die Unterlage vorliegt."),
        ("2999-01-01", "Das Datum darf nicht in der Zukunft liegen."),
    ],
)
def test_a_document_date_is_checked_in_german(as_authority, procedure, value, message):
    url = reverse("residence:procedure_document", args=[procedure.pk, "passport"])
    response = as_authority.post(url, {"received_on": value})
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert f'value="{value}"' in html if value else True
    assert not procedure.documents.exists()


def test_a_document_of_another_checklist_is_404(as_authority, procedure):
    url = reverse("residence:procedure_document", args=[procedure.pk, "school_reports"])
    assert as_authority.post(url, {"received_on": today().isoformat()}).status_code == 404


# --- appointments ---------------------------------------------------------------------------


def _appointment_data(**changes):
    return {
        "purpose": "documents",
        "day": (today() + timedelta(days=14)).isoformat(),
        "starts": "09:30",
        "minutes": "45",
        "place": "Kreishaus, Zimmer 112",
        "bring": "Gültiger Pass\nMeldebescheinigung",
    } | changes


def test_creating_an_appointment(as_authority, world, procedure):
    response = as_authority.post(
        reverse("residence:appointment_new", args=[procedure.pk]), _appointment_data()
    )
    assert response.status_code == 302 and response.url.endswith("#termine")
    appointment = procedure.appointments.get()
    starts = timezone.localtime(appointment.starts_at)
    assert (starts.hour, starts.minute) == (9, 30)
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=45)
    assert appointment.purpose == ProcedureAppointment.Purpose.DOCUMENTS
    assert AuditEvent.objects.filter(
        action="procedure.appointment_create", person_id=procedure.person_id
    ).exists()
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert "Vorsprache mit Unterlagen" in html and "09:30 bis 10:15 Uhr" in html
    assert reverse("residence:appointment_ics", args=[appointment.pk]) in html


def test_the_appointment_form_suggests_the_missing_documents(as_authority, procedure):
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert "Gültiger Pass oder Passersatz\nAufenthaltstitel oder Duldung" in html


def test_an_appointment_in_the_past_is_refused_in_german_and_keeps_the_input(
    as_authority, procedure
):
    yesterday = (today() - timedelta(days=1)).isoformat()
    response = as_authority.post(
        reverse("residence:appointment_new", args=[procedure.pk]),
        _appointment_data(day=yesterday),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Der Termin darf nicht in der Vergangenheit liegen." in html
    assert f'value="{yesterday}"' in html and "Kreishaus, Zimmer 112" in html
    assert not procedure.appointments.exists()


def test_missing_appointment_fields_are_named_in_german(as_authority, procedure):
    response = as_authority.post(
        reverse("residence:appointment_new", args=[procedure.pk]),
        _appointment_data(purpose="", day="", place=""),
    )
    html = response.content.decode()
    assert response.status_code == 422
    for message in (
        "Bitte den Anlass des Termins wählen.",
        "Bitte den Tag angeben.",
        "Bitte den Ort angeben.",
    ):
        assert message in html


def test_cancelling_an_appointment(as_authority, world, procedure):
    appointment = make_appointment(world, procedure)
    url = reverse("residence:appointment_cancel", args=[appointment.pk])
    response = as_authority.post(url, {"reason": "Person krank"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None and appointment.cancel_reason == "Person krank"
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert "abgesagt" in html and "Person krank" in html
    response = as_authority.post(url, follow=True)
    assert "Der Termin ist bereits abgesagt." in response.content.decode()
    assert AuditEvent.objects.filter(action="procedure.appointment_cancel").count() == 1


# --- letters and calendar files -------------------------------------------------------------


def test_the_calendar_file_of_an_appointment_is_audited(as_authority, world, procedure):
    appointment = make_appointment(world, procedure)
    response = as_authority.get(reverse("residence:appointment_ics", args=[appointment.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode().replace("\r\n ", "")
    assert f"UID:{appointment.uid}" in text and "Antragsannahme" in text
    assert "Amira" not in text  # no name in a file that may end up in any calendar
    event = AuditEvent.objects.get(action="procedure.letter")
    assert event.person_id == procedure.person_id
    assert event.changes == {"letter": "invitation", "format": "ics", "appointment": appointment.pk}


def test_the_request_for_missing_documents_as_docx(as_authority, world, procedure):
    from kim.residence.tests.procedure_helpers import docx_text

    deadline = today() + timedelta(days=20)
    response = as_authority.get(
        reverse("residence:missing_letter", args=[procedure.pk]),
        {"frist": deadline.isoformat(), "format": "docx"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Anforderung-')
    text = docx_text(response.content)
    for label in svc.missing_documents(procedure):
        assert label in text
    assert f"bis zum {deadline:%d.%m.%Y}" in text
    assert "Guten Tag Amira Antrag," in text and "Lindenweg 4" in text
    event = AuditEvent.objects.get(action="procedure.letter")
    assert event.changes["format"] == "docx" and event.changes["letter"] == "missing_documents"


def test_the_letter_deadline_defaults_to_four_weeks(as_authority, procedure):
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert f'value="{today() + timedelta(days=28):%Y-%m-%d}"' in html


def test_a_deadline_in_the_past_is_refused_in_german(as_authority, procedure):
    response = as_authority.get(
        reverse("residence:missing_letter", args=[procedure.pk]),
        {"frist": today().isoformat(), "format": "pdf"},
    )
    assert response.status_code == 422
    assert "Die Frist muss nach dem heutigen Tag liegen." in response.content.decode()
    assert not AuditEvent.objects.filter(action="procedure.letter").exists()


def test_no_request_when_nothing_is_missing(as_authority, world, procedure):
    mark_all(world, procedure)
    html = as_authority.get(detail_url(procedure)).content.decode()
    assert "Alle Unterlagen der Checkliste liegen vor" in html
    response = as_authority.get(
        reverse("residence:missing_letter", args=[procedure.pk]),
        {"frist": (today() + timedelta(days=9)).isoformat(), "format": "docx"},
        follow=True,
    )
    assert response.redirect_chain[0][1] == 302
    assert "Es fehlen keine Unterlagen" in response.content.decode()
    assert not AuditEvent.objects.filter(action="procedure.letter").exists()


def test_without_weasyprint_the_pdf_page_offers_the_docx(as_authority, procedure, monkeypatch):
    from kim.reports import pdf

    monkeypatch.setattr(pdf, "unavailable_reason", lambda: "libpango fehlt")
    response = as_authority.get(
        reverse("residence:missing_letter", args=[procedure.pk]),
        {"frist": (today() + timedelta(days=9)).isoformat(), "format": "pdf"},
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "PDF-Erzeugung nicht verfügbar" in html and "format=docx" in html


# --- opening a procedure --------------------------------------------------------------------


def test_the_person_page_offers_the_authority_its_procedures(client, world, procedure):
    client.force_login(world.authority)
    html = client.get(reverse("people:detail", args=[procedure.person_id])).content.decode()
    assert "Verfahren bei der Behörde" in html
    assert detail_url(procedure) in html
    assert reverse("residence:procedure_open", args=[procedure.person_id]) in html


def test_the_person_page_offers_case_managers_no_procedures(client, world):
    person = register_person(world.cm, world.unit_a)
    client.force_login(world.cm)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Verfahren bei der Behörde" not in html


def test_opening_a_procedure(as_authority, world):
    person = register_person(world.authority, world.unit_authority, family_name="Neu")
    url = reverse("residence:procedure_open", args=[person.pk])
    day = today() - timedelta(days=3)
    response = as_authority.post(url, {"kind": "aufenthg25b", "opened_on": day.isoformat()})
    procedure = Procedure.objects.get(person=person)
    assert response.status_code == 302 and response.url == detail_url(procedure)
    assert procedure.kind == "aufenthg25b" and procedure.opened_on == day
    assert procedure.unit == world.unit_authority
    assert AuditEvent.objects.filter(action="procedure.open", person_id=person.pk).exists()


def test_opening_without_a_type_or_with_a_future_date_is_refused_in_german(as_authority, world):
    person = register_person(world.authority, world.unit_authority, family_name="Neu")
    url = reverse("residence:procedure_open", args=[person.pk])
    response = as_authority.post(url, {"opened_on": "2020-02-02"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Bitte die Art des Verfahrens wählen." in html and 'value="2020-02-02"' in html
    future = (today() + timedelta(days=3)).isoformat()
    response = as_authority.post(url, {"kind": "stag10", "opened_on": future})
    assert response.status_code == 422
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    assert not Procedure.objects.filter(person=person).exists()


def test_the_audit_log_names_every_procedure_action_in_german():
    from kim.core.views import AUDIT_ACTIONS

    labels = dict(AUDIT_ACTIONS)
    for action in (
        "procedure.view",
        "procedure.list",
        "procedure.appointment_create",
        "procedure.appointment_cancel",
        "procedure.letter",
    ):
        assert str(labels[action]).startswith(("Verfahren der Behörde", "Liste der Verfahren"))
