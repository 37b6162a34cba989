"""The steering API (/api/v1/steering/…): the same data as the pages, for the same
people. A part of the steering level that is not the actor's answers 403 (the page:
404), a record outside their view 404; the barrier table is the page's table."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.steering import bodies
from kim.steering.issues import issue_create
from kim.steering.models import Body, BodyMember, Recommendation
from kim.steering.recommendations import recommendation_create
from kim.steering.reconstructions import (
    reconstruction_release,
    reconstruction_save,
    reconstruction_start,
    request_create,
)
from kim.testing.factories import UnitFactory, UserFactory, member

API = "/api/v1/steering"


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


class Steering:
    """On top of `counted`: two issues (waiting times, fed by `cm` and `cm_b`; language
    mediation, fed by `cm_b` only), a body with members, a meeting with the waiting issue
    on its agenda and a task, a recommendation, one released and one draft
    reconstruction; a partner, a body member without rights, and the other tenant's
    coordination with an issue and a body of its own."""

    def __init__(self, counted):
        self.counted = counted
        world = self.world = counted.world
        coordination = get_actor(world.coordination)
        self.waiting = issue_create(
            actor=coordination,
            title="Lange Wartezeiten",
            description="Termine erst nach acht Wochen.",
            owner=world.coordination,
            categories=[counted.categories["wartezeit"]],
            fields=[counted.work],
            legal_domains=["sgb2"],
            evidence_year=2026,
        )
        self.language = issue_create(
            actor=coordination,
            title="Keine Sprachmittlung",
            description="Gespräche ohne Dolmetscher.",
            owner=world.coordination,
            categories=[counted.categories["sprachmittlung"]],
        )
        self.body = bodies.body_create(
            actor=coordination,
            name="Steuerungsgruppe",
            kind=Body.Kind.STEERING_GROUP,
            purpose="Steuert die Integrationsarbeit.",
            started_on=date(2024, 1, 1),
        )
        self.member = bodies.member_add(
            actor=coordination,
            body=self.body,
            name="Dr. Petra Vorsitz",
            sector=BodyMember.Sector.ADMINISTRATION,
            joined_on=date(2024, 1, 1),
            role="Vorsitz",
            email="vorsitz@kreis.example",
        )
        start = timezone.now() + timedelta(days=3)
        self.meeting = bodies.meeting_create(
            actor=coordination,
            body=self.body,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Kreishaus",
        )
        self.item = bodies.agenda_item_add(
            actor=coordination, meeting=self.meeting, title="", issue=self.waiting
        )
        bodies.agenda_item_record(
            actor=coordination,
            item=self.item,
            result="Sprechstunde wird geprüft.",
            decision="Die AG Existenzsicherung legt einen Vorschlag vor.",
        )
        bodies.task_add(
            actor=coordination,
            meeting=self.meeting,
            what="Vorschlag schreiben",
            due_on=date(2026, 12, 1),
            owner_name="Dr. Petra Vorsitz",
            item=self.item,
        )
        self.recommendation = recommendation_create(
            actor=coordination,
            body=self.body,
            addressee=Recommendation.Addressee.COMMITTEE,
            title="Sprechstunde",
            text="Eine Sprechstunde für Neuzugewanderte.",
            issues=[self.waiting],
        )
        self.request = request_create(
            actor=coordination, theme="Wartezeiten", description="Fälle mit Wartezeit."
        )
        Case.objects.filter(pk=counted.case.pk).update(case_manager=world.cm)
        Case.objects.filter(pk=counted.case_b.pk).update(case_manager=world.cm_b)
        author = get_actor(world.cm)
        draft = reconstruction_start(
            actor=author, request=self.request, case=Case.objects.get(pk=counted.case.pk)
        )
        draft = reconstruction_save(
            actor=author,
            reconstruction=draft,
            version=draft.version,
            account="Frau Lina Haddad wartete am 03.03.2026 auf ihren Termin.",
            comments="Eine Sprechstunde hätte geholfen.",
        )
        self.released = reconstruction_release(
            actor=author, reconstruction=draft, version=draft.version
        )
        self.draft = reconstruction_start(
            actor=get_actor(world.cm_b),
            request=self.request,
            case=Case.objects.get(pk=counted.case_b.pk),
        )
        partner_unit = UnitFactory(tenant=world.tenant, name="Beratungsstelle", code="BST")
        self.partner = UserFactory(username="partner", tenant=world.tenant)
        member(self.partner, partner_unit, "partner")
        self.body_member = UserFactory(username="body_member", tenant=world.tenant)
        member(self.body_member, world.unit_coordination, "body_member")
        self.other_coordination = UserFactory(
            username="other_coordination", tenant=world.other_tenant
        )
        member(self.other_coordination, world.unit_other, "coordination")
        other = get_actor(self.other_coordination)
        self.other_issue = issue_create(
            actor=other, title="Anderswo", description="Anderswo.", owner=self.other_coordination
        )
        self.other_body = bodies.body_create(
            actor=other,
            name="Lenkungskreis Anderswo",
            kind=Body.Kind.STEERING_CIRCLE,
            purpose="Anderswo.",
            started_on=date(2025, 1, 1),
        )

    def user(self, name):
        return getattr(self, name, None) or getattr(self.world, name)


@pytest.fixture
def steering(counted):
    return Steering(counted)


USERS = [
    "coordination",
    "lead",
    "cm",
    "cm_b",
    "authority",
    "data_protection",
    "admin",
    "partner",
    "body_member",
    "other_coordination",
    "outsider",
]
READERS = {"coordination", "lead"}  # read the whole steering level of their tenant
FED = {"cm", "cm_b"}  # their barriers fed the waiting-times issue


def expected(endpoint: str, username: str) -> int:
    """The answer the matrix wants: 200 for whom the page opens, 404 for another tenant's
    record, 403 for whom the part is closed."""
    kind, _sep, detail = endpoint.partition(":")
    other = username == "other_coordination"
    if kind == "barriers":
        return 200 if username in READERS or other else 403
    if kind == "reconstructions":
        allowed = username == "coordination" or other
    elif kind == "issues":
        allowed = username in READERS | FED or other
    else:
        allowed = username in READERS or other
    if not allowed:
        return 403
    return 404 if detail and other else 200


def endpoint_url(steering, endpoint: str) -> str:
    kind, _sep, detail = endpoint.partition(":")
    if not detail:
        return f"{API}/{kind}/"
    pk = {
        "issues": steering.waiting.pk,
        "bodies": steering.body.pk,
        "meetings": steering.meeting.pk,
        "recommendations": steering.recommendation.pk,
        "reconstructions": steering.released.pk,
    }[kind]
    return f"{API}/{kind}/{pk}/"


ENDPOINTS = [
    "barriers",
    *(
        f"{kind}{suffix}"
        for kind in ("issues", "bodies", "meetings", "recommendations", "reconstructions")
        for suffix in ("", ":detail")
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_permission_matrix_of_every_steering_endpoint(steering, api, endpoint):
    answers = {
        username: api(steering.user(username)).get(endpoint_url(steering, endpoint)).status_code
        for username in USERS
    }

    assert answers == {username: expected(endpoint, username) for username in USERS}


def test_without_login_the_api_answers_401_or_403(steering):
    for endpoint in ENDPOINTS:
        assert APIClient().get(endpoint_url(steering, endpoint)).status_code in (401, 403)


PAGES = {
    "barriers": ("steering:barriers", None),
    "issues": ("steering:issues", None),
    "issues:detail": ("steering:issue", "waiting"),
    "bodies": ("steering:bodies", None),
    "bodies:detail": ("steering:body", "body"),
    "meetings:detail": ("steering:meeting", "meeting"),
    "recommendations": ("steering:recommendations", None),
    "recommendations:detail": ("steering:recommendation", "recommendation"),
}


@pytest.mark.parametrize("endpoint", sorted(PAGES))
def test_the_api_opens_to_whom_the_page_opens(steering, client, api, endpoint):
    name, attribute = PAGES[endpoint]
    page = reverse(name, args=[getattr(steering, attribute).pk] if attribute else [])
    for username in USERS:
        user = steering.user(username)
        client.force_login(user)
        page_opens = client.get(page).status_code == 200
        api_opens = api(user).get(endpoint_url(steering, endpoint)).status_code == 200
        assert page_opens == api_opens, (endpoint, username)


def test_a_case_manager_reads_only_the_issues_their_barriers_fed(steering, api):
    client = api(steering.world.cm)

    listed = client.get(f"{API}/issues/").json()
    other = client.get(f"{API}/issues/{steering.language.pk}/")

    assert [row["id"] for row in listed["results"]] == [steering.waiting.pk]
    assert other.status_code == 404
    fed_both = api(steering.world.cm_b).get(f"{API}/issues/").json()
    assert {row["id"] for row in fed_both["results"]} == {
        steering.waiting.pk,
        steering.language.pk,
    }


def test_every_list_keeps_to_the_actors_tenant(steering, api):
    ours = api(steering.world.coordination)
    theirs = api(steering.other_coordination)

    assert {r["id"] for r in ours.get(f"{API}/issues/").json()["results"]} == {
        steering.waiting.pk,
        steering.language.pk,
    }
    assert [r["id"] for r in theirs.get(f"{API}/issues/").json()["results"]] == [
        steering.other_issue.pk
    ]
    assert [r["id"] for r in theirs.get(f"{API}/bodies/").json()["results"]] == [
        steering.other_body.pk
    ]
    for kind in ("meetings", "recommendations", "reconstructions"):
        assert theirs.get(f"{API}/{kind}/").json()["results"] == [], kind
    assert api(steering.world.coordination).get(
        f"{API}/bodies/{steering.other_body.pk}/"
    ).status_code == (404)
    assert theirs.get(f"{API}/barriers/", {"year": 2026}).json()["total"]["text"] == "< 5"


# --- issues ------------------------------------------------------------------------------


def test_an_issue_reads_as_on_its_page(steering, api):
    body = api(steering.world.coordination).get(f"{API}/issues/{steering.waiting.pk}/").json()

    assert body["title"] == "Lange Wartezeiten"
    assert (body["status"], body["status_label"]) == ("reported", "gemeldet")
    assert body["categories"] == [{"code": "wartezeit", "name": "Wartezeit"}]
    assert body["fields"] == [{"code": "arbeit", "name": "Arbeit"}]
    assert body["legal_domains"] == [{"code": "sgb2", "name": "SGB II (Jobcenter)"}]
    assert body["owner_name"] == (
        steering.world.coordination.get_full_name() or steering.world.coordination.username
    )
    assert body["evidence"]["year"] == 2026
    assert body["evidence"]["rows"][0]["category"] == "Wartezeit"
    assert [s["status"] for s in body["steps"]] == ["reported"]
    assert body["agenda_items"][0]["decision"].startswith("Die AG Existenzsicherung")
    assert body["agenda_items"][0]["body_name"] == "Steuerungsgruppe"
    assert [r["title"] for r in body["recommendations"]] == ["Sprechstunde"]
    assert body["abilities"] == {"view": True, "change": True, "move": True, "add_note": True}
    assert body["allowed_transitions"] == ["reviewed", "rejected"]


def test_evidence_keeps_the_suppression_the_page_showed(steering, api):
    body = api(steering.world.lead).get(f"{API}/issues/{steering.waiting.pk}/").json()

    row = body["evidence"]["rows"][0]
    # 4 in Q1, 1 in Q2, threshold 3: the small one is "< 3" and one more is withheld.
    assert "< 3" in row["quarters"]
    assert "gesperrt" in [*row["quarters"], row["total"]]
    assert body["abilities"]["change"] is False and body["allowed_transitions"] == []


def test_issues_filter_by_status_and_refuse_an_unknown_one_in_german(steering, api):
    client = api(steering.world.coordination)

    reported = client.get(f"{API}/issues/", {"status": "reported"}).json()
    decided = client.get(f"{API}/issues/", {"status": "decided"}).json()
    wrong = client.get(f"{API}/issues/", {"status": "erledigt"})

    assert reported["count"] == 2 and decided["count"] == 0
    assert wrong.status_code == 400
    assert "keine gültige Option" in wrong.json()["status"][0]


def test_an_issue_id_must_be_a_number(steering, api):
    assert api(steering.world.coordination).get(f"{API}/issues/abc/").status_code == 404


# --- bodies and meetings ---------------------------------------------------------------


def test_member_email_only_for_the_coordination(steering, api):
    url = f"{API}/bodies/{steering.body.pk}/"

    managed = api(steering.world.coordination).get(url).json()
    read = api(steering.world.lead).get(url).json()

    assert managed["members"][0]["email"] == "vorsitz@kreis.example"
    assert "email" not in read["members"][0]
    assert read["members"][0]["name"] == "Dr. Petra Vorsitz"
    assert "vorsitz@kreis.example" not in str(read)


def test_a_body_lists_its_meetings_recommendations_and_next_meeting(steering, api):
    bodies_list = api(steering.world.lead).get(f"{API}/bodies/").json()
    body = api(steering.world.lead).get(f"{API}/bodies/{steering.body.pk}/").json()

    assert bodies_list["results"][0]["next_meeting"]["id"] == steering.meeting.pk
    assert [m["id"] for m in body["meetings"]] == [steering.meeting.pk]
    assert [r["title"] for r in body["recommendations"]] == ["Sprechstunde"]
    assert (body["kind"], body["kind_label"]) == ("steering_group", "Steuerungsgruppe")


def test_a_meeting_shows_agenda_results_decisions_tasks_and_minutes(steering, api):
    body = api(steering.world.lead).get(f"{API}/meetings/{steering.meeting.pk}/").json()

    item = body["items"][0]
    assert (item["title"], item["issue"], item["issue_title"]) == (
        "Lange Wartezeiten",
        steering.waiting.pk,
        "Lange Wartezeiten",
    )
    assert item["result"] == "Sprechstunde wird geprüft."
    assert item["decision"].startswith("Die AG Existenzsicherung")
    assert body["tasks"] == [
        {
            "id": body["tasks"][0]["id"],
            "what": "Vorschlag schreiben",
            "owner_name": "Dr. Petra Vorsitz",
            "item": steering.item.pk,
            "due_on": "2026-12-01",
            "done_on": None,
        }
    ]
    assert body["minutes"] == "" and body["body_name"] == "Steuerungsgruppe"


def test_meetings_filter_by_body_and_dates(steering, api):
    client = api(steering.world.coordination)
    day = timezone.localtime(steering.meeting.starts_at).date()

    def ids(**params):
        response = client.get(f"{API}/meetings/", params)
        assert response.status_code == 200, response.json()
        return [m["id"] for m in response.json()["results"]]

    assert ids(body=steering.body.pk) == [steering.meeting.pk]
    assert ids(**{"from": day.isoformat(), "to": day.isoformat()}) == [steering.meeting.pk]
    assert ids(**{"from": (day + timedelta(days=1)).isoformat()}) == []
    assert ids(to=(day - timedelta(days=1)).isoformat()) == []
    assert ids(state="held") == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2026-05-01", "to": "2026-04-01"}, "to", "Ende des Zeitraums"),
        ({"from": "1.5.2026"}, "from", "JJJJ-MM-TT"),
        ({"body": "999999"}, "body", "Unbekanntes Gremium"),
        ({"state": "vertagt"}, "state", "keine gültige Option"),
    ],
)
def test_meeting_filters_are_checked_in_german(steering, api, params, field, message):
    response = api(steering.world.coordination).get(f"{API}/meetings/", params)

    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_another_tenants_body_is_no_filter(steering, api):
    response = api(steering.world.coordination).get(
        f"{API}/meetings/", {"body": steering.other_body.pk}
    )

    assert response.status_code == 400
    assert "Unbekanntes Gremium" in str(response.json()["body"])


# --- recommendations -----------------------------------------------------------------


def test_a_recommendation_shows_its_path_with_the_papers(steering, api):
    from kim.steering.recommendations import recommendation_move

    recommendation_move(
        actor=get_actor(steering.world.coordination),
        recommendation=steering.recommendation,
        version=steering.recommendation.version,
        to=Recommendation.Status.SUBMITTED,
        document="Drucksache 0412/2026",
    )
    client = api(steering.world.lead)

    body = client.get(f"{API}/recommendations/{steering.recommendation.pk}/").json()
    submitted = client.get(f"{API}/recommendations/", {"status": "submitted"}).json()

    assert [s["status"] for s in body["steps"]] == ["drafted", "submitted"]
    assert body["steps"][1]["document"] == "Drucksache 0412/2026"
    assert body["issues"] == [
        {"id": steering.waiting.pk, "title": "Lange Wartezeiten", "status": "reported"}
    ]
    assert (body["addressee"], body["body_name"]) == ("committee", "Steuerungsgruppe")
    assert [r["id"] for r in submitted["results"]] == [steering.recommendation.pk]


# --- reconstructions -------------------------------------------------------------------


def test_the_coordination_reads_only_released_reconstructions_without_case_or_author(steering, api):
    client = api(steering.world.coordination)

    listed = client.get(f"{API}/reconstructions/").json()
    draft = client.get(f"{API}/reconstructions/{steering.draft.pk}/")
    one = client.get(f"{API}/reconstructions/{steering.released.pk}/").json()

    assert [r["id"] for r in listed["results"]] == [steering.released.pk]
    assert draft.status_code == 404
    assert set(one) == {
        "id",
        "request",
        "request_theme",
        "issue",
        "account",
        "comments",
        "released_at",
    }
    assert one["request_theme"] == "Wartezeiten"
    text = str(one)
    cm = steering.world.cm
    for secret in ("Haddad", "Lina", steering.counted.case.number, cm.username):
        assert secret not in text
    if cm.last_name:
        assert cm.last_name not in text


def test_reconstructions_filter_by_request(steering, api):
    client = api(steering.world.coordination)

    mine = client.get(f"{API}/reconstructions/", {"request": steering.request.pk}).json()
    none = client.get(f"{API}/reconstructions/", {"request": steering.request.pk + 1}).json()
    wrong = client.get(f"{API}/reconstructions/", {"request": "alle"})

    assert [r["id"] for r in mine["results"]] == [steering.released.pk]
    assert none["results"] == []
    assert wrong.status_code == 400 and "ID" in str(wrong.json()["request"])


# --- audit -----------------------------------------------------------------------------


def test_reads_leave_no_audit_events_like_the_pages(steering, api):
    """The steering level holds no person's data; its pages do not audit reads."""
    before = AuditEvent.objects.count()
    for username in ("coordination", "lead", "cm"):
        for endpoint in ENDPOINTS:
            api(steering.user(username)).get(endpoint_url(steering, endpoint))

    assert AuditEvent.objects.count() == before


