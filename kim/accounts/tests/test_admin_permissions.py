"""Who may open the administration pages (each user of the world × each page).

Only `admin` holds ADMIN_CONFIGURE; everybody else gets 404, never 403. Objects
of the other tenant are not found, not even by the admin. Administration sees
configuration, not case content.
"""

import pytest
from django.urls import reverse

from kim.accounts.models import Membership
from kim.core.catalogues import get_catalogue
from kim.core.models import District, FieldOfAction, Town
from kim.testing.factories import register_person

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


@pytest.fixture
def objects(world):
    district = District.objects.create(tenant=world.tenant, town=world.town, name="Mitte")
    other_town = Town.objects.create(tenant=world.other_tenant, name="Anderswo")
    return {
        "district": district,
        "other_town": other_town,
        "other_district": District.objects.create(
            tenant=world.other_tenant, town=other_town, name="Nord"
        ),
        "other_field": FieldOfAction.objects.create(
            tenant=world.other_tenant, code="wohnen", name="Wohnen"
        ),
    }


def admin_pages(world, objects) -> dict[str, str]:
    return {
        "users": reverse("accounts:admin_users"),
        "user create": reverse("accounts:admin_user_create"),
        "user": reverse("accounts:admin_user", args=[world.cm.pk]),
        "user edit": reverse("accounts:admin_user_edit", args=[world.cm.pk]),
        "user password": reverse("accounts:admin_user_password", args=[world.cm.pk]),
        "units": reverse("accounts:admin_units"),
        "unit create": reverse("accounts:admin_unit_create"),
        "unit edit": reverse("accounts:admin_unit_edit", args=[world.unit_a.pk]),
        "organisation create": reverse("accounts:admin_organisation_create"),
        "organisation edit": reverse(
            "accounts:admin_organisation_edit", args=[world.unit_a.organisation_id]
        ),
        "towns": reverse("accounts:admin_towns"),
        "town create": reverse("accounts:admin_town_create"),
        "town edit": reverse("accounts:admin_town_edit", args=[world.town.pk]),
        "district create": reverse("accounts:admin_district_create"),
        "district edit": reverse("accounts:admin_district_edit", args=[objects["district"].pk]),
        "fields": reverse("accounts:admin_fields"),
        "field create": reverse("accounts:admin_field_create"),
        "field edit": reverse("accounts:admin_field_edit", args=[world.fields[0].pk]),
        "roles": reverse("accounts:admin_roles"),
        **catalogue_pages(world),
    }


CATALOGUE_KEYS = ["zielgruppen", "huerdenkategorien", "textbausteine"]


def _first_entry(world, key, tenant=None):
    return get_catalogue(key).model.objects.filter(tenant=tenant or world.tenant).first()


def catalogue_pages(world) -> dict[str, str]:
    pages = {}
    for key in CATALOGUE_KEYS:
        entry = _first_entry(world, key)
        pages[f"{key}"] = reverse("accounts:admin_catalogue", args=[key])
        pages[f"{key} create"] = reverse("accounts:admin_catalogue_create", args=[key])
        pages[f"{key} edit"] = reverse("accounts:admin_catalogue_edit", args=[key, entry.pk])
    return pages


PAGE_NAMES = [
    "users",
    "user create",
    "user",
    "user edit",
    "user password",
    "units",
    "unit create",
    "unit edit",
    "organisation create",
    "organisation edit",
    "towns",
    "town create",
    "town edit",
    "district create",
    "district edit",
    "fields",
    "field create",
    "field edit",
    "roles",
    *[f"{key}{suffix}" for key in CATALOGUE_KEYS for suffix in ("", " create", " edit")],
]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("username", ALL_USERS)
def test_admin_pages_open_for_the_admin_only(client, world, objects, username, page):
    client.force_login(getattr(world, username))
    response = client.get(admin_pages(world, objects)[page])
    expected = 200 if username == "admin" else 404
    assert response.status_code == expected, f"{username} {page}"


def test_admin_pages_mark_the_administration_in_the_navigation(client, world, objects):
    client.force_login(world.admin)
    for page, url in admin_pages(world, objects).items():
        response = client.get(url)
        assert response.context["nav_active"] == "admin", page
        assert response.context["breadcrumbs"][1]["label"] == "Verwaltung", page


