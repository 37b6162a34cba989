"""Pages issue a bounded number of queries, independent of how much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.cases.catalogues import seed_target_groups
from kim.cases.services import (
    case_change_phase,
    case_member_add,
    case_record_intake,
    contact_record,
    handover_request,
    handover_withdraw,
)
from kim.core.actor import get_actor
from kim.testing.factories import UserFactory, member, open_case, register_person


def populate(world, n):
    cases = []
    for i in range(n):
        person = register_person(
            world.cm, world.unit_a, family_name=f"Muster{i:03d}", given_names="Erika"
        )
        case = open_case(world.cm, person, world.unit_a, fields=world.fields)
        for day in (3, 4):
            contact_record(
                actor=get_actor(world.cm),
                case=case,
                date=f"2026-01-{day:02d}",
                duration_minutes=30,
                mode="phone",
                fields=world.fields,
            )
        cases.append(case)
    return cases


def count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = {
    "start": lambda cases: reverse("core:start"),
    "case list": lambda cases: reverse("cases:list"),
    "my cases": lambda cases: reverse("cases:mine"),
    "person search": lambda cases: reverse("people:search") + "?q=muster",
    "case page": lambda cases: reverse("cases:detail", args=[cases[0].pk]),
    "case page plan": lambda cases: reverse("cases:plan", args=[cases[0].pk]),
    "case page network": lambda cases: reverse("cases:network", args=[cases[0].pk]),
    "case page file": lambda cases: reverse("cases:file", args=[cases[0].pk]),
    "person page": lambda cases: reverse("people:detail", args=[cases[0].person_id]),
}
# Whole pages, including the sections other apps register on them (planning, follow-ups,
# consents, households).
BOUNDS = {
    "start": 18,
    "case list": 14,
    "my cases": 14,
    "person search": 12,
    # The case page's tabs share the side column (phase, follow-ups, consent). On the
    # tab "Akte" the shares are one query and hand-overs bring their parties in two more.
    "case page": 15,
    "case page plan": 14,
    "case page network": 13,
    "case page file": 15,
    "person page": 17,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ["cm", "lead"])
def test_queries_do_not_grow_with_the_data(client, world, page, username):
    few = populate(world, 2)
    client.force_login(getattr(world, username))
    small = count(client, PAGES[page](few))
    populate(world, 12)
    for day in range(5, 25):  # the first case gets many more contacts
        contact_record(
            actor=get_actor(world.cm),
            case=few[0],
            date=f"2026-01-{day:02d}",
            duration_minutes=30,
            mode="phone",
            fields=world.fields,
        )
    large = count(client, PAGES[page](few))
    assert large == small, f"{page}: {small} queries with 2 cases, {large} with 14"
    assert large <= BOUNDS[page]


def test_audit_log_queries_are_bounded(client, world, django_assert_max_num_queries):
    populate(world, 5)
    client.force_login(world.data_protection)
    with django_assert_max_num_queries(12):
        client.get(reverse("core:audit"))


def _grow_process(world, case, n):
    """n more phase changes, members and (withdrawn) handovers on the case."""
    actor = get_actor(world.cm)
    case.refresh_from_db()
    if case.cm_indicated != "yes":
        case = case_record_intake(
            actor=actor,
            case=case,
            version=case.version,
            access_route="self",
            target_groups=seed_target_groups(world.tenant)[:3],
            cm_indicated="yes",
            consent_status="given",
        )
    for i in range(n):
        for phase, reason in (("paused", "Pause"), (case.paused_from or case.phase, "")):
            case = case_change_phase(
                actor=actor, case=case, version=case.version, to_phase=phase, reason=reason
            )
        relative = register_person(world.cm, world.unit_a, family_name=f"Verwandt{i:03d}")
        case_member_add(actor=actor, case=case, person=relative, role_in_case="household")
        handover = handover_request(
            actor=actor, case=case, to_unit=world.unit_b, to_user=world.cm_b, note=f"Notiz {i}"
        )
        handover_withdraw(actor=actor, handover=handover)
    return case


@pytest.mark.parametrize("username", ["cm", "lead"])
def test_the_case_page_does_not_grow_with_phase_changes_members_and_handovers(
    client, world, username
):
    case = populate(world, 1)[0]
    _grow_process(world, case, 1)
    client.force_login(getattr(world, username))
    tabs = ("detail", "plan", "network", "file")
    urls = {tab: reverse(f"cases:{tab}", args=[case.pk]) for tab in tabs}
    small = {tab: count(client, url) for tab, url in urls.items()}
    _grow_process(world, case, 8)
    large = {tab: count(client, url) for tab, url in urls.items()}
    assert large == small, f"{small} queries with little history, {large} with much"
    assert large["detail"] <= BOUNDS["case page"]
    assert large["plan"] <= BOUNDS["case page plan"]
    assert large["network"] <= BOUNDS["case page network"]
    assert large["file"] <= BOUNDS["case page file"]


def test_the_receivers_start_page_does_not_grow_with_incoming_handovers(client, world):
    cases = populate(world, 2)
    actor = get_actor(world.cm)
    lead_b = UserFactory(username="lead_b", tenant=world.tenant)
    member(lead_b, world.unit_b, "team_lead")
    handover_request(actor=actor, case=cases[0], to_unit=world.unit_b, to_user=world.cm_b, note="x")
    client.force_login(world.cm_b)
    small = count(client, reverse("core:start"))
    for case in populate(world, 8):
        to_user = None if case.pk % 2 else world.cm_b
        handover_request(actor=actor, case=case, to_unit=world.unit_b, to_user=to_user, note="y")
    large = count(client, reverse("core:start"))
    assert large == small
    assert large <= BOUNDS["start"]


def test_handover_and_member_pages_are_bounded(client, world, django_assert_max_num_queries):
    cases = populate(world, 12)
    handover = handover_request(
        actor=get_actor(world.cm), case=cases[0], to_unit=world.unit_b, to_user=world.cm_b, note="x"
    )
    client.force_login(world.cm_b)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:handover", args=[handover.pk])).status_code == 200
    client.force_login(world.cm)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:member_add", args=[cases[1].pk]), {"q": "muster"})
    assert response.status_code == 200
    with django_assert_max_num_queries(17):  # units and case managers of the whole tenant
        assert client.get(reverse("cases:handover_new", args=[cases[1].pk])).status_code == 200
