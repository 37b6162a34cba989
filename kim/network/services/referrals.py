"""Writes of referrals: draft, send (with the consent gate), answer, start, report back,
cancel; partner links. Every write checks abilities, locks the referral, appends
its status history and its audit event in one transaction.

The disclosure log: a referral that shares personal data writes its row in
`kim.people` when it is *sent*. Sending is the moment the platform makes the
data available to the recipient (through the inbox at once, through a link as
soon as one is made), and the one moment with a user who answers for it and a
legal basis checked on that day. What the partner later opens is recorded in
the audit trail (`referral.partner_view`), with `partner_seen_at` on the
referral for the first time the data was shown.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.network.models import Service
from kim.network.models.referral import Referral, ReferralLink, ReferralStatusChange
from kim.network.referral_abilities import link_abilities, partner_abilities
from kim.network.referral_basis import SHAREABLE_CATEGORIES, legal_basis_errors
from kim.network.referral_states import (
    FINAL,
    Outcome,
    Status,
    allowed_transitions,
    appointment_required,
    outcome_required,
    reason_required,
)
from kim.people.models import Consent, Disclosure
from kim.people.services.disclosure import record_disclosure
from kim.planning.models import Action

Via = ReferralStatusChange.Via

# How far back and ahead a first appointment may lie (typing errors, not policy).
APPOINTMENT_PAST_DAYS = 366
APPOINTMENT_FUTURE_DAYS = 366


# --- helpers -----------------------------------------------------------------------


def _clean_categories(codes) -> list[str]:
    """Shareable category codes in catalogue order, each once; unknown codes raise."""
    codes = list(dict.fromkeys(codes or []))
    unknown = [code for code in codes if code not in SHAREABLE_CATEGORIES]
    if unknown:
        raise ValidationError({"data_categories": _("Diese Daten können nicht geteilt werden.")})
    return [code for code in SHAREABLE_CATEGORIES if code in codes]


def _snapshot(referral: Referral) -> dict:
    return {
        "service": referral.service_id,
        "action": referral.action_id,
        "purpose": referral.purpose,
        "purpose_category": referral.purpose_category,
        "data_categories": list(referral.data_categories),
        "message": referral.message,
        "consent": referral.consent_id,
        "legal_mandate": referral.legal_mandate,
    }


def _validate_content(
    *,
    case: Case,
    service: Service,
    action: Action | None,
    purpose: str,
    purpose_category: str,
    data_categories: list[str],
    consent: Consent | None,
) -> None:
    errors = {}
    if service.tenant_id != case.tenant_id:
        errors["service"] = _("Bitte ein Angebot aus der Angebotslandkarte wählen.")
    elif service.archived_at is not None:
        errors["service"] = _("Dieses Angebot ist archiviert und nimmt keine Vermittlungen an.")
    if action is not None and (action.case_id != case.pk or action.tenant_id != case.tenant_id):
        errors["action"] = _("Die Maßnahme gehört nicht zu diesem Fall.")
    if not purpose.strip():
        errors["purpose"] = _("Bitte den Zweck der Vermittlung angeben.")
    if purpose_category not in Consent.PurposeCategory.values:
        errors["purpose_category"] = _("Bitte eine Art des Zwecks wählen.")
    if data_categories and Consent.DataCategory.BASE_DATA not in data_categories:
        errors["data_categories"] = _(
            "Wer Daten teilt, gibt auch die Stammdaten weiter: ohne Namen kann die "
            "Partnerstelle die Person nicht zuordnen."
        )
    if consent is not None and (
        consent.person_id != case.person_id or consent.tenant_id != case.tenant_id
    ):
        errors["consent"] = _("Die Einwilligung gehört nicht zu dieser Person.")
    if errors:
        raise ValidationError(errors)


def _history(referral: Referral, *, actor: Actor | None, via: str, note: str = "") -> None:
    user = actor.user if actor is not None and actor.is_authenticated else None
    ReferralStatusChange.objects.create(
        tenant_id=referral.tenant_id,
        referral=referral,
        status=referral.status,
        changed_by=user,
        via=via,
        note=note,
    )


def locked_referral(referral: Referral) -> Referral:
    """The referral row locked, with what every write and its checks read."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "case__person", "service", "organisation", "consent")
        .get(pk=referral.pk)
    )


