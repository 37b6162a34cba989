"""Sharing parts of a case with another unit, and emergency access to a case.

A share rests on a consent that covers the receiving unit's organisation, the
data categories of the shared parts and the purpose (`consent_covers`), or –
without one – on the receiving office's legal mandate as the user states it.
Every share and every emergency access is a row in the person's disclosure log.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.cases.abilities import share_abilities
from kim.cases.models import Case, CaseShare, EmergencyAccess
from kim.cases.parts import SHAREABLE, categories_of
from kim.cases.selectors import share_target_units
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.models import Unit
from kim.core.permissions import CASE_EMERGENCY_ACCESS, CASE_VIEW
from kim.people.models import Consent, Disclosure
from kim.people.selectors import consent_covers, consent_gap, consent_still_covers
from kim.people.services import disclosure_end, record_disclosure

NO_LEGAL_BASIS = gettext_lazy(
    "Ohne passende Einwilligung ist eine Freigabe nur möglich, wenn Sie den gesetzlichen "
    "Auftrag der empfangenden Stelle angeben."
)


@transaction.atomic
def share_create(
    *,
    actor: Actor,
    case: Case,
    to_unit: Unit,
    parts: list[str],
    purpose: str,
    purpose_category: str,
    valid_until: date,
    valid_from: date | None = None,
    legal_mandate: str = "",
) -> CaseShare:
    """Share the parts with the unit from `valid_from` (today) to `valid_until`."""
    current = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if not share_abilities(actor, current)["share"]:
        raise NotAllowed
    today = timezone.localdate()
    valid_from = valid_from or today
    chosen = [p for p in dict.fromkeys(parts or []) if p in SHAREABLE]
    purpose = (purpose or "").strip()
    legal_mandate = (legal_mandate or "").strip()
    errors: dict[str, str] = {}
    if not share_target_units(current).filter(pk=to_unit.pk).exists():
        errors["to_unit"] = _("Mit dieser Einheit kann der Fall nicht geteilt werden.")
    if not chosen or len(chosen) != len(set(parts or [])):
        errors["parts"] = _("Bitte mindestens einen Teil des Falls auswählen.")
    if purpose_category not in Consent.PurposeCategory.values:
        errors["purpose_category"] = _("Bitte die Art des Zwecks auswählen.")
    if not purpose:
        errors["purpose"] = _("Bitte den Zweck der Freigabe angeben.")
    if valid_from < today:
        errors["valid_from"] = _("Eine Freigabe beginnt frühestens heute.")
    if valid_until is None:
        errors["valid_until"] = _("Bitte angeben, bis wann die Freigabe gilt.")
    elif valid_until < valid_from:
        errors["valid_until"] = _("Das Ende liegt vor dem Beginn.")
    if errors:
        raise ValidationError(errors)
    categories = categories_of(chosen)
    consent = consent_covers(
        person=current.person,
        data_categories=categories,
        recipient_organisation=to_unit.organisation,
        purpose_category=purpose_category,
        on=valid_from,
    )
    if consent is None and not legal_mandate:
        gap = consent_gap(
            person=current.person,
            data_categories=categories,
            recipient_organisation=to_unit.organisation,
            purpose_category=purpose_category,
            on=valid_from,
        )
        raise ValidationError({"legal_mandate": f"{gap} {NO_LEGAL_BASIS}"})
    share = CaseShare.objects.create(
        tenant_id=current.tenant_id,
        case=current,
        from_unit_id=current.unit_id,
        to_unit=to_unit,
        parts=chosen,
        purpose=purpose,
        purpose_category=purpose_category,
        consent=consent,
        legal_mandate="" if consent is not None else legal_mandate,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="case.share",
        obj=current,
        person_id=current.person_id,
        unit_id=current.unit_id,
        changes={
            "share": share.pk,
            "to_unit": to_unit.pk,
            "parts": chosen,
            "purpose_category": purpose_category,
            "consent": consent.pk if consent else None,
            "legal_mandate": share.legal_mandate or None,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    record_disclosure(
        actor=actor,
        person=current.person,
        kind=Disclosure.Kind.CASE_SHARE,
        purpose=purpose,
        purpose_category=purpose_category,
        data_categories=categories,
        recipient_unit=to_unit,
        consent=consent,
        legal_mandate=share.legal_mandate,
        case=current,
        source=share,
        unit_id=current.unit_id,
        ends_on=valid_until,
    )
    return share


@transaction.atomic
def share_end(*, actor: Actor, share: CaseShare, reason: str) -> CaseShare:
    """End a running share before its date; the receiving unit loses access at once."""
    current = CaseShare.objects.select_for_update().select_related("case").get(pk=share.pk)
    if not share_abilities(actor, current.case)["end"]:
        raise NotAllowed
    reason = (reason or "").strip()
    if not current.is_running:
        raise ValidationError(_("Diese Freigabe ist bereits beendet."))
    if not reason:
        raise ValidationError({"reason": _("Bitte angeben, warum die Freigabe endet.")})
    return _end(actor, current, reason)


def _end(actor: Actor, current: CaseShare, reason: str) -> CaseShare:
    now = timezone.now()
    CaseShare.objects.filter(pk=current.pk).update(
        ended_at=now, ended_by=actor.user, end_reason=reason
    )
    current.ended_at, current.ended_by, current.end_reason = now, actor.user, reason
    audit(
        actor=actor,
        action="case.share_end",
        obj=current.case,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes={"share": current.pk, "to_unit": current.to_unit_id},
        reason=reason,
    )
    disclosure_end(actor=actor, source=current, on=timezone.localdate(), reason=reason)
    return current


def end_shares_no_longer_covered(*, actor: Actor, consent: Consent) -> list[CaseShare]:
    """A consent was corrected (`kim.people.consent_hooks`): end every running share
    resting on it that the consent as it stands no longer covers (data, recipient,
    purpose, period), at once and logged like any early end. Runs for whoever may
    correct the consent; the receiving unit loses access in the same transaction."""
    today = timezone.localdate()
    ended = []
    running = (
        CaseShare.objects.select_for_update()
        .filter(tenant_id=consent.tenant_id, consent=consent, ended_at__isnull=True)
        .filter(valid_until__gte=today)
        .select_related("case", "to_unit__organisation")
    )
    for share in running:
        covered = consent_still_covers(
            consent,
            data_categories=categories_of(share.parts),
            recipient_organisation=share.to_unit.organisation,
            purpose_category=share.purpose_category,
            on=max(today, share.valid_from),
        )
        if not covered:
            ended.append(_end(actor, share, str(CONSENT_CORRECTED)))
    return ended


CONSENT_CORRECTED = gettext_lazy(
    "Die Einwilligung wurde geändert und deckt diese Freigabe nicht mehr."
)


# --- emergency access ------------------------------------------------------------------

MIN_REASON_LENGTH = 10


def emergency_hours() -> int:
    return max(1, int(getattr(settings, "EMERGENCY_ACCESS_HOURS", 4)))


@transaction.atomic
def emergency_access_open(*, actor: Actor, number: str, reason: str) -> EmergencyAccess:
    """Open the case with this number outside the actor's units, read-only, for
    `EMERGENCY_ACCESS_HOURS` hours. Only by number: foreign cases are not browsed."""
    units = sorted(actor.units(CASE_EMERGENCY_ACCESS))
    if actor.tenant_id is None or actor.user is None or not units:
        raise NotAllowed
    number = (number or "").strip()
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    case = (
        Case.objects.filter(tenant_id=actor.tenant_id, number__iexact=number)
        .select_related("person")
        .first()
        if number
        else None
    )
    if not number:
        errors["number"] = _("Bitte die Fallnummer angeben.")
    elif case is None:
        errors["number"] = _("Es gibt keinen Fall mit der Nummer „%(n)s“.") % {"n": number}
    elif actor.can_in_unit(CASE_VIEW, case.unit_id):
        errors["number"] = _(
            "Dieser Fall gehört zu Ihren Einheiten. Sie können ihn ohne Notfallzugriff öffnen."
        )
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = _("Bitte begründen Sie den Notfall (mindestens %(n)d Zeichen).") % {
            "n": MIN_REASON_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    started = timezone.now()
    access = EmergencyAccess.objects.create(
        tenant_id=actor.tenant_id,
        case=case,
        user=actor.user,
        unit_id=units[0],
        reason=reason,
        started_at=started,
        ends_at=started + timedelta(hours=emergency_hours()),
    )
    audit(
        actor=actor,
        action="case.emergency_access",
        obj=case,
        person_id=case.person_id,
        unit_id=units[0],
        changes={
            "emergency_access": access.pk,
            "case": case.number,
            "case_unit": case.unit_id,
            "ends_at": access.ends_at.isoformat(),
        },
        reason=reason,
    )
    record_disclosure(
        actor=actor,
        person=case.person,
        kind=Disclosure.Kind.EMERGENCY_ACCESS,
        purpose=reason,
        data_categories=categories_of(SHAREABLE),
        recipient_unit=Unit.objects.select_related("organisation").get(pk=units[0]),
        legal_mandate=_("Notfallzugriff einer Teamleitung (nur lesend, %(h)d Stunden)")
        % {"h": emergency_hours()},
        case=case,
        source=access,
        unit_id=units[0],
        disclosed_at=started,
        ends_on=timezone.localdate(access.ends_at),
    )
    return access
