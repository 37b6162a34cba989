"""Nationalities read in the user's language: German by default, English when chosen."""

from django.urls import reverse

from kim.testing.factories import register_person


def test_the_person_page_names_countries_in_german(client, world):
    person = register_person(world.cm, world.unit_a, family_name="Khalil", nationalities=["SY"])
    client.force_login(world.cm)
    html = client.get(
        reverse("people:detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Syrien" in html
    assert "Syria<" not in html