def require_ability(actor: Actor, referral: Referral, ability: str) -> None:
    if actor.tenant_id != referral.tenant_id or not abilities(actor, referral)[ability]:
        raise NotAllowed


# --- the case management's writes -----------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    case: Case,
    service: Service,
    purpose: str,
    action: Action | None = None,
    purpose_category: str = Consent.PurposeCategory.REFERRAL,
    data_categories: list[str] | None = None,
    message: str = "",
    consent: Consent | None = None,
    legal_mandate: str = "",
) -> Referral:
    """A draft referral of the case's person to a service. Nothing leaves the case yet."""
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if actor.tenant_id != case.tenant_id or not abilities(actor, case)["document"]:
        raise NotAllowed
    categories = _clean_categories(data_categories)
    _validate_content(
        case=case,
        service=service,
        action=action,
        purpose=purpose,
        purpose_category=purpose_category,
        data_categories=categories,
        consent=consent,
    )
    referral = Referral.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        action=action,
        service=service,
        organisation_id=service.organisation_id,
        unit_id=case.unit_id,
        purpose=purpose.strip(),
        purpose_category=purpose_category,
        data_categories=categories,
        message=message.strip(),
        consent=consent if categories else None,
        legal_mandate=legal_mandate.strip() if categories else "",
        created_by=actor.user,
    )
    _history(referral, actor=actor, via=Via.CASE_MANAGEMENT)
    audit(
        actor=actor,
        action="referral.create",
        obj=referral,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff({}, _snapshot(referral)) | {"case": case.number},
    )
    return referral


@transaction.atomic
def referral_update(
    *,
    actor: Actor,
    referral: Referral,
    version: int,
    service: Service,
    purpose: str,
    purpose_category: str,
    data_categories: list[str],
    message: str = "",
    consent: Consent | None = None,
    legal_mandate: str = "",
) -> Referral:
    """Change a draft (sent referrals are not edited: the partner has what was sent)."""
    current = locked_referral(referral)
    require_ability(actor, current, "change")
    if current.version != version:
        raise StaleEdit(current)
    categories = _clean_categories(data_categories)
    _validate_content(
        case=current.case,
        service=service,
        action=current.action,
        purpose=purpose,
        purpose_category=purpose_category,
        data_categories=categories,
        consent=consent,
    )
    before = _snapshot(current)
    current.service = service
    current.organisation_id = service.organisation_id
    current.purpose = purpose.strip()
    current.purpose_category = purpose_category
    current.data_categories = categories
    current.message = message.strip()
    current.consent = consent if categories else None
    current.legal_mandate = legal_mandate.strip() if categories else ""
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="referral.update",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes=diff(before, _snapshot(current)) | {"version": [version, current.version]},
    )
    return current


def send_errors(referral: Referral, *, on: date | None = None) -> dict[str, str]:
    """What keeps the referral from being sent today (the consent gate); empty if nothing."""
    return legal_basis_errors(
        person_id=referral.case.person_id,
        organisation=referral.organisation,
        data_categories=list(referral.data_categories),
        purpose_category=referral.purpose_category,
        consent=referral.consent,
        legal_mandate=referral.legal_mandate,
        on=on or timezone.localdate(),
    )


