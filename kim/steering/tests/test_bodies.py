"""Bodies and meetings: the coordination keeps them, team leads read them, task owners
see and close their tasks; members need no account; the calendar file is valid."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.steering import bodies as svc
from kim.steering.issues import issue_create
from kim.steering.models import Body, BodyMember, Meeting


def at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def setting(counted):
    world = counted.world
    actor = get_actor(world.coordination)
    body = svc.body_create(
        actor=actor,
        name="Steuerungsgruppe KIM",
        kind=Body.Kind.STEERING_GROUP,
        purpose="Steuert die Umsetzung von KIM im Kreis.",
        started_on=date(2024, 3, 1),
    )
    svc.member_add(
        actor=actor,
        body=body,
        name="Dr. Petra Sommerfeld",
        organisation="Sozialdezernat",
        sector=BodyMember.Sector.ADMINISTRATION,
        role="Vorsitz",
        email="vorsitz@kreis.example",
        joined_on=date(2024, 3, 1),
    )
    meeting = svc.meeting_create(
        actor=actor, body=body, starts_at=at(7), ends_at=at(7, 12), place="Kreishaus, Raum 2; 1. OG"
    )
    issue = issue_create(
        actor=actor,
        title="Lange Wartezeiten beim Jobcenter",
        description="Termine erst nach acht Wochen.",
        owner=world.coordination,
        categories=[counted.categories["wartezeit"]],
    )
    counted.body, counted.meeting, counted.issue = body, meeting, issue
    return counted


PAGES = {
    "list": lambda s: reverse("steering:bodies"),
    "body": lambda s: reverse("steering:body", args=[s.body.pk]),
    "meeting": lambda s: reverse("steering:meeting", args=[s.meeting.pk]),
    "ics": lambda s: reverse("steering:meeting_ics", args=[s.meeting.pk]),
    "edit": lambda s: reverse("steering:body_edit", args=[s.body.pk]),
    "new meeting": lambda s: reverse("steering:meeting_new", args=[s.body.pk]),
}
MATRIX = {
    "coordination": dict.fromkeys(PAGES, 200),
    "lead": {"list": 200, "body": 200, "meeting": 200, "ics": 200, "edit": 404, "new meeting": 404},
}


@pytest.mark.parametrize(
    "username", ["coordination", "lead", "cm", "authority", "admin", "outsider"]
)
def test_who_may_open_the_body_pages(client, setting, username):
    client.force_login(getattr(setting.world, username))
    expected = MATRIX.get(username, dict.fromkeys(PAGES, 404))
    got = {page: client.get(url(setting)).status_code for page, url in PAGES.items()}
    assert got == expected


def test_only_the_coordination_writes_bodies_and_meetings(setting):
    for username in ("lead", "cm", "admin", "outsider"):
        actor = get_actor(getattr(setting.world, username))
        with pytest.raises(NotAllowed):
            svc.meeting_create(
                actor=actor, body=setting.body, starts_at=at(9), ends_at=at(9, 11), place="x"
            )
        with pytest.raises(NotAllowed):
            svc.agenda_item_add(actor=actor, meeting=setting.meeting, title="x")


def test_member_email_addresses_are_for_the_coordination_only(client, setting):
    client.force_login(setting.world.lead)
    html = client.get(reverse("steering:body", args=[setting.body.pk])).content.decode()
    assert "Dr. Petra Sommerfeld" in html and "vorsitz@kreis.example" not in html
    client.force_login(setting.world.coordination)
    html = client.get(reverse("steering:body", args=[setting.body.pk])).content.decode()
    assert "vorsitz@kreis.example" in html


def test_a_structural_issue_goes_on_the_agenda_and_gets_a_decision(client, setting):
    client.force_login(setting.world.coordination)
    url = reverse("steering:agenda_add", args=[setting.meeting.pk])
    response = client.post(url, {"issue": setting.issue.pk, "title": ""})
    assert response.status_code == 302
    item = setting.meeting.items.get()
    assert item.title == "Lange Wartezeiten beim Jobcenter" and item.position == 1
    client.post(url, {"title": "Verschiedenes"})
    assert [i.position for i in setting.meeting.items.all()] == [1, 2]
    client.post(
        reverse("steering:agenda_record", args=[item.pk]),
        {"result": "Daten der AG vorgestellt.", "decision": "Sprechstunde ab April."},
    )
    item.refresh_from_db()
    assert item.decision == "Sprechstunde ab April."
    page = client.get(reverse("steering:meeting", args=[setting.meeting.pk])).content.decode()
    assert reverse("steering:issue", args=[setting.issue.pk]) in page
    assert AuditEvent.objects.filter(action="meeting.agenda_record").exists()


def test_bad_meeting_input_gets_german_messages_and_keeps_what_was_typed(client, setting):
    client.force_login(setting.world.coordination)
    response = client.post(
        reverse("steering:meeting_new", args=[setting.body.pk]),
        {"starts_at": "2027-03-04T14:00", "ends_at": "2027-03-04T13:00", "place": "Kreishaus"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in html and "Kreishaus" in html
    empty = client.post(reverse("steering:agenda_add", args=[setting.meeting.pk]), {"title": ""})
    assert empty.status_code == 422
    assert "Bitte den Tagesordnungspunkt benennen." in empty.content.decode()
    with pytest.raises(ValidationError):
        svc.meeting_update(
            actor=get_actor(setting.world.coordination),
            meeting=setting.meeting,
            version=setting.meeting.version,
            starts_at=at(7),
            ends_at=at(7, 12),
            place="Kreishaus",
            state=Meeting.State.HELD,
        )


def test_a_task_shows_up_for_its_owner_who_can_close_it(client, setting):
    lead = setting.world.lead
    client.force_login(setting.world.coordination)
    client.post(
        reverse("steering:task_add", args=[setting.meeting.pk]),
        {"what": "Zahlen der Clearingstelle einholen", "owner": lead.pk, "due_on": "2027-01-15"},
    )
    task = setting.meeting.tasks.get()
    client.force_login(setting.world.cm)
    assert "Zahlen der Clearingstelle" not in client.get(reverse("core:start")).content.decode()
    assert client.post(reverse("steering:task_done", args=[task.pk])).status_code == 404
    client.force_login(lead)
    start = client.get(reverse("core:start")).content.decode()
    assert "Ihre Aufgaben aus Gremien" in start and "Zahlen der Clearingstelle" in start
    assert client.post(reverse("steering:task_done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    client.get(reverse("core:start"))  # shows the confirmation once
    assert "Ihre Aufgaben aus Gremien" not in client.get(reverse("core:start")).content.decode()


def test_a_task_needs_someone_to_do_it(setting):
    with pytest.raises(ValidationError) as error:
        svc.task_add(
            actor=get_actor(setting.world.coordination),
            meeting=setting.meeting,
            what="Bericht schreiben",
            due_on=date(2027, 1, 1),
        )
    assert "owner" in error.value.message_dict


def test_the_calendar_file_is_a_valid_invitation(client, setting):
    svc.agenda_item_add(
        actor=get_actor(setting.world.coordination), meeting=setting.meeting, title="Begrüßung"
    )
    client.force_login(setting.world.lead)
    response = client.get(reverse("steering:meeting_ics", args=[setting.meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].endswith('.ics"')
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    from datetime import UTC

    starts = setting.meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{starts}" in unfolded
    assert f"UID:{setting.meeting.uid}" in unfolded
    assert "SUMMARY:Steuerungsgruppe KIM" in unfolded
    assert "LOCATION:Kreishaus\\, Raum 2\\; 1. OG" in unfolded
    assert "1. Begrüßung" in unfolded


def test_the_invitation_pdf_names_the_meeting_the_agenda_and_the_members(client, setting):
    from kim.reports.tests.conftest import extract_text
    from kim.testing.weasyprint import require_weasyprint

    require_weasyprint()
    svc.agenda_item_add(
        actor=get_actor(setting.world.coordination),
        meeting=setting.meeting,
        title="",
        issue=setting.issue,
    )
    client.force_login(setting.world.lead)
    response = client.get(reverse("steering:meeting_invitation", args=[setting.meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Einladung-')
    text = extract_text(response.content)
    assert "Einladung zur Sitzung: Steuerungsgruppe KIM" in text
    assert "Kreishaus, Raum 2; 1. OG" in text
    assert (
        "1. Lange Wartezeiten beim Jobcenter" in text or "Lange Wartezeiten beim Jobcenter" in text
    )
    assert "Dr. Petra Sommerfeld" in text
    client.force_login(setting.world.cm)
    assert (
        client.get(reverse("steering:meeting_invitation", args=[setting.meeting.pk])).status_code
        == 404
    )


def test_without_pdf_libraries_the_invitation_page_says_so(client, setting, monkeypatch):
    from kim.reports import pdf

    monkeypatch.setattr(pdf, "unavailable_reason", lambda: "libpango fehlt")
    client.force_login(setting.world.coordination)
    response = client.get(reverse("steering:meeting_invitation", args=[setting.meeting.pk]))
    assert response.status_code == 503
    assert "Die Einladung kann gerade nicht als PDF erstellt werden." in response.content.decode()


def test_editing_a_body_refuses_a_stale_version_and_keeps_the_input(client, setting):
    client.force_login(setting.world.coordination)
    url = reverse("steering:body_edit", args=[setting.body.pk])
    data = {
        "name": "Steuerungsgruppe Integration",
        "kind": Body.Kind.STEERING_GROUP,
        "purpose": "Steuert KIM.",
        "started_on": "2024-03-01",
        "state": Body.State.ACTIVE,
        "version": setting.body.version,
    }
    assert client.post(url, data).status_code == 302
    setting.body.refresh_from_db()
    assert setting.body.name == "Steuerungsgruppe Integration"
    stale = client.post(url, data | {"name": "Noch ein Name"})
    html = stale.content.decode()
    assert stale.status_code == 200 and "inzwischen geändert" in html and "Noch ein Name" in html


def test_a_held_meeting_gets_its_minutes(client, setting):
    past = svc.meeting_create(
        actor=get_actor(setting.world.coordination),
        body=setting.body,
        starts_at=at(-7),
        ends_at=at(-7, 12),
        place="Kreishaus",
    )
    client.force_login(setting.world.coordination)
    response = client.post(
        reverse("steering:meeting_edit", args=[past.pk]),
        {
            "starts_at": timezone.localtime(past.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(past.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "place": "Kreishaus",
            "state": Meeting.State.HELD,
            "minutes": "Beschlüsse siehe Tagesordnung.",
            "version": past.version,
        },
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.state == Meeting.State.HELD and past.minutes == "Beschlüsse siehe Tagesordnung."
