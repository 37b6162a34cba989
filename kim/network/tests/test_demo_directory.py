"""Kreis Musterland's directory: realistic in size and spread, answers the finder, idempotent."""

from collections import Counter
from datetime import date

import pytest
from django.test import override_settings

from kim.cases.models import TargetGroup
from kim.core.actor import get_actor
from kim.core.models import AuditEvent, FieldOfAction, Organisation, Town
from kim.demo.directory import add_directory
from kim.demo.structure import demo_structure
from kim.network.finder import find_responsible
from kim.network.models import Responsibility, Service
from kim.network.selectors.directory import services_due_for_review
from kim.people.models import LegalDomain

TODAY = date(2026, 11, 21)


@pytest.fixture
def musterland(db):
    with override_settings(DEMO_MODE=True):
        structure = demo_structure()
        assert add_directory(structure, today=TODAY) is True
    return structure


def test_the_directory_is_large_and_varied(musterland):
    tenant = musterland.tenant
    services = list(
        Service.objects.filter(tenant=tenant).prefetch_related("fields", "target_groups", "towns")
    )
    assert len(services) >= 60
    organisations = Organisation.objects.filter(tenant=tenant, services__isnull=False).distinct()
    assert organisations.count() >= 25
    kinds = set(organisations.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values) - {"other"} | {"other"}
    assert {f.code for s in services for f in s.fields.all()} == set(
        FieldOfAction.objects.filter(tenant=tenant).values_list("code", flat=True)
    )
    assert {g.code for s in services for g in s.target_groups.all()} == set(
        TargetGroup.objects.filter(tenant=tenant).values_list("code", flat=True)
    )
    assert {d for s in services for d in s.legal_domains} == set(LegalDomain.values)
    assert len({code for s in services for code in s.languages}) >= 20
    assert {t.name for s in services for t in s.towns.all()} == set(
        Town.objects.filter(tenant=tenant).values_list("name", flat=True)
    )
    assert sum(1 for s in services if not s.towns.all()) >= 20  # for the whole Kreis
    assert sum(1 for s in services if s.accepts_referrals) >= 20
    waiting = Counter(s.waiting_weeks for s in services)
    assert waiting[0] >= 10 and sum(n for w, n in waiting.items() if w and w >= 8) >= 5
    due = services_due_for_review(get_actor(musterland.users["koordination"]), today=TODAY)
    assert 10 <= due.count() < len(services) // 2
    assert due.filter(reviewed_on__isnull=True).exists()


def test_the_units_organisations_got_their_directory_details(musterland):
    jobcenter = musterland.organisations["jc"]
    assert jobcenter.profile.street == "Bahnhofstraße 20"
    assert Service.objects.filter(organisation=jobcenter).count() == 3


@pytest.mark.parametrize(
    ("field", "domain", "town", "office"),
    [
        ("arbeit", "sgb2", "Musterstadt", "Jobcenter Kreis Musterland"),
        ("arbeit", "sgb3", "Talstadt", "Agentur für Arbeit Musterland"),
        ("arbeit", "", "Talstadt", "Agentur für Arbeit Musterland"),
        ("existenz", "asylblg", "Bergdorf", "Sozialamt Kreis Musterland"),
        ("existenz", "sgb12", "Nordheim", "Sozialamt Kreis Musterland"),
        ("familie", "sgb8", "Talstadt", "Stadt Talstadt – Amt für Jugend, Soziales und Wohnen"),
        ("familie", "sgb8", "Nordheim", "Jugendamt Kreis Musterland"),
        ("wohnen", "", "Nordheim", "Stadt Nordheim – Bürgerbüro"),
        ("wohnen", "sgb2", "Nordheim", "Jobcenter Kreis Musterland"),
        ("aufenthalt", "aufenthg", "Südhausen", "Ausländer- und Einbürgerungsbehörde Kreis Musterland"),
        ("aufenthalt", "stag", "Südhausen", "Ausländer- und Einbürgerungsbehörde Kreis Musterland"),
        # One criterion each: the field of action counts before the legal domain.
        ("bildung", "stag", "Südhausen", "Kommunales Integrationszentrum Kreis Musterland"),
        ("gesundheit", "", "Bergdorf", "Gesundheitsamt Kreis Musterland"),
        ("teilhabe", "sgb2", "Bergdorf", "Ehrenamtsbörse Musterland"),
    ],
)  # fmt: skip
def test_the_finder_answers_the_main_questions(musterland, field, domain, town, office):
    tenant = musterland.tenant
    match = find_responsible(
        get_actor(musterland.users["cm.nord"]),
        field=FieldOfAction.objects.get(tenant=tenant, code=field),
        legal_domain=domain,
        town=Town.objects.get(tenant=tenant, name=town),
        on=TODAY,
    )
    assert match.responsibility.organisation.name == office


def test_naturalisation_questions_reach_the_naturalisation_service(musterland):
    tenant = musterland.tenant
    match = find_responsible(
        get_actor(musterland.users["cm.nord"]),
        field=FieldOfAction.objects.get(tenant=tenant, code="aufenthalt"),
        legal_domain="stag",
        on=TODAY,
    )
    assert match.responsibility.service.name == "Einbürgerung"


def test_every_field_and_legal_domain_has_an_answer(musterland):
    tenant = musterland.tenant
    actor = get_actor(musterland.users["cm.sued"])
    for field in FieldOfAction.objects.filter(tenant=tenant):
        for domain in ["", *LegalDomain.values]:
            match = find_responsible(actor, field=field, legal_domain=domain, on=TODAY)
            assert match is not None, (field.code, domain)
    assert Responsibility.objects.filter(tenant=tenant).count() >= 30


def test_loading_it_again_changes_nothing(musterland):
    before = (Service.objects.count(), Responsibility.objects.count(), AuditEvent.objects.count())
    with override_settings(DEMO_MODE=True):
        structure = demo_structure()
        assert add_directory(structure, today=TODAY) is False
    assert (
        Service.objects.count(),
        Responsibility.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_it_was_written_by_the_coordination_through_the_services(musterland):
    coordination = musterland.users["koordination"]
    creates = AuditEvent.objects.filter(action="service.create")
    assert creates.count() == Service.objects.count()
    assert set(creates.values_list("actor", flat=True)) == {coordination.pk}
    reviewed = Service.objects.filter(reviewed_on__isnull=False)
    assert set(reviewed.values_list("reviewed_by", flat=True)) == {coordination.pk}
