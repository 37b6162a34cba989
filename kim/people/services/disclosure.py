"""Writes of the disclosure log (Offenlegungsprotokoll).

Any app that passes a person's data to another office or partner calls
`record_disclosure` in the same transaction as the disclosure itself. The
caller has checked that the actor may disclose (their ability on the case or
referral) and which legal basis applies (`consent_covers` or a stated legal
mandate); this service checks that the row is complete and consistent, writes
it and its audit event.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.models import Organisation, Unit
from kim.people.models import Consent, Disclosure, Person


def _source_type(source) -> str:
    meta = source._meta
    return f"{meta.app_label}.{meta.model_name}"


@transaction.atomic
def record_disclosure(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    purpose: str,
    data_categories: list[str],
    recipient_organisation: Organisation | None = None,
    recipient_unit: Unit | None = None,
    recipient_label: str = "",
    purpose_category: str = "",
    consent: Consent | None = None,
    legal_mandate: str = "",
    case=None,
    source=None,
    unit_id: int | None = None,
    disclosed_at: datetime | None = None,
    ends_on: date | None = None,
) -> Disclosure:
    """Append one row to the person's disclosure log.

    - `kind`: a `Disclosure.Kind` value (referral, case_share, conference, export, other).
    - recipient: `recipient_organisation` and/or `recipient_unit` (a unit of the
      tenant; its organisation is filled in when not given) or `recipient_label`
      for a partner without an account; at least one.
    - legal basis: `consent` (a consent of this person) or `legal_mandate` (the
      recipient's legal mandate as the user stated it); at least one.
    - `data_categories`: `Consent.DataCategory` codes, at least one.
    - `case`: the case the data came from (anything with `pk` and `number`).
    - `source`: the object that caused the disclosure (a share, referral,
      conference); kept as its type (`app_label.model_name`) and id.
    - `unit_id`: the unit in whose name the actor disclosed (default: the
      case's unit if the actor belongs to it, else the actor's primary unit).
    - `ends_on`: the last day of an ongoing disclosure (a share); None for a
      one-off disclosure.
    """
    if (
        actor.tenant_id is None
        or actor.user is None
        or person.tenant_id != actor.tenant_id
        or (case is not None and getattr(case, "tenant_id", actor.tenant_id) != actor.tenant_id)
    ):
        raise NotAllowed
    errors: dict[str, str] = {}
    categories = list(dict.fromkeys(data_categories or []))
    if kind not in Disclosure.Kind.values:
        errors["kind"] = _("Unbekannte Art der Offenlegung.")
    if not categories:
        errors["data_categories"] = _("Bitte angeben, welche Daten weitergegeben werden.")
    elif set(categories) - set(Consent.DataCategory.values):
        errors["data_categories"] = _("Unbekannte Art von Daten.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Bitte den Zweck der Weitergabe angeben.")
    if purpose_category and purpose_category not in Consent.PurposeCategory.values:
        errors["purpose_category"] = _("Unbekannte Art des Zwecks.")
    if recipient_unit is not None and recipient_unit.tenant_id != actor.tenant_id:
        errors["recipient_unit"] = _("Unbekannte Einheit.")
    if recipient_organisation is not None and recipient_organisation.tenant_id != actor.tenant_id:
        errors["recipient_organisation"] = _("Unbekannte Organisation.")
    recipient_label = (recipient_label or "").strip()
    if recipient_organisation is None and recipient_unit is None and not recipient_label:
        errors["recipient_label"] = _("Bitte den Empfänger angeben.")
    legal_mandate = (legal_mandate or "").strip()
    if consent is not None and consent.person_id != person.pk:
        errors["consent"] = _("Die Einwilligung gehört nicht zu dieser Person.")
    if consent is None and not legal_mandate:
        errors["legal_mandate"] = _(
            "Ohne Einwilligung bitte den gesetzlichen Auftrag des Empfängers angeben."
        )
    if errors:
        raise ValidationError(errors)
    if recipient_organisation is None and recipient_unit is not None:
        recipient_organisation = recipient_unit.organisation
    if unit_id is None:
        case_unit = getattr(case, "unit_id", None)
        unit_id = case_unit if case_unit in actor.unit_ids else actor.primary_unit_id
    disclosure = Disclosure.objects.create(
        tenant_id=person.tenant_id,
        person=person,
        case_id=case.pk if case is not None else None,
        case_number=getattr(case, "number", "") if case is not None else "",
        disclosed_at=disclosed_at or timezone.now(),
        disclosed_by=actor.user,
        unit_id=unit_id,
        recipient_organisation=recipient_organisation,
        recipient_unit=recipient_unit,
        recipient_label=recipient_label[:200],
        kind=kind,
        purpose=purpose.strip(),
        purpose_category=purpose_category or "",
        consent=consent,
        legal_mandate=legal_mandate,
        data_categories=categories,
        source_type=_source_type(source) if source is not None else "",
        source_id=source.pk if source is not None else None,
        ends_on=ends_on,
    )
    audit(
        actor=actor,
        action="disclosure.record",
        obj=disclosure,
        person_id=person.pk,
        unit_id=unit_id,
        changes={
            "kind": kind,
            "case": disclosure.case_number or None,
            "recipient_organisation": recipient_organisation.pk if recipient_organisation else None,
            "recipient_unit": recipient_unit.pk if recipient_unit else None,
            "recipient_label": recipient_label or None,
            "data_categories": categories,
            "consent": consent.pk if consent else None,
            "legal_mandate": legal_mandate or None,
            "source": disclosure.source_key or None,
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return disclosure


@transaction.atomic
def disclosure_end(*, actor: Actor, source, on: date | None = None, reason: str = "") -> int:
    """Mark the ongoing disclosures of a source (a share) as ended early; once.

    The only later write to the log: the rows keep everything they said and gain
    the day and reason of the end. Returns how many rows were ended.
    """
    on = on or timezone.localdate()
    rows = Disclosure.objects.filter(
        tenant_id=actor.tenant_id,
        source_type=_source_type(source),
        source_id=source.pk,
        ended_on__isnull=True,
    )
    ended = list(rows.values_list("pk", "person_id"))
    # A queryset update: the model's save() refuses changes to logged rows.
    rows.update(ended_on=on, ended_reason=(reason or "").strip())
    for pk, person_id in ended:
        audit(
            actor=actor,
            action="disclosure.end",
            person_id=person_id,
            changes={"disclosure": pk, "source": f"{_source_type(source)}:{source.pk}"},
            reason=reason,
        )
    return len(ended)
