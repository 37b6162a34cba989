"""Writes of responsibilities (Zuständigkeiten), maintained by the coordination.

Two rows with the same field of action, legal domain and town whose periods
overlap would leave the finder to choose by age; they are refused instead,
so that every answer the finder gives is one the coordination decided.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.network.abilities import may_manage_directory
from kim.network.models import Responsibility

RESPONSIBILITY_FIELDS = [
    "field",
    "legal_domain",
    "town",
    "organisation",
    "service",
    "note",
    "valid_from",
    "valid_until",
]


def _require_manage(actor: Actor, tenant_id: int | None) -> None:
    if tenant_id is None or actor.tenant_id != tenant_id or not may_manage_directory(actor):
        raise NotAllowed


def _snapshot(row: Responsibility) -> dict:
    return {
        "field": row.field_id,
        "legal_domain": row.legal_domain,
        "town": row.town_id,
        "organisation": row.organisation_id,
        "service": row.service_id,
        "note": row.note,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
    }


def _overlaps(a_from, a_until, b_from, b_until) -> bool:
    return (a_from or date.min) <= (b_until or date.max) and (b_from or date.min) <= (
        a_until or date.max
    )


def _validate(row: Responsibility) -> None:
    errors: dict[str, list[str]] = {}
    try:
        row.full_clean(exclude=["tenant"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    for name in ("field", "town", "organisation", "service"):
        related = getattr(row, name)
        if related is not None and related.tenant_id != row.tenant_id:
            raise NotAllowed
    if row.service is not None and row.service.organisation_id != row.organisation_id:
        errors.setdefault("service", []).append(_("Das Angebot gehört nicht zur gewählten Stelle."))
    if row.valid_from and row.valid_until and row.valid_until < row.valid_from:
        errors.setdefault("valid_until", []).append(_("Das Ende liegt vor dem Beginn."))
    if not errors:
        same = Responsibility.objects.filter(
            tenant_id=row.tenant_id,
            field_id=row.field_id,
            legal_domain=row.legal_domain,
            town_id=row.town_id,
        ).exclude(pk=row.pk)
        for other in same.select_related("organisation"):
            if _overlaps(row.valid_from, row.valid_until, other.valid_from, other.valid_until):
                errors.setdefault("__all__", []).append(
                    _(
                        "Für dieses Handlungsfeld, diesen Rechtskreis und diesen Ort ist im "
                        "selben Zeitraum schon „%(office)s“ eingetragen. Beenden Sie diese "
                        "Zuständigkeit (gültig bis) oder ändern Sie sie."
                    )
                    % {"office": other.organisation.name}
                )
                break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def responsibility_create(*, actor: Actor, **data) -> Responsibility:
    _require_manage(actor, actor.tenant_id)
    row = Responsibility(tenant_id=actor.tenant_id)
    for name in RESPONSIBILITY_FIELDS:
        value = data.get(name)
        setattr(row, name, (value or "").strip() if name in ("note", "legal_domain") else value)
    _validate(row)
    row.save()
    audit(actor=actor, action="responsibility.create", obj=row, changes=diff({}, _snapshot(row)))
    return row


@transaction.atomic
def responsibility_update(
    *, actor: Actor, responsibility: Responsibility, version: int, **data
) -> Responsibility:
    _require_manage(actor, responsibility.tenant_id)
    current = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
    if current.version != version:
        raise StaleEdit(current)
    before = _snapshot(current)
    for name in RESPONSIBILITY_FIELDS:
        if name in data:
            value = data[name]
            setattr(
                current, name, (value or "").strip() if name in ("note", "legal_domain") else value
            )
    _validate(current)
    changes = diff(before, _snapshot(current))
    if changes:
        current.version += 1
        current.save()
        audit(
            actor=actor,
            action="responsibility.update",
            obj=current,
            changes=changes | {"version": [version, current.version]},
        )
    return current


@transaction.atomic
def responsibility_delete(*, actor: Actor, responsibility: Responsibility, version: int) -> None:
    """Remove a row entered by mistake; the audit trail keeps what it said.

    A responsibility that ended is better given an end date (gültig bis): then
    the finder's earlier answers stay explainable.
    """
    _require_manage(actor, responsibility.tenant_id)
    current = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
    if current.version != version:
        raise StaleEdit(current)
    audit(
        actor=actor,
        action="responsibility.delete",
        obj=current,
        changes=diff(_snapshot(current), {}),
    )
    current.delete()