@transaction.atomic
def referral_send(*, actor: Actor, referral: Referral, version: int) -> Referral:
    """Send a draft: the consent gate on today's date, the status, the disclosure log."""
    current = locked_referral(referral)
    require_ability(actor, current, "send")
    if current.version != version:
        raise StaleEdit(current)
    if current.service.archived_at is not None:
        raise ValidationError(
            {"service": _("Dieses Angebot ist archiviert und nimmt keine Vermittlungen an.")}
        )
    if current.consent_id is not None:
        # The consent's recipients are read fresh, in this transaction.
        current.consent = Consent.objects.prefetch_related("recipient_organisations").get(
            pk=current.consent_id
        )
    errors = send_errors(current)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    current.status = Status.SENT
    current.sent_at = now
    current.sent_by = actor.user
    current.version += 1
    current.save()
    _history(current, actor=actor, via=Via.CASE_MANAGEMENT)
    disclosure = None
    if current.shares_data:
        disclosure = record_disclosure(
            actor=actor,
            person=current.case.person,
            kind=Disclosure.Kind.REFERRAL,
            purpose=current.purpose,
            purpose_category=current.purpose_category,
            data_categories=list(current.data_categories),
            recipient_organisation=current.organisation,
            consent=current.consent,
            legal_mandate=current.legal_mandate if current.consent_id is None else "",
            case=current.case,
            source=current,
            unit_id=current.case.unit_id,
            disclosed_at=now,
        )
    audit(
        actor=actor,
        action="referral.send",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes={
            "status": [Status.DRAFT, Status.SENT],
            "organisation": current.organisation_id,
            "data_categories": list(current.data_categories),
            "consent": current.consent_id,
            "legal_mandate": current.legal_mandate or None,
            "disclosure": disclosure.pk if disclosure else None,
        },
    )
    return current


@dataclass(frozen=True)
class Answer:
    """What comes with a change of status: a reason, the first appointment, the outcome."""

    reason: str = ""
    first_appointment_on: date | None = None
    outcome: str = ""
    outcome_note: str = ""


def _answer_errors(referral: Referral, to: str, answer: Answer) -> dict[str, str]:
    errors = {}
    if to not in allowed_transitions(referral.status):
        errors["status"] = _("Von „%(from)s“ kann die Vermittlung nicht „%(to)s“ werden.") % {
            "from": Status(referral.status).label,
            "to": Status(to).label if to in Status.values else to,
        }
        return errors
    if reason_required(to) and not answer.reason.strip():
        errors["reason"] = (
            _("Bitte den Grund der Ablehnung angeben.")
            if to == Status.DECLINED
            else _("Bitte den Grund des Abbruchs angeben.")
        )
    day = answer.first_appointment_on
    if appointment_required(to) and day is None:
        errors["first_appointment_on"] = _("Bitte das Datum des ersten Termins angeben.")
    if day is not None:
        sent_on = timezone.localtime(referral.sent_at).date() if referral.sent_at else None
        today = timezone.localdate()
        if sent_on is not None and day < sent_on:
            errors["first_appointment_on"] = _(
                "Der erste Termin kann nicht vor dem Versand der Vermittlung (%(date)s) liegen."
            ) % {"date": sent_on.strftime("%d.%m.%Y")}
        elif day < today - timedelta(days=APPOINTMENT_PAST_DAYS) or day > today + timedelta(
            days=APPOINTMENT_FUTURE_DAYS
        ):
            errors["first_appointment_on"] = _("Bitte ein Datum innerhalb eines Jahres angeben.")
    if outcome_required(to) and answer.outcome not in Outcome.values:
        errors["outcome"] = _("Bitte das Ergebnis wählen.")
    return errors


