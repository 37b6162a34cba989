"""Pages issue a bounded number of queries, independent of how much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.cases.services import contact_record
from kim.core.actor import get_actor
from kim.testing.factories import open_case, register_person


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
    "person page": lambda cases: reverse("people:detail", args=[cases[0].person_id]),
}
BOUNDS = {
    "start": 18,
    "case list": 14,
    "my cases": 14,
    "person search": 12,
    "case page": 14,
    "person page": 12,
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