def test_anonymous_visitors_are_sent_to_the_login(client, world, objects):
    response = client.get(reverse("accounts:admin_users"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def other_tenant_pages(world, objects) -> dict[str, str]:
    outsider = world.outsider
    return {
        "user": reverse("accounts:admin_user", args=[outsider.pk]),
        "user edit": reverse("accounts:admin_user_edit", args=[outsider.pk]),
        "user password": reverse("accounts:admin_user_password", args=[outsider.pk]),
        "unit edit": reverse("accounts:admin_unit_edit", args=[world.unit_other.pk]),
        "organisation edit": reverse(
            "accounts:admin_organisation_edit", args=[world.unit_other.organisation_id]
        ),
        "town edit": reverse("accounts:admin_town_edit", args=[objects["other_town"].pk]),
        "district edit": reverse(
            "accounts:admin_district_edit", args=[objects["other_district"].pk]
        ),
        "field edit": reverse("accounts:admin_field_edit", args=[objects["other_field"].pk]),
        **{
            f"{key} edit": reverse(
                "accounts:admin_catalogue_edit",
                args=[key, _first_entry(world, key, world.other_tenant).pk],
            )
            for key in CATALOGUE_KEYS
        },
    }


@pytest.mark.parametrize(
    "page",
    [
        "user",
        "user edit",
        "user password",
        "unit edit",
        "organisation edit",
        "town edit",
        "district edit",
        "field edit",
        *[f"{key} edit" for key in CATALOGUE_KEYS],
    ],
)
def test_objects_of_the_other_tenant_are_not_found_even_by_the_admin(client, world, objects, page):
    client.force_login(world.admin)
    url = other_tenant_pages(world, objects)[page]
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Übernommen"}).status_code == 404


def test_writes_to_the_other_tenant_are_refused_for_the_admin(client, world, objects):
    client.force_login(world.admin)
    outsider_membership = Membership.objects.get(user=world.outsider)
    role_id = outsider_membership.role_id
    urls = [
        (
            reverse("accounts:admin_membership_add", args=[world.outsider.pk]),
            {"unit": world.unit_a.pk, "role": role_id},
        ),
        (
            reverse(
                "accounts:admin_membership_remove",
                args=[world.outsider.pk, outsider_membership.pk],
            ),
            {},
        ),
        (
            reverse("accounts:admin_field_move", args=[objects["other_field"].pk]),
            {"direction": "up"},
        ),
    ]
    for url, data in urls:
        assert client.post(url, data).status_code == 404, url
    assert Membership.objects.filter(pk=outsider_membership.pk).exists()
    assert not Membership.objects.filter(user=world.outsider, unit=world.unit_a).exists()


def test_a_unit_of_the_other_tenant_cannot_be_given_to_an_own_user(client, world):
    client.force_login(world.admin)
    role_id = Membership.objects.get(user=world.cm).role_id
    response = client.post(
        reverse("accounts:admin_membership_add", args=[world.cm.pk]),
        {"unit": world.unit_other.pk, "role": role_id},
    )
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Membership.objects.filter(user=world.cm, unit=world.unit_other).exists()


@pytest.mark.parametrize("username", [u for u in ALL_USERS if u != "admin"])
def test_posts_to_admin_pages_are_refused_for_everybody_but_the_admin(client, world, username):
    client.force_login(getattr(world, username))
    role_id = Membership.objects.get(user=world.admin).role_id
    own = Membership.objects.get(user=world.cm)
    posts = [
        (reverse("accounts:admin_user_create"), {"username": "eindringling"}),
        (reverse("accounts:admin_user_edit", args=[world.cm.pk]), {"first_name": "X"}),
        (
            reverse("accounts:admin_membership_add", args=[getattr(world, username).pk]),
            {"unit": world.unit_a.pk, "role": role_id},
        ),
        (reverse("accounts:admin_membership_remove", args=[world.cm.pk, own.pk]), {}),
        (reverse("accounts:admin_field_move", args=[world.fields[1].pk]), {"direction": "up"}),
        (reverse("accounts:admin_town_create"), {"name": "Neustadt"}),
        *[
            (
                reverse("accounts:admin_catalogue_create", args=[key]),
                {"name": "Eingeschleust", "code": "eingeschleust", "text": "x"},
            )
            for key in CATALOGUE_KEYS
        ],
        *[
            (
                reverse("accounts:admin_catalogue_move", args=[key, _first_entry(world, key).pk]),
                {"direction": "down"},
            )
            for key in CATALOGUE_KEYS
        ],
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not Membership.objects.filter(role_id=role_id).exclude(user=world.admin).exists()
    assert not Town.objects.filter(name="Neustadt").exists()
    for key in CATALOGUE_KEYS:
        assert not get_catalogue(key).model.objects.filter(code="eingeschleust").exists()


def test_the_admin_sees_no_persons_and_no_cases(client, world):
    register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    client.force_login(world.admin)
    assert client.get(reverse("people:search"), {"q": "Haddad"}).status_code == 404
    assert client.get(reverse("cases:list")).status_code == 404
    for url in [reverse("accounts:admin_users"), reverse("accounts:admin_units")]:
        assert "Haddad" not in client.get(url).content.decode()