def _apply(
    current: Referral,
    to: str,
    answer: Answer,
    *,
    actor: Actor | None,
    via: str,
    audit_actor: Actor,
    extra: dict | None = None,
) -> Referral:
    """Write one change of status (the caller has locked and checked the referral)."""
    errors = _answer_errors(current, to, answer)
    if errors:
        raise ValidationError(errors)
    before = current.status
    now = timezone.now()
    current.status = to
    note = ""
    if to in (Status.ACCEPTED, Status.DECLINED):
        current.answered_at = now
    if to == Status.DECLINED:
        current.decline_reason = note = answer.reason.strip()
    if to == Status.CANCELLED:
        current.cancel_reason = note = answer.reason.strip()
    if answer.first_appointment_on is not None and to in (Status.ACCEPTED, Status.IN_PROGRESS):
        current.first_appointment_on = answer.first_appointment_on
    if to == Status.COMPLETED:
        current.outcome = answer.outcome
        current.outcome_note = note = answer.outcome_note.strip()
    if to in FINAL:
        current.closed_at = now
    current.version += 1
    current.save()
    _history(current, actor=actor, via=via, note=note)
    if to in FINAL:
        revoke_links(current, actor=audit_actor, reason=_("Vermittlung beendet"), now=now)
    audit(
        actor=audit_actor,
        action=f"referral.{to}",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id if via == Via.CASE_MANAGEMENT else None,
        changes={
            "status": [before, to],
            "via": via,
            "first_appointment_on": (
                answer.first_appointment_on.isoformat() if answer.first_appointment_on else None
            ),
            "outcome": current.outcome or None,
        }
        | (extra or {}),
        reason=note[:500],
    )
    return current


CASE_ABILITY_FOR = {
    Status.ACCEPTED: "record_answer",
    Status.DECLINED: "record_answer",
    Status.IN_PROGRESS: "record_start",
    Status.COMPLETED: "complete",
    Status.CANCELLED: "cancel",
}


@transaction.atomic
def referral_change_status(
    *, actor: Actor, referral: Referral, version: int, to: str, answer: Answer = Answer()
) -> Referral:
    """The case management records a change: what the partner said by phone, the first
    appointment, the outcome, or cancels the referral (sending is `referral_send`)."""
    current = locked_referral(referral)
    ability = CASE_ABILITY_FOR.get(to)
    if ability is None:
        raise ValidationError({"status": _("Bitte einen gültigen Status wählen.")})
    if actor.tenant_id != current.tenant_id or not abilities(actor, current)["view"]:
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    if not abilities(actor, current)[ability]:
        errors = _answer_errors(current, to, answer)
        if errors:
            raise ValidationError(errors)
        raise NotAllowed
    return _apply(current, to, answer, actor=actor, via=Via.CASE_MANAGEMENT, audit_actor=actor)


PARTNER_ABILITY_FOR = {
    Status.ACCEPTED: "accept",
    Status.DECLINED: "decline",
    Status.IN_PROGRESS: "start",
    Status.COMPLETED: "complete",
}


@transaction.atomic
def referral_partner_answer(
    *, actor: Actor, referral: Referral, version: int, to: str, answer: Answer = Answer()
) -> Referral:
    """The receiving partner, logged in, answers (inbox)."""
    current = locked_referral(referral)
    if not partner_abilities(actor, current)["view"]:
        raise NotAllowed
    return partner_apply(current, to, answer, version, actor=actor, via=Via.PARTNER_ACCOUNT)


def partner_apply(current, to, answer, version, *, actor, via, audit_actor=None, extra=None):
    ability = PARTNER_ABILITY_FOR.get(to)
    if ability is None:
        raise ValidationError({"status": _("Bitte einen gültigen Status wählen.")})
    if current.version != version:
        raise StaleEdit(current)
    if not link_abilities(current)[ability]:
        errors = _answer_errors(current, to, answer)
        raise ValidationError(errors or {"status": _("Das ist jetzt nicht möglich.")})
    return _apply(
        current, to, answer, actor=actor, via=via, audit_actor=audit_actor or actor, extra=extra
    )


def revoke_links(referral: Referral, *, actor: Actor, reason: str, now=None) -> int:
    now = now or timezone.now()
    ids = list(referral.links.usable(now).values_list("pk", flat=True))
    if not ids:
        return 0
    user = actor.user if actor.is_authenticated else None
    ReferralLink.objects.filter(pk__in=ids).update(
        revoked_at=now, revoked_by=user, revoke_reason=reason[:300]
    )
    audit(
        actor=actor,
        action="referral.link_revoke",
        obj=referral,
        person_id=referral.case.person_id,
        unit_id=referral.case.unit_id if user is not None else None,
        changes={"links": ids},
        reason=reason,
    )
    return len(ids)
