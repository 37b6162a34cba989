"""The demo and benchmark data: what the guided tour relies on, and that the bulk
writer produces the rows the services would."""

from collections import Counter
from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, Max, OuterRef
from django.test import RequestFactory

from kim.accounts.models import Membership, User
from kim.cases.models import Case, CasePhaseChange, Contact
from kim.core.actor import get_actor
from kim.core.models import AuditEvent, FieldOfAction, Tenant, Unit
from kim.demo.bulk import person_names, search_entries
from kim.demo.catalogues import DEFAULT_FIELDS_OF_ACTION
from kim.demo.generator import STATEWIDE_SCALE, generate, population, tenant_specs
from kim.people.models import Person, PersonAlias, PersonNameKey, PersonUnit
from kim.people.selectors import duplicate_candidates, person_search, visible_persons
from kim.people.services import person_reindex

MODELS = [
    Tenant, Unit, FieldOfAction, User, Membership, Person, PersonAlias, PersonNameKey,
    PersonUnit, Case, Contact, AuditEvent,
]  # fmt: skip


def snapshot() -> dict:
    counts = {m._meta.label: m.objects.count() for m in MODELS}
    counts["passwords"] = sorted(User.objects.values_list("username", "password"))
    counts["cases"] = sorted(Case.objects.values_list("number", "status", "last_contact_on"))
    return counts


def names_of(person: Person) -> list[str]:
    aliases = list(person.aliases.values("family_name", "given_names"))
    fields = {"family_name": person.family_name, "given_names": person.given_names}
    return person_names(fields, aliases)


def assert_rows_like_the_services(tenant: Tenant) -> None:
    persons = Person.objects.filter(tenant=tenant).prefetch_related("aliases")
    keys = Counter()
    for token, code, person_id in PersonNameKey.objects.filter(tenant=tenant).values_list(
        "token", "phonetic", "person_id"
    ):
        keys[(person_id, token, code)] += 1
    for person in persons:
        search_name, expected = search_entries(names_of(person))
        assert person.search_name == search_name
        stored = sorted((t, c) for (pid, t, c) in keys if pid == person.pk)
        assert stored == sorted(expected), person.full_name
        assert PersonUnit.objects.filter(person=person, unit_id=person.owner_unit_id).exists()
    held = PersonUnit.objects.filter(person_id=OuterRef("person_id"), unit_id=OuterRef("unit_id"))
    cases = Case.objects.filter(tenant=tenant)
    assert not cases.filter(~Exists(held)).exists()
    latest = dict(
        Contact.objects.filter(tenant=tenant).values_list("case_id").annotate(d=Max("date"))
    )
    for case in cases:
        assert case.last_contact_on == latest.get(case.pk)
        unit_code, year, sequence = case.number.rsplit("-", 2)
        assert (unit_code, int(year)) == (case.unit.code, case.opened_on.year)
        assert len(sequence) == 4
    assert not cases.values("number").annotate(n=Count("id")).filter(n__gt=1).exists()


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True
    return settings


def test_load_demo_creates_kreis_musterland_with_its_cast(db, demo_mode):
    call_command("load_demo", stdout=StringIO())

    tenant = Tenant.objects.get(slug="musterland")
    assert tenant.kind == Tenant.Kind.KREIS
    assert sorted(
        FieldOfAction.objects.filter(tenant=tenant).values_list("code", "name")
    ) == sorted(DEFAULT_FIELDS_OF_ACTION)
    roles = {
        "cm.nord": ("NORD", "case_manager"),
        "cm.sued": ("SUED", "case_manager"),
        "leitung.nord": ("NORD", "team_lead"),
        "koordination": ("KI", "coordination"),
        "abh": ("ABH", "authority"),
        "datenschutz": ("KI", "data_protection"),
        "admin": ("KI", "administration"),
    }
    for username, (unit_code, role) in roles.items():
        user = User.objects.get(username=username)
        assert user.is_demo and user.tenant == tenant and user.first_name and user.last_name
        assert Membership.objects.filter(user=user, unit__code=unit_code, role__code=role).exists()
    assert Person.objects.filter(tenant=tenant).count() == 200

    cm = get_actor(User.objects.get(username="cm.nord"))
    visible = visible_persons(cm)
    assert visible.filter(given_names="Mohammed", family_name="Al-Hassan").exists()
    assert visible.filter(family_name="Müller").exists()
    assert 15 <= Case.objects.filter(case_manager=cm.user, status="open").count() <= 25
    hits = duplicate_candidates(
        cm,
        family_name="Al-Hassan",
        given_names="Mohammed",
        birth_date=visible.get(family_name="Al-Hassan", given_names="Mohammed").birth_date,
    )
    assert {"Mohammed Al-Hassan", "Muhammad Alhasan"} <= {h.person.full_name for h in hits}
    assert person_search(cm, "Mueller")

    # Persons, cases and contacts went through the services: audit trail included.
    assert AuditEvent.objects.filter(action="person.register").count() == 200
    assert AuditEvent.objects.filter(action="contact.create").count() == Contact.objects.count()
    assert_rows_like_the_services(tenant)

    before = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == before


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
