"""The directory search: each filter, alone and together, within the tenant."""

from datetime import date

import pytest

from kim.cases.models import TargetGroup
from kim.core.actor import get_actor
from kim.core.models import District
from kim.network.selectors.directory import (
    ALL,
    ARCHIVED,
    ServiceFilters,
    organisation_search,
    service_search,
    services_due_for_review,
)
from kim.network.services.directory import organisation_archive, service_archive


def names(actor, **filters) -> list[str]:
    return [s.name for s in service_search(actor, ServiceFilters(**filters))]


@pytest.fixture
def cm(world):
    return get_actor(world.cm)


ALL_FOUR = ["Aufenthaltsberatung", "Jobcoaching", "Sprachcafé", "Wohnraumberatung"]


def test_without_filters_every_active_service_of_the_tenant_by_name(cm, directory):
    assert names(cm) == ALL_FOUR


def test_free_text_matches_name_description_organisation_and_every_word(cm, directory):
    assert names(cm, q="sprachcafé") == ["Sprachcafé"]
    assert names(cm, q="wohnung") == ["Wohnraumberatung"]  # in the description
    assert names(cm, q="Jobcenter") == ["Jobcoaching"]  # the organisation
    assert names(cm, q="beratung papieren") == ["Aufenthaltsberatung"]
    assert names(cm, q="beratung arbeit") == []


def test_field_target_group_legal_domain_and_language(world, cm, directory):
    sprache, arbeit = world.fields
    assert names(cm, field=sprache) == ["Sprachcafé"]
    assert names(cm, field=arbeit) == ["Jobcoaching"]
    group = TargetGroup.objects.get(tenant=world.tenant, code="neuzugewanderte")
    assert names(cm, target_group=group) == ["Sprachcafé"]
    assert names(cm, legal_domain="sgb2") == ["Jobcoaching"]
    assert names(cm, legal_domain="asylblg") == ["Aufenthaltsberatung"]
    assert names(cm, legal_domain="sgb12") == []
    assert names(cm, language="ar") == ["Aufenthaltsberatung", "Sprachcafé"]
    # "ar" does not match inside other codes, nor "sgb2" inside "sgb12".
    assert names(cm, language="r") == []


def test_a_town_finds_its_own_and_the_tenant_wide_services(cm, directory):
    # Jobcoaching and Aufenthaltsberatung name no town: the whole tenant.
    assert names(cm, town=directory.town) == [
        "Aufenthaltsberatung",
        "Jobcoaching",
        "Wohnraumberatung",
    ]
    assert names(cm, town=directory.town_b) == ["Aufenthaltsberatung", "Jobcoaching", "Sprachcafé"]


def test_a_district_finds_services_for_it_and_for_its_whole_town(world, cm, directory):
    other = District.objects.create(tenant=world.tenant, town=directory.town, name="Nord")
    # Wohnraumberatung serves Testhausen-Mitte only.
    assert names(cm, district=directory.district) == [
        "Aufenthaltsberatung",
        "Jobcoaching",
        "Wohnraumberatung",
    ]
    assert names(cm, district=other) == ["Aufenthaltsberatung", "Jobcoaching"]


def test_kind_referrals_waiting_time_and_organisation(cm, directory):
    assert names(cm, kind="jobcenter") == ["Jobcoaching"]
    assert names(cm, accepts_referrals=True) == ["Jobcoaching"]
    assert names(cm, accepts_referrals=False) == [
        "Aufenthaltsberatung",
        "Sprachcafé",
        "Wohnraumberatung",
    ]
    assert names(cm, max_waiting_weeks=0) == ["Sprachcafé"]
    assert names(cm, max_waiting_weeks=2) == ["Aufenthaltsberatung", "Sprachcafé"]
    assert names(cm, organisation=directory.awo) == [
        "Aufenthaltsberatung",
        "Sprachcafé",
        "Wohnraumberatung",
    ]


def test_filters_combine(world, cm, directory):
    assert names(cm, language="ar", town=directory.town) == ["Aufenthaltsberatung"]
    assert names(cm, q="beratung", max_waiting_weeks=4, language="fa") == ["Aufenthaltsberatung"]


def test_archived_services_leave_the_search_unless_asked_for(world, cm, directory):
    actor = get_actor(world.coordination)
    service_archive(actor=actor, service=directory.housing, version=1)
    assert "Wohnraumberatung" not in names(cm)
    assert names(cm, status=ARCHIVED) == ["Wohnraumberatung"]
    assert names(cm, status=ALL) == ALL_FOUR


def test_another_tenant_sees_only_its_own_directory(world, directory):
    assert names(get_actor(world.outsider)) == ["Sprachcafé Anderswo"]
    assert "Sprachcafé Anderswo" not in names(get_actor(world.cm), status=ALL)


def test_review_is_due_after_twelve_months_or_when_never_reviewed(world, directory):
    due = [s.name for s in services_due_for_review(get_actor(world.coordination))]
    # Never reviewed first (no date), then the oldest review.
    assert due == ["Aufenthaltsberatung", "Wohnraumberatung", "Sprachcafé"]
    today = date(2020, 6, 1)
    due = [s.name for s in services_due_for_review(get_actor(world.coordination), today=today)]
    assert "Sprachcafé" not in due


def test_organisations_with_their_active_services_counted(world, directory):
    actor = get_actor(world.cm)
    found = {o.name: o.service_count for o in organisation_search(actor)}
    assert found["AWO Testland"] == 3
    assert found["Jobcenter Testland"] == 1
    organisation_archive(actor=get_actor(world.coordination), organisation=directory.awo, version=1)
    assert "AWO Testland" not in {o.name for o in organisation_search(actor)}
    assert [o.name for o in organisation_search(actor, status=ARCHIVED)] == ["AWO Testland"]
    assert [o.name for o in organisation_search(actor, kind="jobcenter")] == ["Jobcenter Testland"]