# --- query bounds ----------------------------------------------------------------------


def grow(steering, n: int) -> None:
    """n more of everything: issues with notes, members, meetings with agenda items and
    tasks, recommendations on issues, released reconstructions."""
    from kim.steering.issues import issue_add_note
    from kim.steering.models import CaseReconstruction, ReconstructionRequest

    world = steering.world
    coordination = get_actor(world.coordination)
    categories = list(steering.counted.categories.values())
    for i in range(n):
        issue = issue_create(
            actor=coordination,
            title=f"Thema {i}",
            description="Beschreibung.",
            owner=world.coordination,
            categories=[categories[i % len(categories)], steering.counted.categories["wartezeit"]],
            fields=list(world.fields),
            offices=[world.unit_a.organisation],
        )
        issue_add_note(actor=coordination, issue=steering.waiting, text=f"Notiz {i}")
        issue_add_note(actor=coordination, issue=issue, text=f"Notiz {i}")
        bodies.member_add(
            actor=coordination,
            body=steering.body,
            name=f"Mitglied {i}",
            sector=BodyMember.Sector.WELFARE,
            joined_on=date(2025, 1, 1),
        )
        start = timezone.now() + timedelta(days=10 + i)
        meeting = bodies.meeting_create(
            actor=coordination,
            body=steering.body,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Rathaus",
        )
        bodies.agenda_item_add(actor=coordination, meeting=steering.meeting, title="", issue=issue)
        bodies.agenda_item_add(
            actor=coordination, meeting=meeting, title="", issue=steering.waiting
        )
        bodies.task_add(
            actor=coordination,
            meeting=steering.meeting,
            what=f"Aufgabe {i}",
            due_on=date(2026, 12, 20),
            owner=world.coordination,
        )
        recommendation_create(
            actor=coordination,
            body=steering.body,
            addressee=Recommendation.Addressee.ADMINISTRATION,
            title=f"Empfehlung {i}",
            text="Text.",
            issues=[issue, steering.waiting],
        )
        body = bodies.body_create(
            actor=coordination,
            name=f"AG {i}",
            kind=Body.Kind.WORKING_GROUP,
            purpose="Arbeitet.",
            started_on=date(2025, 1, 1),
        )
        bodies.meeting_create(
            actor=coordination,
            body=body,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Rathaus",
        )
        request = ReconstructionRequest.objects.create(
            tenant=world.tenant,
            theme=f"Anfrage {i}",
            description="…",
            created_by=world.coordination,
        )
        CaseReconstruction.objects.create(
            tenant=world.tenant,
            request=request,
            case=steering.counted.case,
            author=world.cm,
            account="Verlauf.",
            status=CaseReconstruction.Status.RELEASED,
            released_at=timezone.now(),
        )


