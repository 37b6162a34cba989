"""Directory pages issue a fixed number of queries, however many services, organisations
and responsibilities there are (measured as a case manager and as the coordination)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.cases.models import TargetGroup
from kim.core.actor import get_actor
from kim.core.models import District, Organisation
from kim.network.models import Responsibility
from kim.network.services.directory import organisation_create, service_create


def grow(world, directory, n: int) -> None:
    """n more organisations, each with two services linked to everything, and rows."""
    actor = get_actor(world.coordination)
    groups = list(TargetGroup.objects.filter(tenant=world.tenant)[:3])
    district = District.objects.get(pk=directory.district.pk)
    start = Organisation.objects.filter(tenant=world.tenant).count()
    for i in range(start, start + n):
        organisation = organisation_create(
            actor=actor, name=f"Träger {i:03d}", kind="welfare", city="Testhausen"
        )
        for j in range(2):
            service = service_create(
                actor=actor,
                organisation=organisation,
                name=f"Beratung {i:03d}-{j}",
                description="Beratung in vielen Sprachen.",
                fields=world.fields,
                target_groups=groups,
                languages=["ar", "tr", "uk"],
                legal_domains=["sgb2", "sgb12"],
                towns=[directory.town],
                districts=[district],
                waiting_weeks=j,
            )
        Responsibility.objects.create(
            tenant=world.tenant,
            field=world.fields[i % 2],
            legal_domain="sgb12",
            town=directory.town if i % 3 else None,
            organisation=organisation,
            service=service,
            valid_until=None if i % 4 else "2020-01-01",
        )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = {
    "search": lambda d: reverse("network:directory"),
    "search filtered": lambda d: (
        reverse("network:directory")
        + f"?q=beratung&sprache=ar&ort={d.town.pk}&rechtskreis=sgb2&feld=arbeit"
    ),
    "search by text": lambda d: reverse("network:directory") + "?q=beratung",
    "service": lambda d: reverse("network:service", args=[d.housing.pk]),
    "organisations": lambda d: reverse("network:organisations"),
    "organisation": lambda d: reverse("network:organisation", args=[d.awo.pk]),
    "finder": lambda d: reverse("network:finder") + "?feld=arbeit&rechtskreis=sgb12&adresse=12345",
    "helplist": lambda d: reverse("network:helplist"),
    "helplist print": lambda d: reverse("network:helplist_print"),
    "export": lambda d: reverse("network:export") + "?format=csv&sprache=ar",
}
MANAGER_PAGES = {
    "review due": lambda d: reverse("network:review_due"),
    "responsibilities": lambda d: reverse("network:responsibilities"),
    "service edit": lambda d: reverse("network:service_edit", args=[d.housing.pk]),
}
BOUND = 16


def fill_helplist(client, world):
    from kim.network.models import Service

    for service in Service.objects.filter(tenant=world.tenant)[:20]:
        client.post(reverse("network:helplist_add"), {"angebot": service.pk})


@pytest.mark.parametrize("page", PAGES)
def test_reading_pages_do_not_grow_with_the_directory(client, world, directory, page):
    grow(world, directory, 2)
    client.force_login(world.cm)
    fill_helplist(client, world)
    small = count(client, PAGES[page](directory))
    grow(world, directory, 12)
    fill_helplist(client, world)
    large = count(client, PAGES[page](directory))
    assert large == small, f"{page}: {small} queries with few entries, {large} with many"
    assert large <= BOUND, f"{page}: {large}"


@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_upkeep_pages_do_not_grow_with_the_directory(client, world, directory, page):
    grow(world, directory, 2)
    client.force_login(world.coordination)
    small = count(client, MANAGER_PAGES[page](directory))
    grow(world, directory, 12)
    large = count(client, MANAGER_PAGES[page](directory))
    assert large == small, f"{page}: {small} queries with few entries, {large} with many"
    assert large <= BOUND, f"{page}: {large}"
