"""Who may do what with a person and a case of unit A (role × action × own/other unit/tenant).

The person and the case belong to unit A. `cm` is the responsible case manager,
`lead` the team lead of unit A; `cm_b` works in unit B of the same tenant;
`outsider` is a case manager in another tenant. Everybody else has no access to
case content. Outsiders get 404, never 403.
"""

import pytest
from django.urls import reverse

from kim.core.abilities import abilities
from kim.testing.factories import open_case, register_person

ALL_USERS = [
    "cm",
    "cm_b",
    "lead",
    "coordination",
    "authority",
    "data_protection",
    "admin",
    "outsider",
]
CAN_SEE = {"cm", "lead"}


@pytest.fixture
def setting(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a)
    return world, person, case


def pages(person, case):
    return {
        "person.detail": reverse("people:detail", args=[person.pk]),
        "person.edit": reverse("people:edit", args=[person.pk]),
        "case.detail": reverse("cases:detail", args=[case.pk]),
        "case.edit": reverse("cases:edit", args=[case.pk]),
        "contact.new": reverse("cases:contact_new", args=[case.pk]),
        "case.open": reverse("cases:open") + f"?person={person.pk}",
    }


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize(
    "page", ["person.detail", "person.edit", "case.detail", "case.edit", "contact.new", "case.open"]
)
def test_page_access(client, setting, username, page):
    world, person, case = setting
    client.force_login(getattr(world, username))
    response = client.get(pages(person, case)[page])
    expected = 200 if username in CAN_SEE else 404
    assert response.status_code == expected, f"{username} {page}"


@pytest.mark.parametrize("username", ALL_USERS)
def test_case_list_shows_the_case_only_to_its_unit(client, setting, username):
    world, person, case = setting
    client.force_login(getattr(world, username))
    response = client.get(reverse("cases:list"))
    if username in CAN_SEE:
        assert case.number in response.content.decode()
    elif username in {"cm_b", "outsider"}:
        assert response.status_code == 200
        assert case.number not in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("username", ALL_USERS)
def test_person_search_finds_the_person_only_for_its_unit(client, setting, username):
    world, person, case = setting
    client.force_login(getattr(world, username))
    response = client.get(reverse("people:search"), {"q": "Haddad"})
    if username in CAN_SEE:
        assert "Haddad" in response.content.decode()
    elif username in {"cm_b", "outsider", "authority"}:
        assert response.status_code == 200
        assert "Haddad, Lina" not in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("username", ALL_USERS)
def test_writes_by_post_are_refused_for_outsiders(client, setting, username):
    world, person, case = setting
    client.force_login(getattr(world, username))
    response = client.post(
        reverse("cases:contact_new", args=[case.pk]),
        {"date": "2026-01-10", "duration_minutes": 30, "mode": "phone", "note": "x"},
    )
    if username in CAN_SEE:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
        assert not case.contacts.exists()


EXPECTED_CASE_ABILITIES = {
    "cm": {"view": True, "document": True, "change": True, "assign": False},
    "lead": {"view": True, "document": True, "change": True, "assign": True},
}
EXPECTED_PERSON_ABILITIES = {
    "cm": {"view": True, "change": True, "open_case": True},
    "lead": {"view": True, "change": True, "open_case": True},
}


@pytest.mark.parametrize("username", ALL_USERS)
def test_abilities_whole(setting, username):
    world, person, case = setting
    user = getattr(world, username)
    nothing_case = dict.fromkeys(["view", "document", "change", "assign"], False)
    nothing_person = dict.fromkeys(["view", "change", "open_case"], False)
    assert abilities(user, case) == EXPECTED_CASE_ABILITIES.get(username, nothing_case)
    assert abilities(user, person) == EXPECTED_PERSON_ABILITIES.get(username, nothing_person)


def test_a_second_case_manager_of_the_unit_may_document_but_not_reassign(setting):
    world, person, case = setting
    from kim.testing.factories import UserFactory, member

    colleague = UserFactory(username="colleague", tenant=world.tenant)
    member(colleague, world.unit_a, "case_manager")
    assert abilities(colleague, case) == {
        "view": True,
        "document": True,
        "change": False,
        "assign": False,
    }


def test_closed_cases_cannot_be_documented(setting):
    world, person, case = setting
    case.status = case.Status.CLOSED
    case.save()
    assert abilities(world.cm, case) == {
        "view": True,
        "document": False,
        "change": False,
        "assign": False,
    }
