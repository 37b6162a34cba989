"""Procedures at the foreigners' and naturalisation authority: the stage machine, the
document checklist per procedure type, and the services that open and move a
procedure. Only the authority's staff (`procedure.manage` in the procedure's unit)
run them; every write is audited with the person.

Stages: counselling → application received → documents complete (only when every
document of the checklist is present) → checks (incl. the security enquiry) →
decision (granted) → certificate handed over / title issued. From "received" to
"decision" an application may be rejected, and until it is concluded withdrawn –
both with a reason.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import Unit
from kim.core.permissions import PROCEDURE_MANAGE
from kim.people.models import Person
from kim.people.selectors.person import visible_persons
from kim.residence.models import Procedure, ProcedureDocument, ProcedureStep

Stage = Procedure.Stage

TRANSITIONS: dict[str, list[str]] = {
    Stage.COUNSELLING: [Stage.RECEIVED, Stage.WITHDRAWN],
    Stage.RECEIVED: [Stage.COMPLETE, Stage.WITHDRAWN, Stage.REJECTED],
    Stage.COMPLETE: [Stage.CHECKS, Stage.WITHDRAWN, Stage.REJECTED],
    Stage.CHECKS: [Stage.DECISION, Stage.WITHDRAWN, Stage.REJECTED],
    Stage.DECISION: [Stage.CONCLUDED, Stage.WITHDRAWN],
    Stage.CONCLUDED: [],
    Stage.WITHDRAWN: [],
    Stage.REJECTED: [],
}
FINAL = frozenset({Stage.CONCLUDED, Stage.WITHDRAWN, Stage.REJECTED})
NEEDS_REASON = frozenset({Stage.WITHDRAWN, Stage.REJECTED})

_COMMON = [
    ("passport", "Gültiger Pass oder Passersatz"),
    ("residence_title", "Aufenthaltstitel oder Duldung"),
    ("birth_certificate", "Geburtsurkunde"),
    ("registration", "Meldebescheinigung"),
]
# What the authority needs per procedure type (code, label); a municipality may ask for
# more – these are the documents every application needs.
CHECKLISTS: dict[str, list[tuple[str, str]]] = {
    Procedure.Kind.NATURALISATION: [
        *_COMMON,
        ("language_certificate", "Sprachzertifikat B1 (oder höher)"),
        ("test_certificate", "Bescheinigung über den Einbürgerungstest"),
        ("income", "Einkommensnachweise der letzten sechs Monate"),
        ("pension", "Rentenversicherungsverlauf"),
        ("commitment", "Unterschriebene Bekenntnis- und Loyalitätserklärung"),
        ("fee", "Zahlung der Einbürgerungsgebühr"),
    ],
    Procedure.Kind.YOUNG: [
        *_COMMON,
        ("school_reports", "Schulzeugnisse der letzten drei Jahre oder Abschlusszeugnis"),
        ("school_confirmation", "Schul- oder Ausbildungsbescheinigung"),
    ],
    Procedure.Kind.SUSTAINED: [
        *_COMMON,
        ("language_certificate", "Nachweis mündlicher Deutschkenntnisse (A2)"),
        ("income", "Arbeitsvertrag und Einkommensnachweise"),
        ("school_certificates", "Schulbescheinigungen der Kinder im schulpflichtigen Alter"),
        ("commitment", "Bekenntnis zur freiheitlichen demokratischen Grundordnung"),
    ],
}


def checklist(kind: str) -> list[tuple[str, str]]:
    return CHECKLISTS[kind]


def allowed_transitions(stage: str) -> list[str]:
    return list(TRANSITIONS.get(stage, []))


def may_run_procedures(actor: Actor) -> bool:
    return actor.tenant_id is not None and bool(actor.units(PROCEDURE_MANAGE))


def visible_procedures(actor: Actor) -> QuerySet[Procedure]:
    units = actor.units(PROCEDURE_MANAGE)
    if not units or actor.tenant_id is None:
        return Procedure.objects.none()
    return Procedure.objects.filter(tenant_id=actor.tenant_id, unit_id__in=units)


def documents_state(procedure: Procedure) -> list[dict]:
    """The checklist with what is present (since when) and what is missing."""
    received = {d.code: d.received_on for d in procedure.documents.all()}
    return [
        {"code": code, "label": label, "received_on": received.get(code)}
        for code, label in checklist(procedure.kind)
    ]


def missing_documents(procedure: Procedure) -> list[str]:
    return [row["label"] for row in documents_state(procedure) if row["received_on"] is None]


@transaction.atomic
def procedure_open(
    *, actor: Actor, person: Person, unit: Unit, kind: str, opened_on: date | None = None
) -> Procedure:
    if (
        unit.tenant_id != actor.tenant_id
        or unit.pk not in actor.units(PROCEDURE_MANAGE)
        or not visible_persons(actor).filter(pk=person.pk).exists()
    ):
        raise NotAllowed
    return create_procedure(actor=actor, person=person, unit=unit, kind=kind, opened_on=opened_on)


def create_procedure(
    *,
    actor: Actor,
    person: Person,
    unit: Unit,
    kind: str,
    opened_on: date | None = None,
    referral=None,
) -> Procedure:
    """Write a new procedure with its first step (the caller has checked the rights:
    `procedure_open` for the authority's own persons, `kim.residence.handover` for a
    person referred with consent)."""
    opened_on = opened_on or timezone.localdate()
    errors = {}
    if kind not in Procedure.Kind.values:
        errors["kind"] = _("Bitte die Art des Verfahrens wählen.")
    if opened_on > timezone.localdate():
        errors["opened_on"] = _("Das Datum darf nicht in der Zukunft liegen.")
    if errors:
        raise ValidationError(errors)
    procedure = Procedure.objects.create(
        tenant_id=actor.tenant_id,
        person=person,
        unit=unit,
        kind=kind,
        stage=Stage.COUNSELLING,
        opened_on=opened_on,
        stage_since=opened_on,
        referral=referral,
    )
    ProcedureStep.objects.create(
        tenant_id=actor.tenant_id,
        procedure=procedure,
        stage=Stage.COUNSELLING,
        on=opened_on,
        by=actor.user,
    )
    audit(
        actor=actor,
        action="procedure.open",
        obj=procedure,
        person_id=person.pk,
        unit_id=unit.pk,
        changes={"kind": kind, "referral": referral.pk if referral is not None else None},
    )
    return procedure


def _require(actor: Actor, procedure: Procedure) -> None:
    if not visible_procedures(actor).filter(pk=procedure.pk).exists():
        raise NotAllowed


@transaction.atomic
def procedure_move(
    *,
    actor: Actor,
    procedure: Procedure,
    version: int,
    to: str,
    on: date | None = None,
    note: str = "",
) -> Procedure:
    """One step of the stage machine, with a German message when it is not possible."""
    _require(actor, procedure)
    current = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if current.version != version:
        raise StaleEdit(current)
    on = on or timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if to not in allowed_transitions(current.stage):
        errors["to"] = _("Vom Stand „%(stage)s“ aus ist „%(to)s“ nicht möglich.") % {
            "stage": current.get_stage_display(),
            "to": Stage(to).label if to in Stage.values else to,
        }
    elif to == Stage.COMPLETE and (missing := missing_documents(current)):
        errors["to"] = _("Es fehlen noch Unterlagen: %(missing)s.") % {
            "missing": ", ".join(missing)
        }
    if to in NEEDS_REASON and not note:
        errors["note"] = _("Bitte den Grund angeben.")
    if on > timezone.localdate():
        errors["on"] = _("Das Datum darf nicht in der Zukunft liegen.")
    elif on < current.stage_since:
        errors["on"] = _("Das Datum liegt vor dem letzten Schritt (%(day)s).") % {
            "day": f"{current.stage_since:%d.%m.%Y}"
        }
    if errors:
        raise ValidationError(errors)
    before = current.stage
    current.stage = to
    current.stage_since = on
    current.version += 1
    current.save(update_fields=["stage", "stage_since", "version"])
    ProcedureStep.objects.create(
        tenant_id=current.tenant_id, procedure=current, stage=to, on=on, by=actor.user, note=note
    )
    audit(
        actor=actor,
        action="procedure.move",
        obj=current,
        person_id=current.person_id,
        unit_id=current.unit_id,
        changes={"stage": [before, to], "version": [version, current.version]},
    )
    if current.referral_id is not None:
        from kim.residence.handover import referral_follows

        referral_follows(actor, current, on=on, note=note)
    return current


@transaction.atomic
def document_mark(
    *, actor: Actor, procedure: Procedure, code: str, received_on: date | None
) -> None:
    """Mark a checklist document as present (since the day) or, with None, missing."""
    _require(actor, procedure)
    if code not in {c for c, _label in checklist(procedure.kind)}:
        raise ValidationError({"code": _("Diese Unterlage gehört nicht zu diesem Verfahren.")})
    if received_on is not None and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Das Datum darf nicht in der Zukunft liegen.")})
    if received_on is None:
        ProcedureDocument.objects.filter(procedure=procedure, code=code).delete()
    else:
        ProcedureDocument.objects.update_or_create(
            procedure=procedure,
            code=code,
            defaults={"tenant_id": procedure.tenant_id, "received_on": received_on},
        )
    audit(
        actor=actor,
        action="procedure.document",
        obj=procedure,
        person_id=procedure.person_id,
        unit_id=procedure.unit_id,
        changes={"code": code, "received_on": received_on.isoformat() if received_on else None},
    )
