"""factory_boy factories and the fixed cast of test users."""

from dataclasses import dataclass
from datetime import date

import factory
from factory.django import DjangoModelFactory

from kim.accounts.models import Membership, Role, User
from kim.core.models import FieldOfAction, Organisation, Tenant, Town, Unit

PASSWORD = "test-passwort-123"  # noqa: S105


class TenantFactory(DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kreis Test {n}")
    slug = factory.Sequence(lambda n: f"kreis-test-{n}")
    kind = Tenant.Kind.KREIS


class TownFactory(DjangoModelFactory):
    class Meta:
        model = Town

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Teststadt {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Träger {n}")
    kind = Organisation.Kind.WELFARE_PROVIDER


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    tenant = factory.SubFactory(TenantFactory)
    organisation = factory.SubFactory(OrganisationFactory, tenant=factory.SelfAttribute("..tenant"))
    name = factory.Sequence(lambda n: f"Team {n}")
    code = factory.Sequence(lambda n: f"T{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    tenant = factory.SubFactory(TenantFactory)
    password = factory.django.Password(PASSWORD)


def member(user: User, unit: Unit, role_code: str) -> Membership:
    return Membership.objects.create(
        tenant=unit.tenant, user=user, unit=unit, role=Role.objects.get(code=role_code)
    )


@dataclass
class World:
    """Two tenants; the first with two case-management units.

    Cast: cm (case manager, unit A), cm_b (case manager, unit B), lead (team
    lead, unit A), coordination, authority, data_protection, admin, and
    outsider (case manager in the other tenant).
    """

    tenant: Tenant
    other_tenant: Tenant
    town: Town
    unit_a: Unit
    unit_b: Unit
    unit_authority: Unit
    unit_coordination: Unit
    unit_other: Unit
    cm: User
    cm_b: User
    lead: User
    coordination: User
    authority: User
    data_protection: User
    admin: User
    outsider: User
    fields: list[FieldOfAction]

    def users(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "cm",
                "cm_b",
                "lead",
                "coordination",
                "authority",
                "data_protection",
                "admin",
                "outsider",
            )
        }


def build_world() -> World:
    tenant = TenantFactory(name="Kreis Testland", slug="testland")
    other = TenantFactory(name="Stadt Anderswo", slug="anderswo", kind=Tenant.Kind.KREISFREIE_STADT)
    town = TownFactory(tenant=tenant, name="Testhausen")
    unit_a = UnitFactory(tenant=tenant, name="Case Management Nord", code="NORD")
    unit_b = UnitFactory(tenant=tenant, name="Case Management Süd", code="SUED")
    unit_authority = UnitFactory(
        tenant=tenant,
        name="Ausländerbehörde",
        code="ABH",
        organisation=OrganisationFactory(
            tenant=tenant, kind=Organisation.Kind.FOREIGNERS_AUTHORITY
        ),
    )
    unit_coordination = UnitFactory(tenant=tenant, name="KI Koordination", code="KI")
    unit_other = UnitFactory(tenant=other, name="Case Management Anderswo", code="AND")
    from kim.core.tenants import tenant_seed

    tenant_seed(tenant)
    tenant_seed(other)
    fields = [
        FieldOfAction.objects.create(tenant=tenant, code="sprache", name="Sprache", position=1),
        FieldOfAction.objects.create(tenant=tenant, code="arbeit", name="Arbeit", position=2),
    ]

    def user(username, unit, role):
        u = UserFactory(username=username, tenant=unit.tenant)
        member(u, unit, role)
        return u

    return World(
        tenant=tenant,
        other_tenant=other,
        town=town,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_authority=unit_authority,
        unit_coordination=unit_coordination,
        unit_other=unit_other,
        cm=user("cm", unit_a, "case_manager"),
        cm_b=user("cm_b", unit_b, "case_manager"),
        lead=user("lead", unit_a, "team_lead"),
        coordination=user("coordination", unit_coordination, "coordination"),
        authority=user("authority", unit_authority, "authority"),
        data_protection=user("data_protection", unit_coordination, "data_protection"),
        admin=user("admin", unit_coordination, "administration"),
        outsider=user("outsider", unit_other, "case_manager"),
        fields=fields,
    )


def register_person(actor_user, unit, **fields):
    """Register a person through the service, as the application does."""
    from kim.core.actor import get_actor
    from kim.people.services import person_register

    fields.setdefault("family_name", "Muster")
    fields.setdefault("given_names", "Erika")
    fields.setdefault("birth_date", date(1990, 5, 17))
    return person_register(actor=get_actor(actor_user), unit=unit, **fields)


def open_case(actor_user, person, unit, **kwargs):
    from kim.cases.services import case_open
    from kim.core.actor import get_actor

    return case_open(actor=get_actor(actor_user), person=person, unit=unit, **kwargs)


def correct_consent(actor_user, consent, **changes):
    """Correct a consent through the service, keeping every field not named in `changes`."""
    from kim.core.actor import get_actor
    from kim.people.services import consent_update

    consent.refresh_from_db()
    values = {
        "data_categories": list(consent.data_categories),
        "purpose": consent.purpose,
        "purpose_category": consent.purpose_category,
        "given_on": consent.given_on,
        "form": consent.form,
        "recipient_organisations": list(consent.recipient_organisations.all()),
        "recipient_kinds": list(consent.recipient_kinds),
        "valid_until": consent.valid_until,
    }
    values.update(changes)
    return consent_update(
        actor=get_actor(actor_user), consent=consent, version=consent.version, **values
    )
