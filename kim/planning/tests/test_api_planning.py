"""The planning API: assessment versions, goals, actions, evaluation and barriers
of a case (/api/v1/cases/{id}/…); the old barrier counts answer 410.

The case belongs to unit A (`cm` responsible, `lead` leads unit A): both write
its plan while it is open. Everybody else gets 404; a closed case is read-only
(403).
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kim.cases.models import Case
from kim.cases.services import case_close
from kim.core.models import AuditEvent
from kim.planning.models import Action, Assessment, Barrier, Goal, GoalStatusChange
from kim.planning.services import action_create, barrier_flag, goal_create
from kim.planning.tests.conftest import assess, item

USERS = ["cm", "lead", "cm_b", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
WRITERS = {"cm", "lead"}
TODAY = timezone.localdate()


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def url(setting, part: str) -> str:
    return f"/api/v1/cases/{setting.case.pk}/{part}/"


def a_goal(setting, **kwargs) -> Goal:
    kwargs.setdefault("wording", "Deutschkurs B1 abschließen")
    return goal_create(
        actor=setting.actor(),
        case=setting.case,
        field=setting.world.fields[0],
        target_date=kwargs.pop("target_date", date(2026, 9, 30)),
        **kwargs,
    )


def an_action(setting, **kwargs) -> Action:
    return action_create(
        actor=setting.actor(), case=setting.case, what="Anmeldung VHS", who="person", **kwargs
    )


def a_barrier(setting, **kwargs) -> Barrier:
    kwargs.setdefault("category", setting.categories[0])
    return barrier_flag(
        actor=setting.actor(),
        case=setting.case,
        field=setting.world.fields[0],
        legal_domain="sgb2",
        flagged_on=date(2026, 2, 1),
        **kwargs,
    )


def close_case(setting):
    case = Case.objects.get(pk=setting.case.pk)
    case_close(
        actor=setting.actor(),
        case=case,
        version=case.version,
        reason="moved_away",
        summary="verzogen",
    )


# --- permission matrix --------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("part", ["assessments", "goals", "actions", "barriers"])
def test_planning_reads_are_for_those_who_see_the_case(setting, api, username, part):
    response = api(getattr(setting.world, username)).get(url(setting, part))

    assert response.status_code == (200 if username in WRITERS else 404)


def write_assessment(client, setting):
    body = {
        "based_on": 0,
        "assessed_on": "2026-02-01",
        "items": [{"field": "sprache", "situation": "A2", "urgency": "high"}],
    }
    response = client.post(url(setting, "assessments"), body, format="json")
    return response, Assessment.objects.filter(case=setting.case).exists()


def write_goal(client, setting):
    body = {"field": "sprache", "wording": "B1 erreichen", "target_date": "2026-12-31"}
    response = client.post(url(setting, "goals"), body, format="json")
    return response, Goal.objects.filter(case=setting.case).exists()


def write_goal_status(client, setting):
    goal = a_goal(setting)
    response = client.patch(
        f"{url(setting, 'goals')}{goal.pk}/", {"version": 1, "status": "in_progress"}, format="json"
    )
    goal.refresh_from_db()
    return response, goal.status == "in_progress"


def write_evaluation(client, setting):
    goal = a_goal(setting)
    response = client.post(
        f"{url(setting, 'goals')}{goal.pk}/evaluation/",
        {"version": 1, "result": "achieved", "reason": "Zertifikat liegt vor"},
        format="json",
    )
    goal.refresh_from_db()
    return response, goal.evaluation == "achieved"


def write_action(client, setting):
    body = {"what": "Termin Jobcenter", "who": "case_manager", "due_date": "2026-03-01"}
    response = client.post(url(setting, "actions"), body, format="json")
    return response, Action.objects.filter(case=setting.case).exists()


def write_action_done(client, setting):
    action = an_action(setting)
    response = client.patch(
        f"{url(setting, 'actions')}{action.pk}/", {"version": 1, "status": "done"}, format="json"
    )
    action.refresh_from_db()
    return response, action.status == "done"


def write_barrier(client, setting):
    body = {"field": "sprache", "category": setting.categories[0].code, "legal_domain": "sgb2"}
    response = client.post(url(setting, "barriers"), body, format="json")
    return response, Barrier.objects.filter(case=setting.case).exists()


WRITES = {
    "assessment": (write_assessment, 201),
    "goal": (write_goal, 201),
    "goal_status": (write_goal_status, 200),
    "evaluation": (write_evaluation, 200),
    "action": (write_action, 201),
    "action_done": (write_action_done, 200),
    "barrier": (write_barrier, 201),
}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("write", WRITES)
def test_planning_writes_are_for_those_who_document_in_the_case(setting, api, username, write):
    do, success = WRITES[write]

    response, happened = do(api(getattr(setting.world, username)), setting)

    if username in WRITERS:
        assert response.status_code == success, response.content
        assert happened
    else:
        assert response.status_code == 404
        assert not happened


@pytest.mark.parametrize("write", ["assessment", "goal", "action", "barrier"])
def test_the_plan_of_a_closed_case_is_read_only(setting, api, write):
    close_case(setting)

    response, happened = WRITES[write][0](api(setting.world.cm), setting)

    assert response.status_code == 403
    assert not happened


def test_goals_and_actions_of_a_closed_case_are_not_changed(setting, api):
    goal, action = a_goal(setting, status="achieved"), an_action(setting)
    Goal.objects.filter(pk=goal.pk).update(evaluation="achieved", evaluation_reason="ok")
    close_case(setting)
    client = api(setting.world.lead)

    patch = client.patch(f"{url(setting, 'goals')}{goal.pk}/", {"version": 1}, format="json")
    evaluate = client.post(
        f"{url(setting, 'goals')}{goal.pk}/evaluation/",
        {"version": 1, "result": "partly", "reason": "x"},
        format="json",
    )
    done = client.patch(
        f"{url(setting, 'actions')}{action.pk}/", {"version": 1, "status": "done"}, format="json"
    )

    assert (patch.status_code, evaluate.status_code, done.status_code) == (403, 403, 403)


def test_a_goal_of_another_case_is_not_found(setting, api):
    from kim.testing.factories import open_case

    other = open_case(setting.world.cm, setting.person, setting.world.unit_a)
    goal = a_goal(setting)

    response = api(setting.world.cm).get(f"/api/v1/cases/{other.pk}/goals/{goal.pk}/")

    assert response.status_code == 404


# --- assessments ----------------------------------------------------------------------


def test_assessment_versions_latest_and_one_version(setting, api):
    fields = setting.world.fields
    assess(setting, item(fields[0], situation="A1"))
    assess(setting, item(fields[0], situation="A2"), item(fields[1], needs="Anerkennung"))
    client = api(setting.world.cm)

    listed = client.get(url(setting, "assessments")).json()["results"]
    latest = client.get(f"{url(setting, 'assessments')}latest/").json()
    first = client.get(f"{url(setting, 'assessments')}1/").json()

    assert [a["number"] for a in listed] == [2, 1]
    assert [i["field"] for i in listed[0]["items"]] == ["sprache", "arbeit"]
    assert latest["number"] == 2
    assert first["items"] == [
        {"field": "sprache", "situation": "A1", "needs": "", "resources": "", "urgency": "medium"}
    ]
    assert client.get(f"{url(setting, 'assessments')}3/").status_code == 404


def test_a_case_without_assessment_has_no_latest(setting, api):
    assert api(setting.world.cm).get(f"{url(setting, 'assessments')}latest/").status_code == 404


def test_a_new_version_needs_the_newest_as_its_base(setting, api):
    assess(setting, item(setting.world.fields[0], situation="A1"))
    body = {"based_on": 0, "items": [{"field": "sprache", "situation": "B1", "urgency": "low"}]}

    stale = api(setting.world.cm).post(url(setting, "assessments"), body, format="json")
    fresh = api(setting.world.cm).post(
        url(setting, "assessments"), body | {"based_on": 1}, format="json"
    )

    assert stale.status_code == 409
    assert "Fassung 1" in stale.json()["detail"]
    assert stale.json()["current"]["items"][0]["situation"] == "A1"
    assert fresh.status_code == 201, fresh.json()
    assert (fresh.json()["number"], fresh.json()["assessed_on"]) == (2, TODAY.isoformat())


def test_a_barrier_noticed_in_the_assessment_is_flagged_with_it(setting, api):
    body = {
        "based_on": 0,
        "assessed_on": "2026-02-03",
        "items": [{"field": "arbeit", "needs": "Anerkennung", "urgency": "high"}],
        "barrier": {
            "field": "arbeit",
            "category": setting.categories[1].code,
            "legal_domain": "sgb3",
        },
    }

    response = api(setting.world.cm).post(url(setting, "assessments"), body, format="json")

    assert response.status_code == 201, response.json()
    barrier = Barrier.objects.get(case=setting.case)
    assert (barrier.source, barrier.flagged_on) == ("assessment", date(2026, 2, 3))


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({"items": [{"field": "sprache", "situation": "A1"}]}, "items", "Dringlichkeit"),
        ({"items": [{"field": "wohnen", "urgency": "low"}]}, "items", "Unbekanntes Handlungsfeld"),
        ({"items": [{"field": "sprache"}]}, "non_field_errors", "mindestens ein Handlungsfeld"),
        ({"assessed_on": "2999-01-01"}, "assessed_on", "nicht in der Zukunft"),
        ({"based_on": -1}, "based_on", "größer oder gleich 0"),
    ],
)
def test_assessments_are_validated_in_german(setting, api, body, path, message):
    data = {"based_on": 0, "items": [{"field": "sprache", "situation": "x", "urgency": "low"}]}

    response = api(setting.world.cm).post(url(setting, "assessments"), data | body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[path]), response.json()
    assert not Assessment.objects.exists()


# --- goals, actions, evaluation ----------------------------------------------------------


def test_a_status_change_of_a_goal_is_appended_to_its_history(setting, api):
    goal = a_goal(setting)

    response = api(setting.world.cm).patch(
        f"{url(setting, 'goals')}{goal.pk}/", {"version": 1, "status": "in_progress"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [h["status"] for h in body["status_history"]] == ["open", "in_progress"]
    assert (body["wording"], body["version"]) == ("Deutschkurs B1 abschließen", 2)
    assert GoalStatusChange.objects.filter(goal=goal).count() == 2


@pytest.mark.parametrize("kind", ["goals", "actions"])
def test_a_stale_version_gives_409_with_the_current_record(setting, api, kind):
    record = a_goal(setting) if kind == "goals" else an_action(setting)
    client = api(setting.world.lead)
    client.patch(
        f"{url(setting, kind)}{record.pk}/",
        {"version": 1, "status": "obsolete" if kind == "goals" else "cancelled"},
        format="json",
    )

    response = api(setting.world.cm).patch(
        f"{url(setting, kind)}{record.pk}/", {"version": 1, "status": "open"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["version"] == 2
    assert response.json()["current"]["status"] in ("obsolete", "cancelled")
    record.refresh_from_db()
    assert record.version == 2


@pytest.mark.parametrize(
    ("kind", "body", "field", "message"),
    [
        ("goals", {"wording": "x", "target_date": "31.12.2026"}, "target_date", "JJJJ-MM-TT"),
        ("goals", {"target_date": "2026-12-31"}, "wording", "zwingend erforderlich"),
        ("goals", {"wording": "x", "target_date": "2026-12-31", "field": "x"}, "field", "Unbekannt"),
        ("goals", {"wording": "x", "target_date": "2026-12-31", "status": "super"}, "status", "keine gültige Option"),
        ("actions", {"what": "x", "who": "provider"}, "organisation", "Organisation wählen"),
        ("actions", {"what": "x", "who": "person", "goal": 999999}, "goal", "gehört nicht zu dem Fall"),
        ("actions", {"what": "x", "who": "jemand"}, "who", "keine gültige Option"),
    ],
)  # fmt: skip
def test_goals_and_actions_are_validated_in_german(setting, api, kind, body, field, message):
    data = {"field": "sprache"} | body if kind == "goals" else body

    response = api(setting.world.cm).post(url(setting, kind), data, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


def test_an_action_names_its_goal_and_organisation(setting, api):
    from kim.testing.factories import OrganisationFactory

    goal = a_goal(setting)
    jobcenter = OrganisationFactory(tenant=setting.world.tenant, name="Jobcenter Testland")
    foreign = OrganisationFactory(tenant=setting.world.other_tenant, name="Jobcenter Anderswo")
    client = api(setting.world.cm)
    body = {"what": "Termin", "who": "office", "goal": goal.pk}

    created = client.post(
        url(setting, "actions"), body | {"organisation": jobcenter.pk}, format="json"
    )
    refused = client.post(
        url(setting, "actions"), body | {"organisation": foreign.pk}, format="json"
    )

    assert created.status_code == 201, created.json()
    assert (created.json()["goal"], created.json()["organisation_name"]) == (
        goal.pk,
        "Jobcenter Testland",
    )
    assert refused.status_code == 400
    assert refused.json()["organisation"] == ["Diese Organisation gibt es nicht."]


def test_closing_needs_every_goal_evaluated_which_the_api_does_at_once(setting, api):
    goals = [a_goal(setting), a_goal(setting, wording="Wohnung finden")]
    client = api(setting.world.cm)
    close = {"version": setting.case.version, "reason": "moved_away", "summary": "verzogen"}

    refused = client.post(url(setting, "closure"), close, format="json")
    evaluated = client.post(
        url(setting, "goals/evaluation"),
        {
            "evaluations": [
                {"goal": g.pk, "version": 1, "result": "partly", "reason": "Umzug"} for g in goals
            ]
        },
        format="json",
    )
    closed = client.post(url(setting, "closure"), close, format="json")

    assert refused.status_code == 400
    assert "2 Ziele sind noch nicht bewertet" in refused.json()["non_field_errors"][0]
    assert evaluated.status_code == 200, evaluated.json()
    assert [g["evaluation"] for g in evaluated.json()] == ["partly", "partly"]
    assert closed.status_code == 200, closed.json()


def test_evaluating_several_goals_is_all_or_nothing(setting, api):
    first, second = a_goal(setting), a_goal(setting, wording="Wohnung finden")
    api(setting.world.lead).post(
        f"{url(setting, 'goals')}{second.pk}/evaluation/",
        {"version": 1, "result": "achieved", "reason": "gefunden"},
        format="json",
    )

    response = api(setting.world.cm).post(
        url(setting, "goals/evaluation"),
        {
            "evaluations": [
                {"goal": first.pk, "version": 1, "result": "partly", "reason": "x"},
                {"goal": second.pk, "version": 1, "result": "partly", "reason": "x"},
            ]
        },
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["current"]["id"] == second.pk
    first.refresh_from_db()
    assert first.evaluation == ""


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"reason": " "}, "reason", "Bitte begründen Sie die Bewertung."),
        ({"result": None}, "result", "null"),
        ({"result": "toll"}, "result", "keine gültige Option"),
        ({"evaluated_on": "2999-01-01"}, "evaluated_on", "nicht in der Zukunft"),
    ],
)
def test_an_evaluation_is_validated_in_german(setting, api, body, field, message):
    goal = a_goal(setting)
    data = {"version": 1, "result": "achieved", "reason": "ok"} | body

    response = api(setting.world.cm).post(
        f"{url(setting, 'goals')}{goal.pk}/evaluation/", data, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


# --- barriers -------------------------------------------------------------------------


def test_a_barrier_is_flagged_and_listed(setting, api):
    client = api(setting.world.cm)

    created = client.post(
        url(setting, "barriers"),
        {
            "field": "arbeit",
            "category": setting.categories[0].code,
            "legal_domain": "sgb3",
            "description": "Anerkennung dauert",
        },
        format="json",
    )
    listed = client.get(url(setting, "barriers")).json()["results"]

    assert created.status_code == 201, created.json()
    assert (created.json()["source"], created.json()["flagged_on"]) == ("other", TODAY.isoformat())
    assert [b["id"] for b in listed] == [created.json()["id"]]
    assert listed[0]["category"] == setting.categories[0].code


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"category": "unbekannt"}, "category", "Unbekannte Art der Hürde"),
        ({"legal_domain": "sgb99"}, "legal_domain", "keine gültige Option"),
        ({"flagged_on": (TODAY + timedelta(days=1)).isoformat()}, "flagged_on", "Zukunft"),
        ({"field": None}, "field", "null"),
    ],
)
def test_barriers_are_validated_in_german(setting, api, body, field, message):
    data = {"field": "sprache", "category": setting.categories[0].code, "legal_domain": "sgb2"}

    response = api(setting.world.cm).post(url(setting, "barriers"), data | body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()


COUNTS = "/api/v1/barriers/counts/"


@pytest.mark.parametrize("username", USERS)
def test_the_old_barrier_counts_are_gone_and_point_to_the_steering_table(setting, api, username):
    # Free date ranges let two overlapping counts be subtracted: small numbers came back.
    a_barrier(setting)

    response = api(getattr(setting.world, username)).get(
        COUNTS, {"since": "2026-01-01", "until": "2026-01-31"}
    )

    assert response.status_code == 410
    assert "/api/v1/steering/barriers/" in response.json()["detail"]
    assert "Zeiträumen" in response.json()["detail"]
    assert response["Link"] == '</api/v1/steering/barriers/>; rel="successor-version"'


# --- audit ----------------------------------------------------------------------------


def test_planning_reads_are_audited(setting, api):
    goal, action, barrier = a_goal(setting), an_action(setting), a_barrier(setting)
    version = assess(setting, item(setting.world.fields[0], situation="A1"))
    client = api(setting.world.cm)
    for path in ["goals", f"goals/{goal.pk}", "actions", f"actions/{action.pk}", "barriers"]:
        client.get(url(setting, path))
    client.get(url(setting, "assessments"))
    client.get(url(setting, "assessments/latest"))

    def event(action_name, **filters):
        return AuditEvent.objects.get(action=action_name, channel="api", **filters)

    person = setting.person.pk
    assert event("goal.view", object_type="case").changes == {"ids": [goal.pk]}
    assert event("goal.view", object_type="goal").object_id == goal.pk
    assert event("action.view", object_type="case").changes == {"ids": [action.pk]}
    assert event("action.view", object_type="action").object_id == action.pk
    assert event("case.view").changes == {"ids": [], "barriers": [barrier.pk]}
    assert event("assessment.view", object_type="case").changes == {"ids": [version.pk]}
    assert event("assessment.view", object_type="assessment").object_id == version.pk
    assert set(AuditEvent.objects.filter(channel="api").values_list("person_id", flat=True)) == {
        person
    }


@pytest.mark.parametrize(
    ("write", "action"),
    [
        ("assessment", "assessment.create"),
        ("goal", "goal.create"),
        ("goal_status", "goal.update"),
        ("evaluation", "goal.evaluate"),
        ("action", "action.create"),
        ("action_done", "action.update"),
        ("barrier", "barrier.flag"),
    ],
)
def test_planning_writes_are_audited_by_the_services(setting, api, write, action):
    WRITES[write][0](api(setting.world.cm), setting)

    assert AuditEvent.objects.get(action=action, channel="api").person_id == setting.person.pk


def test_outsiders_leave_no_events(setting, api):
    for part in ["assessments", "goals", "actions", "barriers"]:
        api(setting.world.outsider).get(url(setting, part))

    assert not AuditEvent.objects.filter(actor=setting.world.outsider).exists()


# --- query counts ----------------------------------------------------------------------


def make_rows(setting, kind: str, rows: int):
    fields = setting.world.fields
    for n in range(rows):
        if kind == "goals":
            a_goal(setting, wording=f"Ziel {n}")
        elif kind == "actions":
            an_action(setting, goal=None)
        elif kind == "barriers":
            a_barrier(setting)
        else:
            assess(setting, item(fields[0], situation=f"S{n}"), item(fields[1], needs=f"N{n}"))


@pytest.mark.parametrize("rows", [2, 15])
@pytest.mark.parametrize("kind", ["goals", "actions", "barriers", "assessments"])
def test_planning_lists_need_a_bounded_number_of_queries(
    setting, api, django_assert_max_num_queries, kind, rows
):
    make_rows(setting, kind, rows)
    client = api(setting.world.cm)

    with django_assert_max_num_queries(7):
        response = client.get(url(setting, kind))

    assert len(response.json()["results"]) == rows
