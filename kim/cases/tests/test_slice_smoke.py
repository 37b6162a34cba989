import pytest
from django.urls import reverse

from kim.testing.factories import open_case, register_person


@pytest.mark.django_db
def test_case_manager_walks_the_slice(client, world):
    client.force_login(world.cm)
    assert client.get(reverse("core:start")).status_code == 200
    person = register_person(
        world.cm, world.unit_a, family_name="Al-Hassan", given_names="Mohammed"
    )
    response = client.get(reverse("people:search"), {"q": "muhamad alhasan"})
    assert person.full_name in response.content.decode()
    case = open_case(world.cm, person, world.unit_a)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:mine")).status_code == 200
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 200
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:contact_new", args=[case.pk])).status_code == 200
    assert client.get(reverse("people:register")).status_code == 200
    assert client.get(reverse("cases:open") + f"?person={person.pk}").status_code == 200
