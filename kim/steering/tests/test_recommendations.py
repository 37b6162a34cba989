"""Recommendations of bodies: drafted, submitted with the paper that carried them,
adopted or rejected (with a reason), implemented; readable by team leads, written by
the coordination; the structural issue shows what the bodies made of it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.steering import bodies
from kim.steering.issues import issue_create
from kim.steering.models import Body, Recommendation
from kim.steering.recommendations import (
    allowed_transitions,
    recommendation_create,
    recommendation_move,
)

Status = Recommendation.Status


@pytest.fixture
def setting(counted):
    world = counted.world
    actor = get_actor(world.coordination)
    counted.body = bodies.body_create(
        actor=actor,
        name="Steuerungsgruppe KIM",
        kind=Body.Kind.STEERING_GROUP,
        purpose="Steuert KIM.",
        started_on=date(2024, 3, 1),
    )
    counted.issue = issue_create(
        actor=actor,
        title="Lange Wartezeiten bei der Ausländerbehörde",
        description="Termine erst nach zehn Wochen.",
        owner=world.coordination,
        categories=[counted.categories["wartezeit"]],
    )
    counted.recommendation = recommendation_create(
        actor=actor,
        body=counted.body,
        addressee=Recommendation.Addressee.ADMINISTRATION,
        title="Online-Terminvergabe",
        text="Die Ausländerbehörde führt eine Online-Terminvergabe ein.",
        issues=[counted.issue],
    )
    return counted


def move(setting, to, **kwargs):
    r = setting.recommendation
    r.refresh_from_db()
    return recommendation_move(
        actor=get_actor(setting.world.coordination),
        recommendation=r,
        version=r.version,
        to=to,
        **kwargs,
    )


def test_the_path_of_a_recommendation():
    assert allowed_transitions(Status.DRAFTED) == [Status.SUBMITTED]
    assert allowed_transitions(Status.SUBMITTED) == [Status.ADOPTED, Status.REJECTED]
    assert allowed_transitions(Status.ADOPTED) == [Status.IMPLEMENTED]
    assert allowed_transitions(Status.REJECTED) == []
    assert allowed_transitions(Status.IMPLEMENTED) == []


def test_a_recommendation_is_followed_to_its_implementation_with_its_papers(setting):
    with pytest.raises(ValidationError) as error:
        move(setting, Status.SUBMITTED)
    assert "Vorlage" in str(error.value)
    move(setting, Status.SUBMITTED, document="Vorlage 0815/2026")
    with pytest.raises(ValidationError):
        move(setting, Status.IMPLEMENTED)
    move(setting, Status.ADOPTED, document="Beschluss Verwaltungsvorstand 12/2026")
    move(setting, Status.IMPLEMENTED, note="Seit dem 1. Oktober online.")
    steps = list(setting.recommendation.steps.all())
    assert [s.status for s in steps] == ["drafted", "submitted", "adopted", "implemented"]
    assert steps[1].document == "Vorlage 0815/2026"
    assert AuditEvent.objects.filter(action="recommendation.move").count() == 3


def test_a_rejection_needs_its_reason(setting):
    move(setting, Status.SUBMITTED, document="Vorlage 0815/2026")
    with pytest.raises(ValidationError) as error:
        move(setting, Status.REJECTED, document="Protokoll Ausschuss 3/2026")
    assert "Grund" in str(error.value)
    move(setting, Status.REJECTED, document="Protokoll 3/2026", note="Keine Haushaltsmittel.")


def test_only_the_coordination_writes_recommendations(setting):
    for username in ("lead", "cm", "admin"):
        with pytest.raises(NotAllowed):
            recommendation_move(
                actor=get_actor(getattr(setting.world, username)),
                recommendation=setting.recommendation,
                version=setting.recommendation.version,
                to=Status.SUBMITTED,
                document="x",
            )


@pytest.mark.parametrize(
    ("username", "expected"),
    [("coordination", 200), ("lead", 200), ("cm", 404), ("authority", 404), ("outsider", 404)],
)
def test_who_reads_recommendations(client, setting, username, expected):
    client.force_login(getattr(setting.world, username))
    for url in (
        reverse("steering:recommendations"),
        reverse("steering:recommendation", args=[setting.recommendation.pk]),
    ):
        assert client.get(url).status_code == expected


def test_the_pages_create_and_move_with_german_messages(client, setting):
    client.force_login(setting.world.coordination)
    new = reverse("steering:recommendation_new", args=[setting.body.pk])
    response = client.post(new, {"title": "", "addressee": "committee", "text": "Mein Text"})
    assert response.status_code == 200
    assert "Mein Text" in response.content.decode()
    created = client.post(
        new, {"title": "Clearingstelle", "addressee": "committee", "text": "Mein Text"}
    )
    assert created.status_code == 302
    url = reverse("steering:recommendation_move", args=[setting.recommendation.pk, "submitted"])
    refused = client.post(
        url, {"version": setting.recommendation.version, "on": timezone.localdate().isoformat()}
    )
    assert refused.status_code == 422
    assert "Bitte die Vorlage oder Drucksache angeben, die sie trug." in refused.content.decode()
    skipped = client.post(
        reverse("steering:recommendation_move", args=[setting.recommendation.pk, "implemented"]),
        {"version": setting.recommendation.version, "on": timezone.localdate().isoformat()},
    )
    assert skipped.status_code == 302
    assert "nicht möglich" in client.get(skipped["Location"]).content.decode()
    client.force_login(setting.world.lead)
    assert client.post(url, {"version": 1, "document": "x"}).status_code == 404


def test_the_issue_shows_what_the_bodies_made_of_it(client, setting):
    meeting = bodies.meeting_create(
        actor=get_actor(setting.world.coordination),
        body=setting.body,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=2),
        place="Kreishaus",
    )
    item = bodies.agenda_item_add(
        actor=get_actor(setting.world.coordination), meeting=meeting, title="", issue=setting.issue
    )
    bodies.agenda_item_record(
        actor=get_actor(setting.world.coordination),
        item=item,
        result="",
        decision="Empfehlung beschlossen.",
    )
    client.force_login(setting.world.coordination)
    page = client.get(reverse("steering:issue", args=[setting.issue.pk])).content.decode()
    assert "In den Gremien" in page and "Empfehlung beschlossen." in page
    assert reverse("steering:recommendation", args=[setting.recommendation.pk]) in page
    # A case manager whose barriers fed the issue sees the outcome, not the body pages.
    client.force_login(setting.world.cm)
    page = client.get(reverse("steering:issue", args=[setting.issue.pk])).content.decode()
    assert "Online-Terminvergabe" in page and "Empfehlung beschlossen." in page
    assert reverse("steering:recommendation", args=[setting.recommendation.pk]) not in page
