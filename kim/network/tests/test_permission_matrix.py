"""Who may do what with the directory: role × action × own tenant / other tenant.

Every user of a tenant reads its directory; only DIRECTORY_MANAGE (the KIM
coordination) writes it. Pages that write do not exist for others (404); the
other tenant's rows do not exist at all (404).
"""

import pytest
from django.urls import reverse

from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.network.abilities import organisation_abilities
from kim.network.services.directory import service_archive
from kim.testing.factories import UserFactory, member

READERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]


@pytest.fixture
def partner(world):
    user = UserFactory(username="partner", tenant=world.tenant)
    member(user, world.unit_b, "partner")
    return user


def read_urls(d) -> dict[str, str]:
    return {
        "search": reverse("network:directory"),
        "service": reverse("network:service", args=[d.housing.pk]),
        "organisations": reverse("network:organisations"),
        "organisation": reverse("network:organisation", args=[d.awo.pk]),
        "finder": reverse("network:finder") + "?feld=arbeit",
        "helplist": reverse("network:helplist"),
        "export": reverse("network:export") + "?format=csv",
    }


def manage_urls(d) -> dict[str, str]:
    return {
        "service_new": reverse("network:service_new"),
        "service_edit": reverse("network:service_edit", args=[d.housing.pk]),
        "service_archive": reverse("network:service_archive", args=[d.housing.pk]),
        "organisation_new": reverse("network:organisation_new"),
        "organisation_edit": reverse("network:organisation_edit", args=[d.awo.pk]),
        "organisation_archive": reverse("network:organisation_archive", args=[d.awo.pk]),
        "review_due": reverse("network:review_due"),
        "responsibilities": reverse("network:responsibilities"),
        "responsibility_new": reverse("network:responsibility_new"),
        "responsibility_edit": reverse(
            "network:responsibility_edit", args=[d.responsibilities[0].pk]
        ),
        "import": reverse("network:import"),
    }


POSTS = {
    "service_review": ("network:service_review", "housing"),
    "service_restore": ("network:service_restore", "housing"),
    "organisation_restore": ("network:organisation_restore", "awo"),
}


@pytest.mark.parametrize("username", [*READERS, "partner"])
def test_every_user_of_the_tenant_reads_the_directory(client, world, directory, partner, username):
    user = partner if username == "partner" else getattr(world, username)
    client.force_login(user)
    for name, url in read_urls(directory).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(
    "username", ["cm", "lead", "authority", "data_protection", "admin", "partner"]
)
def test_only_the_coordination_gets_the_upkeep_pages(client, world, directory, partner, username):
    user = partner if username == "partner" else getattr(world, username)
    client.force_login(user)
    for name, url in manage_urls(directory).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"name": "X"}).status_code == 404, name
    for name, (route, attr) in POSTS.items():
        obj = getattr(directory, attr)
        assert client.post(reverse(route, args=[obj.pk]), {"version": 1}).status_code == 404, name
    delete = reverse("network:responsibility_delete", args=[directory.responsibilities[0].pk])
    assert client.post(delete, {"version": 1}).status_code == 404


def test_the_coordination_gets_every_upkeep_page(client, world, directory):
    client.force_login(world.coordination)
    for name, url in manage_urls(directory).items():
        assert client.get(url).status_code == 200, name


def test_the_other_tenant_finds_none_of_these_rows(client, world, directory):
    client.force_login(world.outsider)
    for name in ("service", "organisation"):
        assert client.get(read_urls(directory)[name]).status_code == 404, name
    # Their own directory pages work, without this tenant's entries.
    page = client.get(reverse("network:directory")).content.decode()
    assert "Sprachcafé Anderswo" in page
    assert "Wohnraumberatung" not in page
    assert (
        client.get(reverse("network:service", args=[directory.other_tenant_service.pk])).status_code
        == 200
    )
    # Adding this tenant's service to their list does nothing.
    client.post(reverse("network:helplist_add"), {"angebot": directory.housing.pk})
    assert "Wohnraumberatung" not in client.get(reverse("network:helplist")).content.decode()


def test_the_other_tenants_coordination_cannot_reach_this_tenants_upkeep(client, world, directory):
    from kim.testing.factories import UnitFactory

    unit = UnitFactory(tenant=world.other_tenant, name="KI Anderswo", code="KIA")
    coordinator = UserFactory(username="koordination.anderswo", tenant=world.other_tenant)
    member(coordinator, unit, "coordination")
    client.force_login(coordinator)
    for name in ("service_edit", "service_archive", "organisation_edit", "responsibility_edit"):
        assert client.get(manage_urls(directory)[name]).status_code == 404, name
    url = reverse("network:service_review", args=[directory.housing.pk])
    assert client.post(url, {"version": 1}).status_code == 404


def test_signed_out_visitors_are_sent_to_the_login(client, directory):
    response = client.get(reverse("network:directory"))
    assert response.status_code == 302
    assert "/konto/anmelden/" in response["Location"]


@pytest.mark.parametrize("username", [*READERS, "outsider"])
def test_service_abilities_whole(world, directory, username):
    actor = get_actor(getattr(world, username))
    manage = username == "coordination"
    same_tenant = username != "outsider"
    assert abilities(actor, directory.housing) == {
        "view": same_tenant,
        "change": manage,
        "review": manage,
        "archive": manage,
        "restore": False,
    }
    assert organisation_abilities(actor, directory.awo) == {
        "view": same_tenant,
        "change": manage,
        "add_service": manage,
        "archive": manage,
        "restore": False,
    }


def test_an_archived_service_can_only_be_restored(world, directory):
    service = service_archive(
        actor=get_actor(world.coordination), service=directory.housing, version=1
    )
    assert abilities(get_actor(world.coordination), service) == {
        "view": True,
        "change": False,
        "review": False,
        "archive": False,
        "restore": True,
    }
    assert abilities(get_actor(world.cm), service)["restore"] is False


def test_the_navigation_offers_the_directory_to_every_tenant_user(client, world, partner):
    for user in (world.cm, world.coordination, world.data_protection, partner):
        client.force_login(user)
        page = client.get(reverse("core:start")).content.decode()
        assert f'href="{reverse("network:directory")}"' in page, user.username
