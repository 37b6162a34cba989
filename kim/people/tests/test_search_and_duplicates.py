from datetime import date

import pytest
from django.urls import reverse

from kim.core.actor import get_actor
from kim.people.selectors import birth_dates_compatible, duplicate_candidates, person_search
from kim.testing.factories import register_person


@pytest.fixture
def people(world):
    def make(family, given, **kw):
        return register_person(world.cm, world.unit_a, family_name=family, given_names=given, **kw)

    return {
        "hassan": make("Al-Hassan", "Mohammed", birth_date=date(1988, 3, 4)),
        "mueller": make("Müller", "Anna", birth_date=date(1975, 11, 2)),
        "shevchenko": make(
            "Шевченко", "Олена", birth_date=date(1992, 1, 1), birth_date_precision="year"
        ),
        "popescu": make("Popescu", "Ioana", birth_date=date(2001, 7, 9)),
        "yilmaz": make("Yılmaz", "Ayşe", birth_date=date(1969, 4, 30)),
    }


def names(hits):
    return [hit.person.family_name for hit in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("muhamad alhasan", "Al-Hassan"),
        ("mohamed al hasan", "Al-Hassan"),
        ("mueller", "Müller"),
        ("Muller", "Müller"),
        ("shevchenko", "Шевченко"),
        ("yilmaz ayse", "Yılmaz"),
        ("popesku", "Popescu"),
    ],
)
def test_search_tolerates_spellings_and_transliterations(world, people, query, expected):
    assert names(person_search(get_actor(world.cm), query))[:1] == [expected]


def test_search_as_you_type_matches_the_last_word_as_a_prefix(world, people):
    actor = get_actor(world.cm)
    assert "Al-Hassan" in names(person_search(actor, "moham"))
    assert "Müller" in names(person_search(actor, "anna mül"))


def test_search_by_date_of_birth_narrows_the_year(world, people):
    actor = get_actor(world.cm)
    assert names(person_search(actor, "04.03.1988")) == ["Al-Hassan"]


def test_search_needs_two_characters_and_ignores_noise(world, people):
    actor = get_actor(world.cm)
    assert person_search(actor, "a") == []
    assert person_search(actor, "   ") == []
    assert person_search(actor, "%_'; drop table") == []


def test_search_never_shows_persons_of_other_units_or_tenants(world, people):
    register_person(world.cm_b, world.unit_b, family_name="Müller", given_names="Bernd")
    register_person(world.outsider, world.unit_other, family_name="Müller", given_names="Carla")
    assert [h.person.given_names for h in person_search(get_actor(world.cm), "mueller")] == ["Anna"]
    assert [h.person.given_names for h in person_search(get_actor(world.cm_b), "mueller")] == [
        "Bernd"
    ]
    assert [h.person.given_names for h in person_search(get_actor(world.outsider), "mueller")] == [
        "Carla"
    ]


def test_search_page_answers_htmx_with_the_result_fragment(client, world, people):
    client.force_login(world.cm)
    response = client.get(
        reverse("people:search"), {"q": "muhamad"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Al-Hassan, Mohammed" in html
    assert "<html" not in html


def test_search_page_works_without_javascript(client, world, people):
    client.force_login(world.cm)
    html = client.get(reverse("people:search"), {"q": "muhamad"}).content.decode()
    assert "<html" in html and "Al-Hassan, Mohammed" in html


@pytest.mark.parametrize(
    ("a", "b", "expected_at_least"),
    [
        ((date(1990, 3, 4), "day"), (date(1990, 3, 4), "day"), 1.0),
        ((date(1990, 3, 4), "day"), (date(1990, 4, 3), "day"), 0.9),
        ((date(1990, 1, 1), "year"), (date(1990, 8, 17), "day"), 0.8),
        ((date(1990, 1, 1), "day"), (date(1990, 8, 17), "day"), 0.8),
    ],
)
def test_birth_dates_allow_swaps_and_stand_ins(a, b, expected_at_least):
    assert birth_dates_compatible(a[0], a[1], b[0], b[1]) >= expected_at_least


def test_different_years_are_not_compatible():
    assert birth_dates_compatible(date(1990, 3, 4), "day", date(1991, 3, 4), "day") == 0.0


def test_duplicate_candidates_find_a_transliterated_name_with_swapped_date(world, people):
    hits = duplicate_candidates(
        get_actor(world.cm),
        family_name="Alhasan",
        given_names="Muhammad",
        birth_date=date(1988, 4, 3),
    )
    assert names(hits) == ["Al-Hassan"]


def test_no_duplicate_warning_for_a_different_person(world, people):
    hits = duplicate_candidates(
        get_actor(world.cm), family_name="Nguyen", given_names="Thi", birth_date=date(1995, 5, 5)
    )
    assert hits == []


def test_registration_warns_about_a_probable_duplicate_and_keeps_the_input(client, world, people):
    client.force_login(world.cm)
    data = {
        "family_name": "Alhasan",
        "given_names": "Muhammad",
        "birth_date": "1988-04-03",
        "birth_date_precision": "day",
        "sex": "m",
        "phone": "0170 1234567",
    }
    response = client.post(reverse("people:register"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "vielleicht schon registriert" in html
    assert reverse("people:detail", args=[people["hassan"].pk]) in html
    assert 'value="0170 1234567"' in html
    from kim.people.models import Person

    assert not Person.objects.filter(family_name="Alhasan").exists()

    response = client.post(reverse("people:register"), data | {"not_a_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.filter(family_name="Alhasan").exists()


def test_live_duplicate_panel(client, world, people):
    client.force_login(world.cm)
    response = client.post(
        reverse("people:duplicate_check"),
        {"family_name": "Mueller", "given_names": "Anna", "birth_date": "1975-11-02"},
        headers={"HX-Request": "true"},
    )
    assert "Müller, Anna" in response.content.decode()


def test_granting_a_unit_refreshes_the_cached_abilities(world):
    from kim.core.abilities import abilities
    from kim.people.services import person_grant_unit

    person = register_person(world.cm, world.unit_a, family_name="Okafor", given_names="Ada")
    assert abilities(world.cm_b, person)["view"] is False
    person_grant_unit(person=person, unit=world.unit_b)
    assert abilities(world.cm_b, person)["view"] is True
