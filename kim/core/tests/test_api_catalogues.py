"""The catalogues in the API: every signed-in user reads their own tenant's
fields of action, target groups, barrier categories and text templates, active
ones in the order of the pages, and nothing of another tenant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kim.cases.models import TargetGroup, TextTemplate
from kim.core.models import AuditEvent, FieldOfAction
from kim.planning.models import BarrierCategory

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
CATALOGUES = {
    "fields": FieldOfAction,
    "target-groups": TargetGroup,
    "barrier-categories": BarrierCategory,
    "text-templates": TextTemplate,
}


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def url(name: str) -> str:
    return f"/api/v1/catalogues/{name}/"


def codes(response) -> list[str]:
    return [entry["code"] for entry in response.json()["results"]]


@pytest.mark.parametrize("name", list(CATALOGUES))
@pytest.mark.parametrize("username", USERS)
def test_every_user_reads_the_active_entries_of_their_own_tenant(world, api, username, name):
    model = CATALOGUES[name]
    user = getattr(world, username)
    if name == "fields":  # the world gives only its first tenant fields of action
        for position, code in enumerate(["wohnen", "bildung"], start=1):
            FieldOfAction.objects.create(
                tenant=world.other_tenant, code=code, name=code.title(), position=position
            )
    last = model.objects.filter(tenant=user.tenant).order_by("-position").first()
    model.objects.filter(pk=last.pk).update(active=False)
    expected = list(
        model.objects.filter(tenant=user.tenant, active=True)
        .order_by("position", "name", "id")
        .values_list("code", flat=True)
    )

    response = api(user).get(url(name))

    assert response.status_code == 200
    assert codes(response) == expected
    assert expected  # something to compare
    others = set(model.objects.exclude(tenant=user.tenant).values_list("pk", flat=True))
    assert not others & {model.objects.get(tenant=user.tenant, code=c).pk for c in codes(response)}


def test_entries_come_in_the_order_of_the_pages_and_inactive_ones_on_request(world, api):
    TargetGroup.objects.filter(tenant=world.tenant).delete()
    for code, name, position, active in [
        ("b", "Beta", 2, True),
        ("a2", "Alpha", 1, True),
        ("a1", "Aaron", 1, True),
        ("x", "Alt", 0, False),
    ]:
        TargetGroup.objects.create(
            tenant=world.tenant, code=code, name=name, position=position, active=active
        )
    client = api(world.cm)

    active = client.get(url("target-groups"))
    everything = client.get(url("target-groups"), {"include_inactive": "true"})

    assert codes(active) == ["a1", "a2", "b"]
    assert codes(everything) == ["x", "a1", "a2", "b"]
    assert everything.json()["results"][0] == {
        "code": "x",
        "name": "Alt",
        "position": 0,
        "active": False,
    }


def test_text_templates_come_with_their_text(world, api):
    response = api(world.cm).get(url("text-templates"))

    first = response.json()["results"][0]
    assert set(first) == {"code", "name", "position", "active", "body"}
    assert first["code"] == "erstgespraech"
    assert first["body"].startswith("Anliegen: [ ]")


def test_a_bad_filter_is_refused_in_german(world, api):
    response = api(world.cm).get(url("fields"), {"include_inactive": "vielleicht"})

    assert response.status_code == 400
    assert "include_inactive" in response.json()
    assert "gültig" in str(response.json()["include_inactive"])


@pytest.mark.parametrize("name", list(CATALOGUES))
def test_catalogues_are_closed_to_anonymous_callers(db, api, name):
    assert api().get(url(name)).status_code in (401, 403)


def test_reading_a_catalogue_is_not_audited(world, api):
    for name in CATALOGUES:
        api(world.cm).get(url(name))

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("name", list(CATALOGUES))
def test_a_long_catalogue_costs_as_many_queries_as_a_short_one(world, api, name):
    model = CATALOGUES[name]
    client = api(world.cm)
    client.get(url(name))

    with CaptureQueriesContext(connection) as few:
        client.get(url(name))
    extra = {"body": "Text [ ]"} if model is TextTemplate else {}
    for n in range(30):
        model.objects.create(tenant=world.tenant, code=f"neu-{n}", name=f"Neu {n}", **extra)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(name), {"page_size": 200})

    assert len(response.json()["results"]) >= 30
    assert len(many) == len(few) <= 4
