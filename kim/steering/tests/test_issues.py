"""Structural issues: the coordination makes them from barrier counts and follows them
along their path; team leads read them; a case manager reads those their own barrier
reports fed; nobody reaches a person or a case through them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent
from kim.steering.issue_states import PATH, Status, allowed_transitions
from kim.steering.issues import issue_add_note, issue_create, issue_move, visible_issues
from kim.steering.models import StructuralIssue


@pytest.fixture
def issue(counted):
    world = counted.world
    return issue_create(
        actor=get_actor(world.coordination),
        title="Lange Wartezeiten beim Jobcenter",
        description="Termine erst nach acht Wochen; Leistungen setzen aus.",
        owner=world.coordination,
        categories=[counted.categories["wartezeit"]],
        fields=[counted.work],
        legal_domains=["sgb2"],
        evidence_year=2026,
    )


def move(issue, to, user, **kwargs):
    issue.refresh_from_db()
    return issue_move(actor=get_actor(user), issue=issue, version=issue.version, to=to, **kwargs)


# --- the path ---------------------------------------------------------------------------


def test_the_path_goes_forward_one_step_at_a_time_and_may_end_in_rejection():
    for status in PATH[:-1]:
        following = PATH[PATH.index(status) + 1]
        assert allowed_transitions(status) == [following, Status.REJECTED]
    assert allowed_transitions(Status.IMPLEMENTED) == []
    assert allowed_transitions(Status.REJECTED) == []


def test_an_issue_walks_its_path_with_date_who_and_note(counted, issue):
    coordination = counted.world.coordination
    assert [s.status for s in issue.steps.all()] == [Status.REPORTED]
    move(issue, Status.REVIEWED, coordination)
    move(issue, Status.PRIORITISED, coordination, note="Steuerungsgruppe 03/2026")
    with pytest.raises(ValidationError) as error:
        move(issue, Status.IN_WORK, coordination)
    assert "Arbeitsgruppe" in str(error.value)
    move(issue, Status.IN_WORK, coordination, work="AG Existenzsicherung")
    move(issue, Status.RECOMMENDATION, coordination)
    with pytest.raises(ValidationError):
        move(issue, Status.DECIDED, coordination)
    move(issue, Status.DECIDED, coordination, note="Sprechstunde für Neuzugewanderte")
    move(issue, Status.IMPLEMENTED, coordination)
    issue.refresh_from_db()
    assert issue.status == Status.IMPLEMENTED and issue.work == "AG Existenzsicherung"
    steps = list(issue.steps.all())
    assert [s.status for s in steps] == PATH
    assert all(s.changed_by == coordination for s in steps)
    assert steps[2].note == "Steuerungsgruppe 03/2026"
    assert (
        AuditEvent.objects.filter(action="structural_issue.move", object_id=issue.pk).count() == 6
    )


def test_a_step_cannot_skip_ahead_or_leave_a_final_state(counted, issue):
    coordination = counted.world.coordination
    with pytest.raises(ValidationError):
        move(issue, Status.DECIDED, coordination, note="x")
    with pytest.raises(ValidationError) as error:
        move(issue, Status.REJECTED, coordination)
    assert "Grund" in str(error.value)
    move(issue, Status.REJECTED, coordination, note="Bundesrecht, kommunal nicht lösbar")
    with pytest.raises(ValidationError):
        move(issue, Status.REVIEWED, coordination)


def test_a_step_in_the_future_and_a_stale_version_are_refused(counted, issue):
    actor = get_actor(counted.world.coordination)
    with pytest.raises(ValidationError):
        issue_move(
            actor=actor,
            issue=issue,
            version=issue.version,
            to=Status.REVIEWED,
            on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(StaleEdit):
        issue_move(actor=actor, issue=issue, version=issue.version + 1, to=Status.REVIEWED)


def test_only_the_coordination_writes_issues(counted, issue):
    for username in ("lead", "cm", "admin", "data_protection", "outsider"):
        actor = get_actor(getattr(counted.world, username))
        with pytest.raises(NotAllowed):
            issue_move(actor=actor, issue=issue, version=issue.version, to=Status.REVIEWED)
        with pytest.raises(NotAllowed):
            issue_add_note(actor=actor, issue=issue, text="x")


# --- evidence ---------------------------------------------------------------------------


def test_the_evidence_keeps_the_counts_as_the_overview_shows_them(counted, issue):
    evidence = issue.evidence
    assert evidence["year"] == 2026 and evidence["threshold"] == 3
    (row,) = evidence["rows"]
    assert row["category"] == "Wartezeit"
    assert row["quarters"][1] == "< 3"  # one barrier in Q2: never stored as "1"
    assert "1" not in row["quarters"] and "2" not in row["quarters"]


# --- who reads --------------------------------------------------------------------------

READERS = {
    "coordination": 200,
    "lead": 200,
    "cm": 200,  # flagged barriers of the category "Wartezeit"
    "cm_b": 200,  # flagged one too (Q2)
    "authority": 404,
    "data_protection": 404,
    "admin": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("username", sorted(READERS))
def test_who_reads_an_issue(client, counted, issue, username):
    client.force_login(getattr(counted.world, username))
    response = client.get(reverse("steering:issue", args=[issue.pk]))
    assert response.status_code == READERS[username]


def test_a_case_manager_reads_only_the_issues_their_barriers_fed(counted, issue):
    world = counted.world
    other = issue_create(
        actor=get_actor(world.coordination),
        title="Wohnraum",
        description="Keine Wohnungen.",
        owner=world.coordination,
        categories=[counted.categories["wohnraum"]],
    )
    assert list(visible_issues(get_actor(world.cm))) == [issue]
    assert set(visible_issues(get_actor(world.lead))) == {issue, other}


WRITES = {"coordination": (302, 302, 200, 302), "lead": (404, 404, 404, 404)}


@pytest.mark.parametrize("username", ["coordination", "lead", "cm", "authority", "outsider"])
def test_who_may_create_move_and_annotate(client, counted, issue, username):
    client.force_login(getattr(counted.world, username))
    create = client.post(
        reverse("steering:issue_new"),
        {
            "title": "Keine Dolmetscher",
            "description": "Beim Gesundheitsamt fehlen Sprachmittler.",
            "owner": counted.world.coordination.pk,
            "categories": [counted.categories["sprachmittlung"].pk],
            "evidence_year": "2026",
        },
    )
    moved = client.post(
        reverse("steering:issue_move", args=[issue.pk, Status.REVIEWED]),
        {"version": issue.version, "on": timezone.localdate().isoformat()},
    )
    noted = client.post(reverse("steering:issue_note", args=[issue.pk]), {"text": "Quelle: AG"})
    edit = client.get(reverse("steering:issue_edit", args=[issue.pk]))
    expected = (302, 302, 302, 200) if username == "coordination" else (404, 404, 404, 404)
    assert (create.status_code, moved.status_code, noted.status_code, edit.status_code) == expected
    assert StructuralIssue.objects.count() == (2 if username == "coordination" else 1)


def test_bad_input_gets_german_messages_and_keeps_what_was_typed(client, counted, issue):
    client.force_login(counted.world.coordination)
    response = client.post(
        reverse("steering:issue_new"),
        {"title": "", "description": "Beim Gesundheitsamt fehlen Sprachmittler.", "owner": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "Beim Gesundheitsamt fehlen Sprachmittler." in html
    moved = client.post(
        reverse("steering:issue_move", args=[issue.pk, Status.REVIEWED]),
        {"version": issue.version, "on": "morgen", "note": "mein Text"},
    )
    assert moved.status_code == 422
    assert "mein Text" in moved.content.decode()
    skipped = client.post(
        reverse("steering:issue_move", args=[issue.pk, Status.DECIDED]),
        {"version": issue.version, "on": timezone.localdate().isoformat(), "note": "x"},
    )
    assert skipped.status_code == 302
    page = client.get(skipped["Location"]).content.decode()
    assert "Der Schritt „entschieden“ ist vom Stand „gemeldet“ aus nicht möglich." in page


def test_the_overview_leads_the_coordination_to_a_new_issue_with_the_years_counts(client, counted):
    client.force_login(counted.world.coordination)
    overview = client.get(reverse("steering:barriers"), {"jahr": 2026}).content.decode()
    assert reverse("steering:issue_new") in overview
    wait = counted.categories["wartezeit"].pk
    form = client.get(reverse("steering:issue_new"), {"kategorie": wait, "jahr": 2026})
    html = form.content.decode()
    assert f'value="{wait}" checked' in html.replace('" id="', '" checked id="') or (
        form.context["form"].initial["categories"] == [str(wait)]
    )
    assert form.context["form"].initial["evidence_year"] == 2026


def test_the_issue_pages_name_no_person_and_no_case(client, counted, issue):
    client.force_login(counted.world.coordination)
    for url in (reverse("steering:issues"), reverse("steering:issue", args=[issue.pk])):
        html = client.get(url).content.decode()
        for secret in ("Haddad", "Nowak", counted.case.number, "/faelle/", "/personen/"):
            assert secret not in html


def test_the_case_managers_start_page_tells_what_became_of_their_barriers(client, counted, issue):
    move(issue, Status.REVIEWED, counted.world.coordination)
    client.force_login(counted.world.cm)
    html = client.get(reverse("core:start")).content.decode()
    assert "Was aus Ihren gemeldeten Hürden wird" in html
    assert "Lange Wartezeiten beim Jobcenter" in html and "geprüft" in html
    client.force_login(counted.world.authority)
    assert "Lange Wartezeiten" not in client.get(reverse("core:start")).content.decode()


def test_editing_an_issue_keeps_its_history_and_refuses_a_stale_version(client, counted, issue):
    client.force_login(counted.world.coordination)
    data = {
        "title": "Wartezeiten beim Jobcenter",
        "description": issue.description,
        "owner": counted.world.coordination.pk,
        "categories": [counted.categories["wartezeit"].pk],
        "legal_domains": ["sgb2", "sgb12"],
        "version": issue.version,
    }
    saved = client.post(reverse("steering:issue_edit", args=[issue.pk]), data)
    assert saved.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Wartezeiten beim Jobcenter"
    assert issue.legal_domains == ["sgb12", "sgb2"] and list(issue.fields.all()) == []
    assert issue.evidence["rows"][0]["category"] == "Wartezeit"  # evidence stays as taken
    event = AuditEvent.objects.filter(action="structural_issue.update").latest("id")
    assert event.changes["title"] == [
        "Lange Wartezeiten beim Jobcenter",
        "Wartezeiten beim Jobcenter",
    ]
    stale = client.post(
        reverse("steering:issue_edit", args=[issue.pk]), data | {"title": "Noch anders"}
    )
    html = stale.content.decode()
    assert stale.status_code == 200 and "inzwischen geändert" in html
    assert "Noch anders" in html
    issue.refresh_from_db()
    assert issue.title == "Wartezeiten beim Jobcenter"
