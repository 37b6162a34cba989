"""The generator's guards and the benchmark data: the bulk writer produces the
rows the services would. What the demo holds: test_demo_content."""

from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from kim.accounts.models import User
from kim.cases.models import Case, CasePhaseChange, Contact
from kim.core.actor import get_actor
from kim.core.models import Tenant
from kim.demo.generator import STATEWIDE_SCALE, generate, population, tenant_specs
from kim.demo.tests.helpers import assert_rows_like_the_services
from kim.people.models import Person, PersonNameKey
from kim.people.selectors import person_search, visible_persons
from kim.people.services import person_reindex


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True
    return settings


def test_demo_users_log_in_only_in_demo_mode(db, demo_mode):
    generate(demo_persons=5, log=lambda _: None)
    request = RequestFactory().post("/konto/anmelden/")

    assert authenticate(request, username="cm.nord", password="demo") is not None
    demo_mode.DEMO_MODE = False
    assert authenticate(request, username="cm.nord", password="demo") is None


def test_it_refuses_to_touch_an_account_that_is_not_a_demo_account(db, demo_mode):
    real = User.objects.create_user("admin", password="geheim-und-lang-123")

    with pytest.raises(CommandError, match="admin"):
        call_command("load_demo", "--persons", "5", stdout=StringIO())
    real.refresh_from_db()
    assert not real.is_demo and not real.memberships.exists()
    assert not Tenant.objects.filter(slug="musterland").exists()


def test_bulk_tenants_hold_the_rows_the_services_would_write(db, demo_mode):
    created = generate(scale=2, demo_persons=10, log=lambda _: None)

    assert created["tenants"] == 2
    tenant = Tenant.objects.get(slug="musterland-2")
    assert Person.objects.filter(tenant=tenant).count() == 200
    assert Case.objects.filter(tenant=tenant).count() > 150
    assert Contact.objects.filter(tenant=tenant).count() > 1000
    assert_rows_like_the_services(tenant)

    # Each case has its phase, in step with its status, and the history leading there.
    cases = Case.objects.filter(tenant=tenant)
    assert not cases.filter(status="closed").exclude(phase="closed").exists()
    assert not cases.filter(status="open", phase="closed").exists()
    assert cases.filter(status="open").exclude(phase="intake").exists()
    assert not cases.filter(phase="assessment").exclude(cm_indicated="yes").exists()
    history = CasePhaseChange.objects.filter(case__tenant=tenant)
    assert history.filter(from_phase="").count() == cases.count()
    for case in cases.prefetch_related("phase_changes"):
        rows = list(case.phase_changes.all())
        assert rows[-1].to_phase == case.phase
        assert all(a.to_phase == b.from_phase for a, b in pairwise(rows))

    # Reindexing through the service changes nothing.
    person = Person.objects.filter(tenant=tenant, aliases__isnull=False).first()
    before = sorted(PersonNameKey.objects.filter(person=person).values_list("token", "phonetic"))
    person_reindex(person)
    assert (
        sorted(PersonNameKey.objects.filter(person=person).values_list("token", "phonetic"))
        == before
    )

    # A case manager of the bulk tenant sees their unit's persons and can search them.
    manager = User.objects.filter(tenant=tenant, username__contains=".cm").first()
    actor = get_actor(manager)
    some = visible_persons(actor).first()
    assert person_search(actor, some.family_name[:4])

    assert population(2, demo_persons=10) == "complete"
    assert population(40, demo_persons=10) == "different"
    assert generate(scale=2, demo_persons=10, log=lambda _: None)["tenants"] == 0


def test_statewide_scale_spreads_300000_persons_over_54_tenants():
    specs = tenant_specs(STATEWIDE_SCALE)

    assert len(specs) == 54
    assert sum(s.persons for s in specs) == 300_000
    assert sum(s.kind == Tenant.Kind.KREISFREIE_STADT for s in specs) == 23
    assert len({s.slug for s in specs}) == 54
    assert tenant_specs(STATEWIDE_SCALE) == specs
