"""The coordination's overview: priority themes, open recommendations, upcoming
meetings, own tasks and the barrier trend – with the same numbers as a table, and
never a person."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.core.actor import get_actor
from kim.steering import bodies
from kim.steering.issue_states import Status
from kim.steering.issues import issue_create, issue_move
from kim.steering.models import Body, Recommendation
from kim.steering.recommendations import recommendation_create

URL = reverse("steering:overview")


@pytest.fixture
def setting(counted):
    world = counted.world
    actor = get_actor(world.coordination)
    issue = issue_create(
        actor=actor,
        title="Lange Wartezeiten beim Jobcenter",
        description="Termine erst nach acht Wochen.",
        owner=world.coordination,
        categories=[counted.categories["wartezeit"]],
    )
    for to in (Status.REVIEWED, Status.PRIORITISED):
        issue = issue_move(actor=actor, issue=issue, version=issue.version, to=to)
    body = bodies.body_create(
        actor=actor,
        name="Steuerungsgruppe KIM",
        kind=Body.Kind.STEERING_GROUP,
        purpose="Steuert KIM.",
        started_on=date(2024, 3, 1),
    )
    start = timezone.now() + timedelta(days=5)
    meeting = bodies.meeting_create(
        actor=actor,
        body=body,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Kreishaus",
    )
    bodies.task_add(
        actor=actor,
        meeting=meeting,
        what="Bericht entwerfen",
        owner=world.coordination,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    recommendation_create(
        actor=actor,
        body=body,
        addressee=Recommendation.Addressee.COMMITTEE,
        title="Sprechstunde Jobcenter",
        text="Eine offene Sprechstunde.",
        issues=[issue],
    )
    return counted


@pytest.mark.parametrize(
    ("username", "expected"),
    [("coordination", 200), ("lead", 200), ("cm", 404), ("authority", 404), ("admin", 404)],
)
def test_who_opens_the_overview(client, setting, username, expected):
    client.force_login(getattr(setting.world, username))
    assert client.get(URL).status_code == expected


def test_the_overview_shows_what_needs_the_coordination(client, setting):
    client.force_login(setting.world.coordination)
    html = client.get(URL).content.decode()
    for text in (
        "Lange Wartezeiten beim Jobcenter",
        "Steuerungsgruppe KIM",
        "Sprechstunde Jobcenter",
        "Bericht entwerfen",
        "Hürden je Quartal",
    ):
        assert text in html
    for secret in ("Haddad", "Nowak", setting.case.number, "/faelle/"):
        assert secret not in html


def test_the_overview_costs_the_same_queries_with_more_issues(client, setting):
    client.force_login(setting.world.coordination)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        return len(captured)

    few = queries()
    actor = get_actor(setting.world.coordination)
    for n in range(5):
        issue_create(
            actor=actor,
            title=f"Thema {n}",
            description="x",
            owner=setting.world.coordination,
        )
    assert queries() == few
