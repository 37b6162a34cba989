"""Kreis Musterland's services directory, written through the network's services.

Idempotent: a tenant that already has services is left alone, so the
directory appears in existing demo databases on the next `load_demo` and a
second run changes nothing. Reviews are dated relative to `today`; the
coordination ("koordination") writes and reviews, as in real use.
"""

from datetime import date, timedelta

from kim.cases.models import TargetGroup
from kim.core.actor import get_actor
from kim.core.models import District, FieldOfAction, Organisation, Town
from kim.demo.directory_data import ORGANISATIONS, RESPONSIBILITIES, SERVICES
from kim.network.models import OrganisationProfile, Service
from kim.network.services.directory import (
    organisation_create,
    organisation_update,
    service_create,
)
from kim.network.services.responsibility import responsibility_create


def add_directory(structure, *, today: date) -> bool:
    """Create the directory of Kreis Musterland unless the tenant has one. True if created."""
    tenant = structure.tenant
    if Service.objects.filter(tenant=tenant).exists():
        return False
    actor = get_actor(structure.users["koordination"])
    organisations = _organisations(actor, structure)
    fields = {f.code: f for f in FieldOfAction.objects.filter(tenant=tenant)}
    groups = {g.code: g for g in TargetGroup.objects.filter(tenant=tenant)}
    towns = {t.name: t for t in Town.objects.filter(tenant=tenant)}
    districts = {
        (d.town.name, d.name): d
        for d in District.objects.filter(tenant=tenant).select_related("town")
    }
    services = {}
    for offer in SERVICES:
        service = service_create(
            actor=actor,
            organisation=organisations[offer.org],
            name=offer.name,
            description=offer.description,
            fields=[fields[code] for code in offer.fields.split()],
            target_groups=[groups[code] for code in offer.groups.split()],
            legal_domains=offer.domains.split(),
            languages=offer.languages.split(),
            towns=[towns[name] for name in offer.towns],
            districts=[districts[key] for key in offer.districts],
            street=offer.street,
            postcode=offer.postcode,
            city=offer.city,
            directions=offer.directions,
            opening_hours=offer.hours,
            contact_name=offer.contact,
            contact_phone=offer.phone,
            contact_email=offer.email,
            waiting_weeks=offer.weeks,
            capacity_note=offer.capacity,
            accepts_referrals=bool(offer.referrals),
            referral_email=offer.referrals,
            reviewed_on=today - timedelta(days=offer.reviewed)
            if offer.reviewed is not None
            else None,
        )
        services[(offer.org, offer.name)] = service
    for field_code, domain, town, org, service_name, note in RESPONSIBILITIES:
        responsibility_create(
            actor=actor,
            field=fields[field_code] if field_code else None,
            legal_domain=domain,
            town=towns[town] if town else None,
            organisation=organisations[org],
            service=services[(org, service_name)] if service_name else None,
            note=note,
        )
    return True


def _organisations(actor, structure) -> dict[str, Organisation]:
    """The demo's organisations with their directory details, and the further ones."""
    found = {}
    for org in ORGANISATIONS:
        details = {
            "street": org.street,
            "postcode": org.postcode,
            "city": org.city,
            "phone": org.phone,
            "email": org.email,
            "website": org.website,
            "description": org.description,
        }
        existing = structure.organisations.get(org.key)
        if existing is None:
            existing = Organisation.objects.filter(tenant=structure.tenant, name=org.name).first()
        if existing is None:
            found[org.key] = organisation_create(
                actor=actor, name=org.name, kind=org.kind, **details
            )
            continue
        version = (
            OrganisationProfile.objects.filter(organisation=existing)
            .values_list("version", flat=True)
            .first()
        )
        found[org.key] = organisation_update(
            actor=actor, organisation=existing, version=version or 1, **details
        )
    return found
