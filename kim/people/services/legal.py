"""Writes of legal domains and residence status: each one appends a row.

Ending, a transition and a correction write a new row that supersedes the
current one. Someone who works from a row that was superseded in the meantime
gets StaleEdit with the row that holds now.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import StaleEdit
from kim.core.models import Organisation
from kim.people.models import Change, LegalDomainPeriod, Person, ResidenceStatus
from kim.people.services.common import (
    acting_unit,
    lock_persons,
    period_in_order,
    require_on_person,
)

LEGAL_DOMAIN_FIELDS = [
    "domain",
    "responsible_organisation",
    "office",
    "valid_from",
    "valid_until",
    "note",
]
RESIDENCE_FIELDS = [
    "kind",
    "legal_basis",
    "valid_from",
    "valid_until",
    "issuing_authority",
    "note",
]


def _snapshot(row, fields) -> dict:
    return model_to_dict(row, fields=fields)


def _lock_current(model, row):
    """The row, locked, if nothing supersedes it yet; else StaleEdit with the newest one."""
    model.objects.select_for_update().filter(pk=row.pk).values("pk").first()
    successor = model.objects.filter(supersedes_id=row.pk).first()
    if successor is None:
        return row
    while True:  # follow the chain to the row that holds now
        following = model.objects.filter(supersedes_id=successor.pk).first()
        if following is None:
            successor.person = row.person
            raise StaleEdit(successor)
        successor = following


def _check_organisation(actor: Actor, organisation: Organisation | None) -> None:
    if organisation is not None and organisation.tenant_id != actor.tenant_id:
        raise ValidationError({"responsible_organisation": _("Unbekannte Stelle.")})


def _check_no_overlap(person: Person, domain, valid_from, valid_until, *, replacing=None):
    """A person is in one legal domain only once at a time (different ones may overlap)."""
    rows = LegalDomainPeriod.objects.current().filter(person=person, domain=domain)
    if replacing is not None:
        rows = rows.exclude(pk=replacing.pk)
    rows = rows.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
    if valid_until is not None:
        rows = rows.filter(valid_from__lte=valid_until)
    clash = rows.first()
    if clash is not None:
        until = f"{clash.valid_until:%d.%m.%Y}" if clash.valid_until else _("offen")
        raise ValidationError(
            {
                "valid_from": _(
                    "Für %(domain)s ist bereits ein Zeitraum erfasst, der sich überschneidet "
                    "(%(start)s bis %(until)s). Bitte diesen beenden oder korrigieren."
                )
                % {
                    "domain": clash.get_domain_display(),
                    "start": f"{clash.valid_from:%d.%m.%Y}",
                    "until": until,
                }
            }
        )


def _audit(actor, action, row, before, fields, **extra) -> None:
    audit(
        actor=actor,
        action=action,
        obj=row,
        person_id=row.person_id,
        unit_id=acting_unit(actor, row.person),
        changes=diff(before, _snapshot(row, fields)) | extra,
        reason=row.reason,
    )


def _successor(row, change: str, reason: str, actor: Actor, **changes):
    """A copy of `row` with the changes, superseding it."""
    model = type(row)
    fields = LEGAL_DOMAIN_FIELDS if model is LegalDomainPeriod else RESIDENCE_FIELDS
    values = {name: getattr(row, name) for name in fields} | changes
    new = model(
        tenant_id=row.tenant_id,
        person=row.person,
        supersedes=row,
        change=change,
        reason=reason.strip(),
        recorded_by=actor.user,
        **values,
    )
    if model is LegalDomainPeriod:
        new.transition_from = row.transition_from
    return new


# --- legal domains ---------------------------------------------------------


@transaction.atomic
def legal_domain_start(
    *,
    actor: Actor,
    person: Person,
    domain: str,
    valid_from: date,
    valid_until: date | None = None,
    responsible_organisation: Organisation | None = None,
    office: str = "",
    note: str = "",
) -> LegalDomainPeriod:
    require_on_person(actor, person, "change")
    _check_organisation(actor, responsible_organisation)
    period_in_order(valid_from, valid_until)
    lock_persons(person)
    _check_no_overlap(person, domain, valid_from, valid_until)
    period = LegalDomainPeriod(
        tenant_id=person.tenant_id,
        person=person,
        change=Change.NEW,
        domain=domain,
        valid_from=valid_from,
        valid_until=valid_until,
        responsible_organisation=responsible_organisation,
        office=office.strip(),
        note=note,
        recorded_by=actor.user,
    )
    period.full_clean(exclude=["tenant", "person", "supersedes", "transition_from"])
    period.save()
    _audit(actor, "legal_domain.start", period, {}, LEGAL_DOMAIN_FIELDS)
    return period


@transaction.atomic
def legal_domain_end(
    *, actor: Actor, period: LegalDomainPeriod, valid_until: date, reason: str = ""
) -> LegalDomainPeriod:
    """End an open period on its last day; the ended period is a new row."""
    require_on_person(actor, period.person, "change")
    _lock_current(LegalDomainPeriod, period)
    if period.valid_until is not None:
        raise ValidationError({"valid_until": _("Dieser Zeitraum ist bereits beendet.")})
    period_in_order(period.valid_from, valid_until)
    ended = _successor(period, Change.END, reason, actor, valid_until=valid_until)
    ended.save()
    _audit(
        actor,
        "legal_domain.end",
        ended,
        _snapshot(period, LEGAL_DOMAIN_FIELDS),
        LEGAL_DOMAIN_FIELDS,
        supersedes=period.pk,
    )
    return ended


@transaction.atomic
def legal_domain_transition(
    *,
    actor: Actor,
    person: Person,
    ending: LegalDomainPeriod,
    new_domain: str,
    on: date,
    responsible_organisation: Organisation | None = None,
    office: str = "",
    note: str = "",
    reason: str = "",
) -> tuple[LegalDomainPeriod, LegalDomainPeriod]:
    """One legal domain ends the day before `on` and another begins on `on`.

    For example AsylbLG → SGB II on recognition. Returns (ended, new).
    """
    if ending.person_id != person.pk:
        raise ValidationError(_("Der Zeitraum gehört zu einer anderen Person."))
    ending.person = person
    require_on_person(actor, person, "change")
    _check_organisation(actor, responsible_organisation)
    lock_persons(person)
    _lock_current(LegalDomainPeriod, ending)
    if ending.valid_until is not None:
        raise ValidationError({"on": _("Dieser Zeitraum ist bereits beendet.")})
    if on <= ending.valid_from:
        raise ValidationError(
            {
                "on": _(
                    "Der Wechsel muss nach dem Beginn des bisherigen Zeitraums (%(day)s) liegen."
                )
                % {"day": f"{ending.valid_from:%d.%m.%Y}"}
            }
        )
    ended = _successor(ending, Change.END, reason, actor, valid_until=on - timedelta(days=1))
    ended.save()
    _check_no_overlap(person, new_domain, on, None)
    new = LegalDomainPeriod(
        tenant_id=person.tenant_id,
        person=person,
        change=Change.TRANSITION,
        reason=reason.strip(),
        domain=new_domain,
        valid_from=on,
        responsible_organisation=responsible_organisation,
        office=office.strip(),
        note=note,
        transition_from=ended,
        recorded_by=actor.user,
    )
    new.full_clean(exclude=["tenant", "person", "supersedes", "transition_from"])
    new.save()
    _audit(
        actor,
        "legal_domain.transition",
        new,
        {},
        LEGAL_DOMAIN_FIELDS,
        ended=[ending.pk, ended.pk],
        from_domain=ending.domain,
    )
    return ended, new


@transaction.atomic
def legal_domain_correct(
    *, actor: Actor, period: LegalDomainPeriod, reason: str, **fields
) -> LegalDomainPeriod:
    """Correct an entry: a new row with the right values and the reason."""
    require_on_person(actor, period.person, "change")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Korrektur.")})
    unknown = set(fields) - set(LEGAL_DOMAIN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _check_organisation(actor, fields.get("responsible_organisation"))
    lock_persons(period.person)
    _lock_current(LegalDomainPeriod, period)
    corrected = _successor(period, Change.CORRECTION, reason, actor, **fields)
    if "office" in fields:
        corrected.office = (fields["office"] or "").strip()
    period_in_order(corrected.valid_from, corrected.valid_until)
    _check_no_overlap(
        period.person,
        corrected.domain,
        corrected.valid_from,
        corrected.valid_until,
        replacing=period,
    )
    corrected.full_clean(exclude=["tenant", "person", "supersedes", "transition_from"])
    corrected.save()
    _audit(
        actor,
        "legal_domain.correct",
        corrected,
        _snapshot(period, LEGAL_DOMAIN_FIELDS),
        LEGAL_DOMAIN_FIELDS,
        supersedes=period.pk,
    )
    return corrected


# --- residence -------------------------------------------------------------


@transaction.atomic
def residence_status_record(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    valid_from: date,
    valid_until: date | None = None,
    legal_basis: str = "",
    issuing_authority: str = "",
    note: str = "",
) -> ResidenceStatus:
    """A new residence title or status (a renewal too): appended to the history."""
    require_on_person(actor, person, "change")
    period_in_order(valid_from, valid_until)
    lock_persons(person)
    status = ResidenceStatus(
        tenant_id=person.tenant_id,
        person=person,
        change=Change.NEW,
        kind=kind,
        legal_basis=legal_basis.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        issuing_authority=issuing_authority.strip(),
        note=note,
        recorded_by=actor.user,
    )
    status.full_clean(exclude=["tenant", "person", "supersedes"])
    status.save()
    _audit(actor, "residence.record", status, {}, RESIDENCE_FIELDS)
    return status


@transaction.atomic
def residence_status_correct(
    *, actor: Actor, status: ResidenceStatus, reason: str, **fields
) -> ResidenceStatus:
    require_on_person(actor, status.person, "change")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Korrektur.")})
    unknown = set(fields) - set(RESIDENCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    lock_persons(status.person)
    _lock_current(ResidenceStatus, status)
    corrected = _successor(status, Change.CORRECTION, reason, actor, **fields)
    corrected.legal_basis = (corrected.legal_basis or "").strip()
    corrected.issuing_authority = (corrected.issuing_authority or "").strip()
    period_in_order(corrected.valid_from, corrected.valid_until)
    corrected.full_clean(exclude=["tenant", "person", "supersedes"])
    corrected.save()
    _audit(
        actor,
        "residence.correct",
        corrected,
        _snapshot(status, RESIDENCE_FIELDS),
        RESIDENCE_FIELDS,
        supersedes=status.pk,
    )
    return corrected
