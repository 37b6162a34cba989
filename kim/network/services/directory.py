"""Writes of the directory: services and organisations' directory details.

Every function checks DIRECTORY_MANAGE, validates, locks the row it changes,
writes and appends its audit event in one transaction. Editable rows carry
`version`: a save based on an older version raises StaleEdit.
The same validation (`service_errors`, `organisation_errors`) serves the
import, which checks a whole file before it writes anything.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import TargetGroup
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import District, FieldOfAction, Organisation, Town
from kim.network.abilities import may_manage_directory
from kim.network.models import OrganisationProfile, Service, profile_of
from kim.people.catalogues import LANGUAGE_NAMES
from kim.people.models import LegalDomain

# What a form, the API or an import row sets on a service, besides its organisation.
SERVICE_FIELDS = [
    "name",
    "description",
    "legal_domains",
    "languages",
    "street",
    "postcode",
    "city",
    "directions",
    "opening_hours",
    "contact_name",
    "contact_phone",
    "contact_email",
    "waiting_weeks",
    "capacity_note",
    "accepts_referrals",
    "referral_email",
    "reviewed_on",
]
SERVICE_RELATIONS = ["fields", "target_groups", "towns", "districts"]
_RELATED_MODELS = {
    "fields": FieldOfAction,
    "target_groups": TargetGroup,
    "towns": Town,
    "districts": District,
}
PROFILE_FIELDS = ["street", "postcode", "city", "phone", "email", "website", "description"]
TEXT_DEFAULTS = {
    "legal_domains": list,
    "languages": list,
    "waiting_weeks": lambda: None,
    "accepts_referrals": lambda: False,
    "reviewed_on": lambda: None,
}


def _require_manage(actor: Actor, tenant_id: int | None) -> None:
    if tenant_id is None or actor.tenant_id != tenant_id or not may_manage_directory(actor):
        raise NotAllowed


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(str(message))


def _clean_model(obj, exclude: list[str], errors: dict) -> None:
    try:
        obj.full_clean(exclude=["tenant", *exclude], validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else value


# --- services --------------------------------------------------------------------------


def normalise_service_data(data: dict) -> dict:
    """Every field of SERVICE_FIELDS and SERVICE_RELATIONS, stripped, with defaults."""
    clean = {}
    for name in SERVICE_FIELDS:
        value = data.get(name)
        if value is None and name in TEXT_DEFAULTS:
            value = TEXT_DEFAULTS[name]()
        clean[name] = _text(value) if name not in TEXT_DEFAULTS else value
    clean["legal_domains"] = sorted(set(clean["legal_domains"] or []))
    clean["languages"] = _ordered_languages(clean["languages"] or [])
    for name in SERVICE_RELATIONS:
        clean[name] = list(data.get(name) or [])
    return clean


def _ordered_languages(codes) -> list[str]:
    """Each language once, in the order of the language list (German last is not special)."""
    order = {code: i for i, code in enumerate(LANGUAGE_NAMES)}
    return sorted(set(codes), key=lambda code: (order.get(code, len(order)), code))


def service_errors(
    *,
    tenant_id: int,
    organisation: Organisation | None,
    data: dict,
    exclude_pk: int | None = None,
) -> dict[str, list[str]]:
    """What is wrong with these service data (normalised), by field; empty when all is well."""
    errors: dict[str, list[str]] = {}
    probe = Service(tenant_id=tenant_id, **{name: data[name] for name in SERVICE_FIELDS})
    _clean_model(probe, ["organisation", "reviewed_by"], errors)
    if not data["name"]:
        errors["name"] = [_("Bitte den Namen des Angebots angeben.")]
    if not data["description"]:
        errors["description"] = [_("Bitte in einfachen Worten beschreiben, was es hier gibt.")]
    unknown = [code for code in data["legal_domains"] if code not in LegalDomain.values]
    if unknown:
        _add(errors, "legal_domains", _("Unbekannter Rechtskreis: %s") % ", ".join(unknown))
    unknown = [code for code in data["languages"] if code not in LANGUAGE_NAMES]
    if unknown:
        _add(errors, "languages", _("Unbekannte Sprache: %s") % ", ".join(unknown))
    if data["accepts_referrals"] and not data["referral_email"]:
        _add(
            errors,
            "referral_email",
            _("Wer Vermittlungen annimmt, braucht eine E-Mail-Adresse dafür."),
        )
    if data["postcode"] and not (data["postcode"].isdigit() and len(data["postcode"]) == 5):
        errors["postcode"] = [_("Die Postleitzahl hat fünf Ziffern.")]
    if data["reviewed_on"] and data["reviewed_on"] > timezone.localdate():
        _add(errors, "reviewed_on", _("Das Prüfdatum liegt in der Zukunft."))
    for name in SERVICE_RELATIONS:
        if any(obj.tenant_id != tenant_id for obj in data[name]):
            _add(errors, name, _("Dieser Eintrag gehört zu einer anderen Kommune."))
    towns = {town.pk for town in data["towns"]}
    outside = [str(d) for d in data["districts"] if towns and d.town_id not in towns]
    if outside:
        _add(
            errors,
            "districts",
            _("Diese Stadtteile liegen nicht in den gewählten Orten: %s") % ", ".join(outside),
        )
    if organisation is not None and data["name"] and "name" not in errors:
        same = Service.objects.filter(organisation=organisation).exclude(pk=exclude_pk)
        wanted = data["name"].casefold()
        if any(name.casefold() == wanted for name in same.values_list("name", flat=True)):
            errors["name"] = [_("Diese Organisation hat schon ein Angebot mit diesem Namen.")]
    return errors


def snapshot(service: Service) -> dict:
    """A service as the audit trail records it: its fields and its relations by id."""
    values = {name: getattr(service, name) for name in SERVICE_FIELDS}
    values["organisation"] = service.organisation_id
    values["archived"] = service.archived_at is not None
    if service.pk:
        for name in SERVICE_RELATIONS:
            values[name] = sorted(obj.pk for obj in getattr(service, name).all())
    return values


def _set_relations(service: Service, data: dict) -> None:
    for name in SERVICE_RELATIONS:
        getattr(service, name).set(data[name])


def _write_review(actor: Actor, service: Service, reviewed_on, before) -> None:
    if reviewed_on != before:
        service.reviewed_by = actor.user if reviewed_on else None


@transaction.atomic
def service_create(*, actor: Actor, organisation: Organisation, **data) -> Service:
    _require_manage(actor, organisation.tenant_id)
    data = normalise_service_data(data)
    errors = service_errors(tenant_id=organisation.tenant_id, organisation=organisation, data=data)
    # Asked afresh: the caller's organisation object may carry older directory details.
    if OrganisationProfile.objects.filter(
        organisation=organisation, archived_at__isnull=False
    ).exists():
        _add(errors, "organisation", _("Die Organisation ist archiviert."))
    _raise_if(errors)
    service = Service(
        tenant_id=organisation.tenant_id,
        organisation=organisation,
        **{name: data[name] for name in SERVICE_FIELDS},
    )
    _write_review(actor, service, data["reviewed_on"], None)
    service.save()
    _set_relations(service, data)
    audit(actor=actor, action="service.create", obj=service, changes=diff({}, snapshot(service)))
    return service


def _locked(service: Service) -> Service:
    return Service.objects.select_for_update().get(pk=service.pk)


@transaction.atomic
def service_update(
    *,
    actor: Actor,
    service: Service,
    version: int,
    organisation: Organisation | None = None,
    **data,
) -> Service:
    """Change a service; every field not given keeps its value."""
    _require_manage(actor, service.tenant_id)
    current = _locked(service)
    if current.version != version:
        raise StaleEdit(current)
    if current.archived_at is not None:
        raise ValidationError(_("Das Angebot ist archiviert. Stellen Sie es zuerst wieder her."))
    organisation = organisation or current.organisation
    if organisation.tenant_id != current.tenant_id:
        raise NotAllowed
    before = snapshot(current)
    merged = {name: data.get(name, before[name]) for name in SERVICE_FIELDS}
    for name in SERVICE_RELATIONS:
        merged[name] = data[name] if name in data else list(getattr(current, name).all())
    merged = normalise_service_data(merged)
    errors = service_errors(
        tenant_id=current.tenant_id,
        organisation=organisation,
        data=merged,
        exclude_pk=current.pk,
    )
    _raise_if(errors)
    _write_review(actor, current, merged["reviewed_on"], current.reviewed_on)
    current.organisation = organisation
    for name in SERVICE_FIELDS:
        setattr(current, name, merged[name])
    _set_relations(current, merged)
    after = snapshot(current)
    changes = diff(before, after)
    if changes:
        current.version += 1
        current.save()
        audit(
            actor=actor,
            action="service.update",
            obj=current,
            changes=changes | {"version": [version, current.version]},
        )
    return current


@transaction.atomic
def service_mark_reviewed(*, actor: Actor, service: Service, version: int) -> Service:
    """The coordination checked the entry and found it right: reviewed today, by them."""
    _require_manage(actor, service.tenant_id)
    current = _locked(service)
    if current.version != version:
        raise StaleEdit(current)
    if current.archived_at is not None:
        raise ValidationError(_("Das Angebot ist archiviert."))
    before = current.reviewed_on
    current.reviewed_on = timezone.localdate()
    current.reviewed_by = actor.user
    current.version += 1
    current.save(update_fields=["reviewed_on", "reviewed_by", "version", "updated_at"])
    audit(
        actor=actor,
        action="service.review",
        obj=current,
        changes={"reviewed_on": [str(before) if before else None, str(current.reviewed_on)]},
    )
    return current


@transaction.atomic
def service_archive(*, actor: Actor, service: Service, version: int, reason: str = "") -> Service:
    """No longer offered: it leaves the search and the lists, and stays for the record."""
    _require_manage(actor, service.tenant_id)
    current = _locked(service)
    if current.version != version:
        raise StaleEdit(current)
    if current.archived_at is not None:
        raise ValidationError(_("Das Angebot ist bereits archiviert."))
    current.archived_at = timezone.now()
    current.version += 1
    current.save(update_fields=["archived_at", "version", "updated_at"])
    audit(
        actor=actor,
        action="service.archive",
        obj=current,
        changes={"archived": [False, True]},
        reason=(reason or "").strip(),
    )
    return current


@transaction.atomic
def service_restore(*, actor: Actor, service: Service, version: int) -> Service:
    _require_manage(actor, service.tenant_id)
    current = _locked(service)
    if current.version != version:
        raise StaleEdit(current)
    if current.archived_at is None:
        raise ValidationError(_("Das Angebot ist nicht archiviert."))
    profile = profile_of(current.organisation)
    if profile is not None and profile.archived_at is not None:
        raise ValidationError(
            _("Die Organisation ist archiviert. Stellen Sie zuerst die Organisation wieder her.")
        )
    current.archived_at = None
    current.version += 1
    current.save(update_fields=["archived_at", "version", "updated_at"])
    audit(actor=actor, action="service.restore", obj=current, changes={"archived": [True, False]})
    return current


# --- organisations -----------------------------------------------------------------------


def normalise_profile_data(data: dict) -> dict:
    return {name: _text(data.get(name)) for name in PROFILE_FIELDS}


def organisation_errors(
    *, tenant_id: int, name: str, kind: str, profile: dict, exclude_pk: int | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    probe = Organisation(tenant_id=tenant_id, name=name, kind=kind)
    _clean_model(probe, [], errors)
    if not name:
        errors["name"] = [_("Bitte den Namen der Organisation angeben.")]
    if not kind:
        errors["kind"] = [_("Bitte die Art der Organisation auswählen.")]
    details = OrganisationProfile(tenant_id=tenant_id, **profile)
    _clean_model(details, ["organisation"], errors)
    if profile["postcode"] and not (
        profile["postcode"].isdigit() and len(profile["postcode"]) == 5
    ):
        errors["postcode"] = [_("Die Postleitzahl hat fünf Ziffern.")]
    if name and "name" not in errors:
        others = Organisation.objects.filter(tenant_id=tenant_id).exclude(pk=exclude_pk)
        wanted = name.casefold()
        if any(n.casefold() == wanted for n in others.values_list("name", flat=True)):
            errors["name"] = [_("Eine Organisation mit diesem Namen gibt es bereits.")]
    return errors


def organisation_snapshot(organisation: Organisation, profile: OrganisationProfile | None) -> dict:
    values = {"name": organisation.name, "kind": organisation.kind}
    for name in PROFILE_FIELDS:
        values[name] = getattr(profile, name) if profile else ""
    values["archived"] = bool(profile and profile.archived_at)
    return values


@transaction.atomic
def organisation_create(*, actor: Actor, name: str, kind: str, **profile) -> Organisation:
    """A new organisation of the tenant with its directory details."""
    _require_manage(actor, actor.tenant_id)
    name = _text(name)
    profile = normalise_profile_data(profile)
    _raise_if(organisation_errors(tenant_id=actor.tenant_id, name=name, kind=kind, profile=profile))
    organisation = Organisation.objects.create(tenant_id=actor.tenant_id, name=name, kind=kind)
    details = OrganisationProfile.objects.create(
        tenant_id=actor.tenant_id, organisation=organisation, **profile
    )
    audit(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        changes=diff({}, organisation_snapshot(organisation, details)),
    )
    return organisation


def _locked_profile(organisation: Organisation) -> OrganisationProfile:
    """The organisation's directory details, locked; created (version 1) when it has none yet."""
    details, _created = OrganisationProfile.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"tenant_id": organisation.tenant_id}
    )
    return details


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, version: int, **data
) -> Organisation:
    """Change an organisation's name, kind or directory details; fields not given stay."""
    _require_manage(actor, organisation.tenant_id)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    details = _locked_profile(current)
    if details.version != version:
        raise StaleEdit(details)
    if details.archived_at is not None:
        raise ValidationError(
            _("Die Organisation ist archiviert. Stellen Sie sie zuerst wieder her.")
        )
    before = organisation_snapshot(current, details)
    name = _text(data.get("name", current.name))
    kind = data.get("kind", current.kind)
    profile = normalise_profile_data({n: data.get(n, before[n]) for n in PROFILE_FIELDS})
    _raise_if(
        organisation_errors(
            tenant_id=current.tenant_id,
            name=name,
            kind=kind,
            profile=profile,
            exclude_pk=current.pk,
        )
    )
    current.name, current.kind = name, kind
    for field, value in profile.items():
        setattr(details, field, value)
    changes = diff(before, organisation_snapshot(current, details))
    if changes:
        current.save()
        details.version += 1
        details.save()
        audit(
            actor=actor,
            action="organisation.update",
            obj=current,
            changes=changes | {"version": [version, details.version]},
        )
    current.profile = details
    return current