# Queries per endpoint, whatever the number of rows: the user's session or token and
# actor, the part's check, the rows, one per prefetched relation.
BOUNDS = {
    "issues": 10,
    "issues:detail": 13,  # a case manager's: whether their barriers fed it, twice
    "bodies": 8,
    "bodies:detail": 9,
    "meetings": 7,
    "meetings:detail": 8,
    "recommendations": 7,
    "recommendations:detail": 8,
    "reconstructions": 7,
    "reconstructions:detail": 6,
}


@pytest.mark.parametrize("more", [0, 12])
@pytest.mark.parametrize(
    ("username", "endpoint"),
    [("coordination", endpoint) for endpoint in sorted(BOUNDS)]
    + [("cm", "issues"), ("cm", "issues:detail")],
)
def test_every_endpoint_needs_a_bounded_number_of_queries(
    steering, django_assert_max_num_queries, username, endpoint, more
):
    grow(steering, more)
    client = APIClient()
    client.force_login(steering.user(username))  # the session costs its queries, too

    with django_assert_max_num_queries(BOUNDS[endpoint]):
        response = client.get(endpoint_url(steering, endpoint), {"page_size": 200})

    assert response.status_code == 200
    if more and not endpoint.endswith(":detail"):
        assert response.json()["count"] > more
