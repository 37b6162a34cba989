"""Potential lists: a case manager sees the clients of their own open cases whose time
requirements are met now or within three months – with what is missing – and nobody
else's."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.people.services import residence_status_record
from kim.residence.potential import potential_of
from kim.testing.factories import open_case, register_person

URL = "/aufenthalt/potenzial/"


def client_with_residence(world, user, unit, name, since, kind="ae"):
    person = register_person(user, unit, family_name=name, given_names="Test")
    residence_status_record(actor=get_actor(user), person=person, kind=kind, valid_from=since)
    open_case(user, person, unit)
    return person


@pytest.fixture
def clients(world):
    today = timezone.localdate()
    five = today.replace(year=today.year - 5)
    return {
        "now": client_with_residence(
            world, world.cm, world.unit_a, "Jetzt", five - timedelta(days=10)
        ),
        "soon": client_with_residence(
            world, world.cm, world.unit_a, "Bald", five + timedelta(days=60)
        ),
        "later": client_with_residence(
            world, world.cm, world.unit_a, "Spaeter", five + timedelta(days=400)
        ),
        "other_cm": client_with_residence(
            world, world.cm_b, world.unit_b, "Anderer", five - timedelta(days=10)
        ),
    }


def names(rows, check="stag10"):
    return {row.person.family_name for row in rows if row.result.check == check}


def test_own_clients_now_and_soon_not_later_and_not_others(world, clients):
    rows = potential_of(get_actor(world.cm), timezone.localdate())
    assert names(rows) == {"Jetzt", "Bald"}
    soon = next(r for r in rows if r.person.family_name == "Bald" and r.result.check == "stag10")
    assert soon.ready_on > timezone.localdate()
    # What is missing is named: nothing about the test or German is recorded.
    assert {c.code for c in soon.missing} >= {"residence", "test", "language"}
    assert names(potential_of(get_actor(world.cm_b), timezone.localdate())) == {"Anderer"}


def test_a_closed_case_leaves_the_list(world, clients):
    Case.objects.filter(person=clients["now"]).update(status=Case.Status.CLOSED)
    assert "Jetzt" not in names(potential_of(get_actor(world.cm), timezone.localdate()))


def test_the_page(client, world, clients):
    client.force_login(world.cm)
    html = client.get(URL).content.decode()
    assert "Jetzt, Test" in html and "Bald, Test" in html
    assert "Spaeter" not in html and "Anderer" not in html
    assert reverse("residence:person_precheck", args=[clients["now"].pk]) in html


@pytest.mark.parametrize(
    ("username", "expected"),
    [("cm", 200), ("lead", 200), ("authority", 200), ("coordination", 404), ("outsider", 200)],
)
def test_who_opens_the_page(client, world, username, expected):
    client.force_login(getattr(world, username))
    assert client.get(URL).status_code == expected


def test_the_number_of_queries_does_not_grow_with_the_clients(
    client, world, clients, django_assert_max_num_queries
):
    client.force_login(world.cm)
    with django_assert_max_num_queries(16):
        client.get(URL)
    for n in range(5):
        client_with_residence(world, world.cm, world.unit_a, f"Mehr{n}", date(2019, 1, 1))
    with django_assert_max_num_queries(16):
        client.get(URL)
