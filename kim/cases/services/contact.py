"""Recording and changing counselling contacts."""

from django.db import transaction
from django.db.models import Max

from kim.cases.abilities import case_abilities, contact_abilities
from kim.cases.models import Case, Contact
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import FieldOfAction

CONTACT_FIELDS = ["date", "duration_minutes", "mode", "interpreter_used", "language", "note"]


def _contact_snapshot(contact: Contact, fields) -> dict:
    data = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    data["fields"] = sorted(f.name for f in fields)
    return data


@transaction.atomic
def contact_record(
    *, actor: Actor, case: Case, fields: list[FieldOfAction] | None = None, **data
) -> Contact:
    if not case_abilities(actor, case)["document"]:
        raise NotAllowed
    contact = Contact(tenant_id=case.tenant_id, case=case, created_by=actor.user, **data)
    contact.full_clean(exclude=["tenant", "case", "fields"])
    contact.save()
    if fields:
        contact.fields.set(fields)
    _touch_last_contact(case)
    audit(
        actor=actor,
        action="contact.create",
        obj=contact,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff({}, _contact_snapshot(contact, fields or [])) | {"case": case.number},
    )
    return contact


@transaction.atomic
def contact_update(
    *, actor: Actor, contact: Contact, version: int, fields: list[FieldOfAction], **data
) -> Contact:
    current = Contact.objects.select_for_update().select_related("case").get(pk=contact.pk)
    if not contact_abilities(actor, current)["change"]:
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    before = _contact_snapshot(current, current.fields.all())
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean(exclude=["tenant", "case", "fields"])
    current.version += 1
    current.save()
    current.fields.set(fields)
    _touch_last_contact(current.case)
    audit(
        actor=actor,
        action="contact.update",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes=diff(before, _contact_snapshot(current, fields))
        | {"version": [version, current.version]},
    )
    return current


def _touch_last_contact(case: Case) -> None:
    latest = Contact.objects.filter(case=case).aggregate(d=Max("date"))["d"]
    Case.objects.filter(pk=case.pk).update(last_contact_on=latest)
    case.last_contact_on = latest
