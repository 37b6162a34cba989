"""Appointments of a procedure (created and cancelled through the services, validated in
German), their calendar files, and the letters to the person as PDF and DOCX."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.residence import appointments, letters
from kim.residence import procedures as svc
from kim.residence.models import Procedure
from kim.residence.tests.procedure_helpers import (
    docx_text,
    make_appointment,
    next_week_at,
    open_procedure,
)
from kim.testing.factories import register_person


@pytest.fixture
def procedure(world):
    return open_procedure(world)


def test_an_appointment_is_validated_in_german(world, procedure):
    starts = next_week_at(10)
    with pytest.raises(ValidationError) as error:
        make_appointment(
            world,
            procedure,
            starts_at=timezone.now() - timedelta(hours=1),
            ends_at=timezone.now() - timedelta(hours=2),
            place=" ",
            purpose="party",
        )
    assert error.value.message_dict == {
        "starts_at": ["Der Termin darf nicht in der Vergangenheit liegen."],
        "ends_at": ["Das Ende muss nach dem Beginn liegen."],
        "place": ["Bitte den Ort angeben."],
        "purpose": ["Bitte den Anlass des Termins wählen."],
    }
    with pytest.raises(ValidationError) as error:
        make_appointment(world, procedure, starts_at=starts, ends_at=starts)
    assert error.value.message_dict == {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}
    assert not procedure.appointments.exists()


def test_a_finished_procedure_takes_no_new_appointments(world, procedure):
    svc.procedure_move(
        actor=get_actor(world.authority),
        procedure=procedure,
        version=procedure.version,
        to=Procedure.Stage.WITHDRAWN,
        note="zurückgenommen",
    )
    procedure.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        make_appointment(world, procedure)
    assert "abgeschlossen" in error.value.messages[0]


@pytest.mark.parametrize("username", ["cm", "coordination", "outsider"])
def test_only_the_authority_makes_and_cancels_appointments(world, procedure, username):
    appointment = make_appointment(world, procedure)
    actor = get_actor(getattr(world, username))
    with pytest.raises(NotAllowed):
        appointments.appointment_create(
            actor=actor,
            procedure=procedure,
            purpose="application",
            starts_at=next_week_at(9),
            ends_at=next_week_at(10),
            place="Kreishaus",
        )
    with pytest.raises(NotAllowed):
        appointments.appointment_cancel(actor=actor, appointment=appointment)


def test_a_cancelled_appointment_cannot_be_cancelled_again(world, procedure):
    appointment = make_appointment(world, procedure)
    actor = get_actor(world.authority)
    appointments.appointment_cancel(actor=actor, appointment=appointment, reason="krank")
    with pytest.raises(ValidationError) as error:
        appointments.appointment_cancel(actor=actor, appointment=appointment)
    assert error.value.messages == ["Der Termin ist bereits abgesagt."]


def test_the_calendar_file_is_valid_and_marks_a_cancellation(world, procedure):
    appointment = make_appointment(world, procedure, place="Kreishaus, Zimmer 3; EG")
    text = appointments.appointment_ics(appointment, "Ausländerbehörde")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Termin bei Ausländerbehörde: Antragsannahme" in unfolded
    assert "LOCATION:Kreishaus\\, Zimmer 3\\; EG" in unfolded
    assert "Bitte mitbringen:\\nGültiger Pass\\nGeburtsurkunde" in unfolded
    assert "STATUS:CONFIRMED" in unfolded
    appointments.appointment_cancel(actor=get_actor(world.authority), appointment=appointment)
    appointment.refresh_from_db()
    cancelled = appointments.appointment_ics(appointment, "Ausländerbehörde")
    assert "STATUS:CANCELLED" in cancelled and "SEQUENCE:1" in cancelled
    assert f"UID:{appointment.uid}" in cancelled.replace("\r\n ", "")


def test_the_request_for_documents_is_a_letter_to_the_person(world, procedure):
    deadline = timezone.localdate() + timedelta(days=28)
    letter = letters.missing_documents_letter(
        get_actor(world.authority),
        procedure,
        missing=svc.missing_documents(procedure),
        deadline=deadline,
    )
    assert letter.recipient == ["Amira Antrag", "Lindenweg 4", "12345 Testhausen"]
    assert letter.sender_line == "Kreis Testland · Ausländerbehörde"
    assert letter.salutation == "Guten Tag Amira Antrag,"
    assert letter.subject == "Ihr Antrag auf Einbürgerung nach § 10 StAG – fehlende Unterlagen"
    assert dict(letter.particulars)["Unser Zeichen"] == f"ABH-{procedure.pk}"
    text = docx_text(letters.letter_docx(letter))
    for label in svc.missing_documents(procedure):
        assert label in text
    assert f"bis zum {deadline:%d.%m.%Y}" in text
    assert "Mit freundlichen Grüßen" in text and "Im Auftrag" in text
    assert world.authority.get_full_name() in text


def test_without_an_address_the_letter_names_only_the_person(world):
    person = register_person(world.authority, world.unit_authority, family_name="Ohne")
    procedure = svc.procedure_open(
        actor=get_actor(world.authority),
        person=person,
        unit=world.unit_authority,
        kind=Procedure.Kind.YOUNG,
    )
    letter = letters.missing_documents_letter(
        get_actor(world.authority),
        procedure,
        missing=["Geburtsurkunde"],
        deadline=timezone.localdate() + timedelta(days=3),
    )
    assert letter.recipient == ["Erika Ohne"]


def test_the_invitation_letter_says_when_where_and_what_to_bring(client, world, procedure):
    appointment = make_appointment(world, procedure, starts_at=next_week_at(9, 30))
    client.force_login(world.authority)
    response = client.get(reverse("residence:appointment_letter", args=[appointment.pk, "docx"]))
    assert response.status_code == 200
    text = docx_text(response.content)
    starts = timezone.localtime(appointment.starts_at)
    assert f"Einladung: Antragsannahme am {starts:%d.%m.%Y} um 09:30 Uhr" in text
    assert "09:30 bis 10:00 Uhr" in text
    assert "Kreishaus, Am Markt 1, Zimmer 112" in text
    assert "Gültiger Pass" in text and "Geburtsurkunde" in text


def test_a_cancelled_appointment_has_no_invitation(client, world, procedure):
    appointment = make_appointment(world, procedure)
    appointments.appointment_cancel(actor=get_actor(world.authority), appointment=appointment)
    client.force_login(world.authority)
    url = reverse("residence:appointment_letter", args=[appointment.pk, "pdf"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("which", ["missing", "invitation"])
def test_the_letters_as_pdf(client, world, procedure, which):
    from kim.reports.tests.conftest import extract_text
    from kim.testing.weasyprint import require_weasyprint

    require_weasyprint()
    client.force_login(world.authority)
    if which == "missing":
        deadline = timezone.localdate() + timedelta(days=28)
        response = client.get(
            reverse("residence:missing_letter", args=[procedure.pk]),
            {"frist": deadline.isoformat(), "format": "pdf"},
        )
        expected = ["fehlende Unterlagen", "Gültiger Pass oder Passersatz", f"{deadline:%d.%m.%Y}"]
    else:
        appointment = make_appointment(world, procedure)
        response = client.get(reverse("residence:appointment_letter", args=[appointment.pk, "pdf"]))
        expected = ["Einladung: Antragsannahme", "Kreishaus, Am Markt 1, Zimmer 112"]
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = extract_text(response.content)
    for part in [*expected, "Guten Tag Amira Antrag,", "Mit freundlichen Grüßen"]:
        assert part in text
