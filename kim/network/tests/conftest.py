from dataclasses import dataclass
from datetime import date

import pytest

from kim.cases.models import TargetGroup
from kim.core.actor import get_actor
from kim.core.models import District, Organisation, Town
from kim.network.models import Responsibility, Service
from kim.network.services.directory import organisation_create, service_create
from kim.testing.factories import TownFactory


@dataclass
class Directory:
    """Kreis Testland's directory: two towns, three organisations, four services,
    a few responsibilities; and one service of the other tenant."""

    town: Town  # Testhausen
    town_b: Town  # Feldberg
    district: District  # Testhausen-Mitte
    jobcenter: Organisation
    awo: Organisation
    abh: Organisation
    language_cafe: Service
    job_coaching: Service
    housing: Service
    residence_advice: Service
    other_tenant_service: Service
    responsibilities: list[Responsibility]


def build_directory(world) -> Directory:
    coordination = get_actor(world.coordination)
    tenant = world.tenant
    town = world.town
    town.postcodes = "12345, 12346"
    town.save()
    town_b = TownFactory(tenant=tenant, name="Feldberg", postcodes="12350")
    district = District.objects.create(tenant=tenant, town=town, name="Mitte")
    sprache, arbeit = world.fields
    groups = {g.code: g for g in TargetGroup.objects.filter(tenant=tenant)}
    jobcenter = organisation_create(
        actor=coordination,
        name="Jobcenter Testland",
        kind=Organisation.Kind.JOBCENTER,
        street="Amtsweg 1",
        postcode="12345",
        city="Testhausen",
        phone="02331 1000",
        email="info@jobcenter.example",
    )
    awo = organisation_create(
        actor=coordination,
        name="AWO Testland",
        kind=Organisation.Kind.WELFARE_PROVIDER,
        street="Lindenweg 4",
        postcode="12350",
        city="Feldberg",
    )
    abh = world.unit_authority.organisation
    language_cafe = service_create(
        actor=coordination,
        organisation=awo,
        name="Sprachcafé",
        description="Hier üben Sie Deutsch. Sie brauchen keinen Termin.",
        fields=[sprache],
        target_groups=[groups["neuzugewanderte"]],
        languages=["ar", "uk", "de"],
        towns=[town_b],
        opening_hours="Dienstag 15 bis 17 Uhr",
        directions="Bus 5 bis Lindenweg",
        waiting_weeks=0,
        reviewed_on=date(2020, 1, 10),
    )
    job_coaching = service_create(
        actor=coordination,
        organisation=jobcenter,
        name="Jobcoaching",
        description="Wir helfen bei der Suche nach Arbeit.",
        fields=[arbeit],
        legal_domains=["sgb2"],
        languages=["tr", "de"],
        accepts_referrals=True,
        referral_email="vermittlung@jobcenter.example",
        waiting_weeks=3,
        contact_phone="02331 1001",
        reviewed_on=date.today(),
    )
    housing = service_create(
        actor=coordination,
        organisation=awo,
        name="Wohnraumberatung",
        description="Hilfe bei der Suche nach einer Wohnung.",
        towns=[town],
        districts=[district],
        languages=["ru"],
        waiting_weeks=6,
    )
    residence_advice = service_create(
        actor=coordination,
        organisation=awo,
        name="Aufenthaltsberatung",
        description="Beratung zu Aufenthalt und Papieren.",
        legal_domains=["aufenthg", "asylblg"],
        languages=["fa", "ar"],
        waiting_weeks=2,
    )
    other_org = Organisation.objects.create(
        tenant=world.other_tenant, name="Träger Anderswo", kind=Organisation.Kind.OTHER
    )
    other_service = Service.objects.create(
        tenant=world.other_tenant,
        organisation=other_org,
        name="Sprachcafé Anderswo",
        description="Anderswo.",
    )
    responsibilities = [
        Responsibility.objects.create(
            tenant=tenant, field=arbeit, legal_domain="sgb2", organisation=jobcenter,
            service=job_coaching,
        ),
        Responsibility.objects.create(tenant=tenant, field=arbeit, organisation=awo),
        Responsibility.objects.create(
            tenant=tenant, field=sprache, town=town_b, organisation=awo, service=language_cafe
        ),
        Responsibility.objects.create(tenant=tenant, legal_domain="aufenthg", organisation=abh),
    ]  # fmt: skip
    return Directory(
        town=town,
        town_b=town_b,
        district=district,
        jobcenter=jobcenter,
        awo=awo,
        abh=abh,
        language_cafe=language_cafe,
        job_coaching=job_coaching,
        housing=housing,
        residence_advice=residence_advice,
        other_tenant_service=other_service,
        responsibilities=responsibilities,
    )


@pytest.fixture
def directory(world):
    return build_directory(world)