@transaction.atomic
def organisation_archive(
    *, actor: Actor, organisation: Organisation, version: int, reason: str = ""
) -> Organisation:
    """The organisation leaves the directory, and with it each of its active services."""
    _require_manage(actor, organisation.tenant_id)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    details = _locked_profile(current)
    if details.version != version:
        raise StaleEdit(details)
    if details.archived_at is not None:
        raise ValidationError(_("Die Organisation ist bereits archiviert."))
    now = timezone.now()
    services = list(
        Service.objects.select_for_update().filter(organisation=current, archived_at__isnull=True)
    )
    for service in services:
        service.archived_at = now
        service.version += 1
        service.save(update_fields=["archived_at", "version", "updated_at"])
        audit(
            actor=actor,
            action="service.archive",
            obj=service,
            changes={"archived": [False, True], "with_organisation": current.pk},
            reason=(reason or "").strip(),
        )
    details.archived_at = now
    details.version += 1
    details.save(update_fields=["archived_at", "version", "updated_at"])
    audit(
        actor=actor,
        action="organisation.archive",
        obj=current,
        changes={"archived": [False, True], "services": [s.pk for s in services]},
        reason=(reason or "").strip(),
    )
    current.profile = details
    return current


@transaction.atomic
def organisation_restore(*, actor: Actor, organisation: Organisation, version: int) -> Organisation:
    """Back in the directory; its services stay archived until restored one by one."""
    _require_manage(actor, organisation.tenant_id)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    details = _locked_profile(current)
    if details.version != version:
        raise StaleEdit(details)
    if details.archived_at is None:
        raise ValidationError(_("Die Organisation ist nicht archiviert."))
    details.archived_at = None
    details.version += 1
    details.save(update_fields=["archived_at", "version", "updated_at"])
    audit(
        actor=actor,
        action="organisation.restore",
        obj=current,
        changes={"archived": [True, False]},
    )
    current.profile = details
    return current
