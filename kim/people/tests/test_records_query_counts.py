"""The new pages issue a bounded number of queries, however many records a person has."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.core.actor import get_actor
from kim.core.models import Organisation
from kim.people.models import LegalDomainPeriod
from kim.people.services import (
    consent_record,
    household_add_member,
    household_create,
    legal_domain_correct,
    legal_domain_start,
    person_relation_add,
    residence_status_correct,
    residence_status_record,
)
from kim.people.tests.conftest import PDF
from kim.testing.factories import open_case, register_person

DOMAINS = ["sgb2", "sgb3", "sgb8", "sgb12", "asylblg", "aufenthg", "stag"]


def add_records(world, person, household, n, start):
    """n more relatives in the household, legal periods, statuses (corrected) and consents."""
    actor = get_actor(world.cm)
    organisations = [
        Organisation.objects.get_or_create(
            tenant=world.tenant, name=f"Träger {i}", defaults={"kind": "welfare"}
        )[0]
        for i in range(3)
    ]
    for i in range(n):
        relative = register_person(
            world.cm, world.unit_a, family_name=f"Verwandt{start + i}", given_names="Rita"
        )
        person_relation_add(actor=actor, person=person, related=relative, kind="sibling")
        household_add_member(
            actor=actor, household=household, person=relative, valid_from=date(2024, 1, 1)
        )
        day = date(2000 + start + i, 1, 1)
        period = legal_domain_start(
            actor=actor,
            person=person,
            domain=DOMAINS[(start + i) % len(DOMAINS)],
            valid_from=day,
            valid_until=day + timedelta(days=200),
            responsible_organisation=organisations[0],
        )
        legal_domain_correct(actor=actor, period=period, reason="Notiz", note="korrigiert")
        status = residence_status_record(
            actor=actor,
            person=person,
            kind="ae",
            valid_from=day,
            valid_until=day + timedelta(days=300),
        )
        residence_status_correct(
            actor=actor, status=status, reason="Behörde", issuing_authority="ABH"
        )
        consent_record(
            actor=actor,
            person=person,
            data_categories=["base", "residence"],
            recipient_organisations=organisations,
            recipient_kinds=["jobcenter"],
            purpose="Abstimmung",
            purpose_category="coordination",
            given_on=date(2026, 1, 1),
            form="written",
            document=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        )


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = {
    "household": "people:household",
    "legal domains": "people:legal_domains",
    "residence": "people:residence",
    "consents": "people:consents",
}
# Session, user and memberships, the person and its holding units, the records,
# the audit event and the session save.
BOUNDS = {"household": 13, "legal domains": 11, "residence": 11, "consents": 12}
# The person page before this work needed 12; the family, residence, legal
# domain and consent sections add 7 (ties, household, its audit event,
# statuses, periods, consents and their recipients).
PERSON_PAGE_BOUND = 19


@pytest.fixture
def setting(world, family):
    lina, omar, _karim = family
    household = household_create(
        actor=get_actor(world.cm), persons=[lina, omar], valid_from=date(2023, 1, 1)
    )
    return lina, household


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ["cm", "lead"])
def test_queries_do_not_grow_with_the_records(client, world, setting, page, username):
    lina, household = setting
    add_records(world, lina, household, 2, start=0)
    client.force_login(getattr(world, username))
    url = reverse(PAGES[page], args=[lina.pk])
    small = count(client, url)
    add_records(world, lina, household, 10, start=2)
    large = count(client, url)
    assert large == small, f"{page}: {small} queries with few records, {large} with many"
    assert large <= BOUNDS[page]


@pytest.mark.parametrize("username", ["cm", "lead"])
def test_the_person_page_sections_do_not_grow_with_the_records(client, world, setting, username):
    lina, household = setting
    add_records(world, lina, household, 2, start=0)
    client.force_login(getattr(world, username))
    url = reverse("people:detail", args=[lina.pk])
    small = count(client, url)
    add_records(world, lina, household, 10, start=2)
    assert count(client, url) == small
    assert small <= PERSON_PAGE_BOUND


def test_the_consent_box_on_the_case_page_costs_one_query(client, world, setting):
    lina, household = setting
    case = open_case(world.cm, lina, world.unit_a)
    client.force_login(world.cm)
    url = reverse("cases:detail", args=[case.pk])
    without = count(client, url)
    add_records(world, lina, household, 5, start=0)
    assert count(client, url) == without
    assert LegalDomainPeriod.objects.exists()
