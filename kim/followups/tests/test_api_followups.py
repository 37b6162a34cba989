"""The follow-up API: the actor's follow-ups, a unit's for team leads, the open
ones of a case, creating one by hand and marking one done."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.followups.models import FollowUp
from kim.followups.services import followup_create
from kim.testing.factories import open_case, register_person

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
SEES = {"cm", "lead"}  # the case is in unit A
TODAY = timezone.localdate()


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def case(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad")
    return open_case(world.cm, person, world.unit_a)


def due(world, case, *, days=0, assignee=None, title="Rückruf Jobcenter") -> FollowUp:
    return followup_create(
        actor=get_actor(world.cm),
        case=case,
        due_on=TODAY + timedelta(days=days),
        title=title,
        assignee=assignee,
    )


@pytest.mark.parametrize("username", USERS)
def test_own_followups_list_only_what_the_actor_is_assigned(world, case, api, username):
    mine = due(world, case, assignee=world.cm)
    leads = due(world, case, assignee=world.lead, days=-3)

    response = api(getattr(world, username)).get("/api/v1/followups/")

    if username in ("cm", "lead", "cm_b", "outsider"):
        assert response.status_code == 200
        ids = [f["id"] for f in response.json()["results"]]
        assert ids == {"cm": [mine.pk], "lead": [leads.pk]}.get(username, [])
    else:
        assert response.status_code == 403  # no access to cases at all


def test_own_followups_of_the_next_30_days(world, case, api):
    later = due(world, case, days=20)

    due_only = api(world.cm).get("/api/v1/followups/").json()["results"]
    month = api(world.cm).get("/api/v1/followups/", {"period": "30days"}).json()["results"]
    bad = api(world.cm).get("/api/v1/followups/", {"period": "immer"})

    assert (due_only, [f["id"] for f in month]) == ([], [later.pk])
    assert bad.status_code == 400
    assert "keine gültige Option" in bad.json()["period"][0]


@pytest.mark.parametrize("username", USERS)
def test_the_unit_list_is_for_team_leads(world, case, api, username):
    followup = due(world, case, days=-1)

    response = api(getattr(world, username)).get("/api/v1/followups/unit/")

    if username == "lead":
        assert [f["id"] for f in response.json()["results"]] == [followup.pk]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("username", USERS)
def test_followups_of_a_case_are_listed_and_created_where_the_case_is_seen(
    world, case, api, username
):
    due(world, case)
    client = api(getattr(world, username))

    listed = client.get(f"/api/v1/cases/{case.pk}/followups/")
    created = client.post(
        f"/api/v1/cases/{case.pk}/followups/",
        {"title": "Unterlagen nachreichen", "due_on": TODAY.isoformat()},
        format="json",
    )

    if username in SEES:
        assert (listed.status_code, created.status_code) == (200, 201), created.content
        assert created.json()["assignee"] == getattr(world, username).pk
    else:
        assert (listed.status_code, created.status_code) == (404, 404)
    assert FollowUp.objects.count() == (2 if username in SEES else 1)


@pytest.mark.parametrize("username", USERS)
def test_marking_done(world, case, api, username):
    followup = due(world, case)

    response = api(getattr(world, username)).post(
        f"/api/v1/followups/{followup.pk}/done/", {"note": "erledigt"}, format="json"
    )

    followup.refresh_from_db()
    if username in SEES:
        assert response.status_code == 200
        assert (response.json()["done_on"], followup.done_note) == (TODAY.isoformat(), "erledigt")
    else:
        assert response.status_code == 404
        assert followup.done_on is None


def test_a_closed_case_takes_no_new_followups_and_done_ones_stay_done(world, case, api):
    followup = due(world, case)
    api(world.cm).post(f"/api/v1/followups/{followup.pk}/done/", format="json")
    from kim.cases.models import Case

    Case.objects.filter(pk=case.pk).update(status="closed", phase="closed")

    created = api(world.cm).post(
        f"/api/v1/cases/{case.pk}/followups/",
        {"title": "x", "due_on": TODAY.isoformat()},
        format="json",
    )
    again = api(world.cm).post(f"/api/v1/followups/{followup.pk}/done/", format="json")

    assert (created.status_code, again.status_code) == (403, 403)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"due_on": "morgen"}, "due_on", "Kein gültiges Datum"),
        ({"due_on": (TODAY - timedelta(days=400)).isoformat()}, "due_on", "mehr als ein Jahr"),
        ({"title": ""}, "title", "darf nicht leer sein"),
        ({"assignee": "cm_b"}, "assignee", "nicht in der Einheit des Falls"),
    ],
)
def test_creating_is_validated_in_german(world, case, api, body, field, message):
    if body.get("assignee") == "cm_b":
        body = {"assignee": world.cm_b.pk}
    data = {"title": "Rückruf", "due_on": TODAY.isoformat()} | body

    response = api(world.cm).post(f"/api/v1/cases/{case.pk}/followups/", data, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_reads_and_writes_are_audited(world, case, api):
    followup = due(world, case)
    client = api(world.cm)

    client.get("/api/v1/followups/")
    client.get(f"/api/v1/cases/{case.pk}/followups/")
    client.post(f"/api/v1/followups/{followup.pk}/done/", format="json")

    lists = AuditEvent.objects.filter(action="followup.list", channel="api").order_by("id")
    assert [e.changes["ids"] for e in lists] == [[followup.pk], [followup.pk]]
    assert lists[0].changes["person_ids"] == [case.person_id]
    assert lists[1].person_id == case.person_id
    assert AuditEvent.objects.get(action="followup.complete", channel="api").actor == world.cm


@pytest.mark.parametrize("rows", [2, 20])
def test_lists_need_a_bounded_number_of_queries(
    world, case, api, django_assert_max_num_queries, rows
):
    for n in range(rows):
        due(world, case, title=f"WV {n}")
    client = api(world.lead)

    with django_assert_max_num_queries(6):
        unit = client.get("/api/v1/followups/unit/")
    with django_assert_max_num_queries(6):
        of_case = client.get(f"/api/v1/cases/{case.pk}/followups/")

    assert len(unit.json()["results"]) == len(of_case.json()["results"]) == rows
