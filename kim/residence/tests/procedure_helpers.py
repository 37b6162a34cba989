"""Shared set-up of the procedure page and letter tests: an authority's procedure, the
authorities of another unit and another tenant, appointments and document text."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.utils import timezone

from kim.accounts.models import User
from kim.core.actor import get_actor
from kim.core.models import Organisation
from kim.residence import appointments
from kim.residence import procedures as svc
from kim.residence.models import Procedure, ProcedureAppointment
from kim.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    member,
    register_person,
)


def open_procedure(world, *, family_name="Antrag", days_ago=60, kind=Procedure.Kind.NATURALISATION):
    person = register_person(
        world.authority,
        world.unit_authority,
        family_name=family_name,
        given_names="Amira",
        birth_date=date(1988, 3, 14),
        street="Lindenweg 4",
        postcode="12345",
        town=world.town,
    )
    return svc.procedure_open(
        actor=get_actor(world.authority),
        person=person,
        unit=world.unit_authority,
        kind=kind,
        opened_on=timezone.localdate() - timedelta(days=days_ago),
    )


def mark_all(world, procedure, day=None):
    for code, _label in svc.checklist(procedure.kind):
        svc.document_mark(
            actor=get_actor(world.authority),
            procedure=procedure,
            code=code,
            received_on=day or timezone.localdate() - timedelta(days=10),
        )


def next_week_at(hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=7), time(hour, minute))
    )


def make_appointment(world, procedure, **fields) -> ProcedureAppointment:
    starts_at = fields.pop("starts_at", next_week_at(10))
    values = {
        "purpose": ProcedureAppointment.Purpose.APPLICATION,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=30),
        "place": "Kreishaus, Am Markt 1, Zimmer 112",
        "bring": "Gültiger Pass\nGeburtsurkunde",
    } | fields
    return appointments.appointment_create(
        actor=get_actor(world.authority), procedure=procedure, **values
    )


@dataclass
class OtherAuthorities:
    other_unit: User  # authority in a second authority unit of the same tenant
    other_tenant: User  # authority in the other tenant


def other_authorities(world) -> OtherAuthorities:
    second = UnitFactory(
        tenant=world.tenant,
        name="Einbürgerungsstelle Süd",
        code="EBS",
        organisation=OrganisationFactory(
            tenant=world.tenant, kind=Organisation.Kind.FOREIGNERS_AUTHORITY
        ),
    )
    abroad = UnitFactory(
        tenant=world.other_tenant,
        name="Ausländerbehörde Anderswo",
        code="ABHA",
        organisation=OrganisationFactory(
            tenant=world.other_tenant, kind=Organisation.Kind.FOREIGNERS_AUTHORITY
        ),
    )
    one = UserFactory(username="abh_sued", tenant=world.tenant)
    member(one, second, "authority")
    two = UserFactory(username="abh_anderswo", tenant=world.other_tenant)
    member(two, abroad, "authority")
    return OtherAuthorities(other_unit=one, other_tenant=two)


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)
