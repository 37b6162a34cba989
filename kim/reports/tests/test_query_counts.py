"""The summary reads a fixed number of queries, however long the case's history is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.cases.services import case_member_add
from kim.core.actor import get_actor
from kim.reports.tests.conftest import add_contacts, build_case, close_case
from kim.testing.factories import register_person

BOUND = 30  # session, user, actor, the case, every part of the summary, the audit event


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(world, case, *, contacts: int, members: int) -> None:
    add_contacts(world, case, contacts, start=100)
    for i in range(members):
        relative = register_person(world.cm, world.unit_a, family_name=f"Verwandt{i:02d}")
        case_member_add(
            actor=get_actor(world.cm), case=case, person=relative, role_in_case="household"
        )


@pytest.mark.parametrize("page", ["reports:case_summary_print", "reports:case_summary_pdf"])
def test_queries_do_not_grow_with_contacts_goals_and_members(client, world, request, page):
    if page.endswith("_pdf"):
        request.getfixturevalue("needs_weasyprint")
    few = build_case(world, contacts=2, goals=1)
    many = build_case(world, contacts=2, goals=6)
    grow(world, many, contacts=40, members=4)
    client.force_login(world.cm)
    small = count(client, reverse(page, args=[few.pk]))
    large = count(client, reverse(page, args=[many.pk]))
    assert large == small, f"{small} queries for a short case, {large} for a long one"
    assert large <= BOUND


def test_a_closed_case_costs_one_query_more_for_its_closure(client, world):
    case = build_case(world, contacts=2)
    client.force_login(world.cm)
    url = reverse("reports:case_summary_print", args=[case.pk])
    open_count = count(client, url)
    close_case(world, case)
    assert count(client, url) == open_count + 1
