"""The course of a case: phase changes, intake, closing and reopening.

Each change of phase appends a CasePhaseChange row; `status` follows the
phase (closed exactly when the phase is closed).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import case_process_abilities
from kim.cases.checks import closure_problems, transition_problems
from kim.cases.models import Case, CaseClosure, CasePhaseChange, TargetGroup
from kim.cases.phases import Phase, allowed_transitions, reason_required
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit


def _locked(case: Case, actor: Actor, ability: str, version: int) -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    if not case_process_abilities(actor, current)[ability]:
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    return current


def _phase_name(phase: str) -> str:
    return str(Phase(phase).label) if phase in Phase.values else phase


def _record_phase(actor: Actor, case: Case, from_phase: str, to_phase: str, reason: str) -> None:
    CasePhaseChange.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        from_phase=from_phase,
        to_phase=to_phase,
        changed_by=actor.user,
        reason=reason,
    )


@transaction.atomic
def case_change_phase(
    *, actor: Actor, case: Case, version: int, to_phase: str, reason: str = ""
) -> Case:
    """Move an open case to another working phase, pause or resume it.

    Closing and reopening have their own services (`case_close`, `case_reopen`).
    """
    current = _locked(case, actor, "change_phase", version)
    from_phase = current.phase
    reason = reason.strip()
    if to_phase == Phase.CLOSED:
        raise ValidationError(
            {"to_phase": _("Ein Fall wird über „Fall abschließen“ beendet, mit Grund und Bericht.")}
        )
    if to_phase not in allowed_transitions(from_phase, paused_from=current.paused_from):
        raise ValidationError(
            {
                "to_phase": _("Aus der Phase „%(from)s“ kann der Fall nicht in „%(to)s“ wechseln.")
                % {"from": _phase_name(from_phase), "to": _phase_name(to_phase)}
            }
        )
    if reason_required(from_phase, to_phase) and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Bitte geben Sie einen Grund an: Er ist nötig, wenn ein Fall zurückgeht oder pausiert."
                )
            }
        )
    problems = transition_problems(current, to_phase)
    if problems:
        raise ValidationError({"to_phase": problems})
    current.paused_from = from_phase if to_phase == Phase.PAUSED else ""
    current.phase = to_phase
    current.version += 1
    current.save()
    _record_phase(actor, current, from_phase, to_phase, reason)
    audit(
        actor=actor,
        action="case.phase",
        obj=current,
        person_id=current.person_id,
        reason=reason,
        changes={"phase": [from_phase, to_phase], "version": [version, current.version]},
    )
    return current


INTAKE_FIELDS = ["access_route", "cm_indicated", "cm_indicated_reason", "consent_status"]


def _intake_snapshot(case: Case, groups) -> dict:
    return {name: getattr(case, name) for name in INTAKE_FIELDS} | {
        "target_groups": sorted(g.name for g in groups)
    }


@transaction.atomic
def case_record_intake(
    *,
    actor: Actor,
    case: Case,
    version: int,
    access_route: str,
    target_groups: list[TargetGroup],
    cm_indicated: str,
    cm_indicated_reason: str = "",
    consent_status: str,
) -> Case:
    """Record (or correct) what the intake found out."""
    current = _locked(case, actor, "record_intake", version)
    if any(group.tenant_id != current.tenant_id for group in target_groups):
        raise ValidationError({"target_groups": _("Diese Zielgruppe gibt es hier nicht.")})
    before = _intake_snapshot(current, current.target_groups.all())
    current.access_route = access_route
    current.cm_indicated = cm_indicated
    current.cm_indicated_reason = cm_indicated_reason.strip()
    current.consent_status = consent_status
    if current.cm_indicated == Case.CmIndicated.NO and not current.cm_indicated_reason:
        raise ValidationError(
            {
                "cm_indicated_reason": _(
                    "Bitte begründen Sie, warum kein Case Management angezeigt ist."
                )
            }
        )
    current.full_clean(exclude=[f.name for f in Case._meta.fields if f.name not in INTAKE_FIELDS])
    current.version += 1
    current.save()
    current.target_groups.set(target_groups)
    audit(
        actor=actor,
        action="case.intake",
        obj=current,
        person_id=current.person_id,
        changes=diff(before, _intake_snapshot(current, target_groups))
        | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def case_close(
    *,
    actor: Actor,
    case: Case,
    version: int,
    reason: str,
    summary: str,
    closed_on: date | None = None,
) -> Case:
    """Close a case with a closing reason and summary; it is read-only afterwards."""
    current = _locked(case, actor, "close", version)
    closed_on = closed_on or timezone.localdate()
    summary = summary.strip()
    errors = {}
    if reason not in CaseClosure.Reason.values:
        errors["reason"] = _("Bitte wählen Sie einen Abschlussgrund.")
    elif reason == CaseClosure.Reason.GOALS_REACHED and current.phase != Phase.EVALUATION:
        errors["reason"] = _(
            "„Ziele erreicht“ setzt eine Evaluation voraus: Wechseln Sie zuerst in die Phase Evaluation."
        )
    if not summary:
        errors["summary"] = _("Bitte fassen Sie den Verlauf und das Ergebnis kurz zusammen.")
    if closed_on > timezone.localdate():
        errors["closed_on"] = _("Ein Fall kann nicht in der Zukunft abgeschlossen werden.")
    elif closed_on < current.opened_on:
        errors["closed_on"] = _("Der Abschluss kann nicht vor der Eröffnung liegen.")
    if errors:
        raise ValidationError(errors)
    if Phase.CLOSED not in allowed_transitions(current.phase, paused_from=current.paused_from):
        raise ValidationError(_("Der Fall kann in dieser Phase nicht abgeschlossen werden."))
    problems = closure_problems(current)
    if problems:
        raise ValidationError(problems)
    from_phase = current.phase
    closure = CaseClosure.objects.create(
        tenant_id=current.tenant_id,
        case=current,
        reason=reason,
        summary=summary,
        closed_on=closed_on,
        closed_by=actor.user,
    )
    current.phase = Phase.CLOSED
    current.paused_from = ""
    current.status = Case.Status.CLOSED
    current.closed_on = closed_on
    current.version += 1
    current.save()
    _record_phase(actor, current, from_phase, Phase.CLOSED, closure.get_reason_display())
    audit(
        actor=actor,
        action="case.close",
        obj=current,
        person_id=current.person_id,
        reason=closure.get_reason_display(),
        changes={
            "phase": [from_phase, Phase.CLOSED],
            "status": [Case.Status.OPEN, Case.Status.CLOSED],
            "closed_on": [None, closed_on.isoformat()],
            "closing_reason": [None, reason],
            "summary": [None, summary],
            "version": [version, current.version],
        },
    )
    return current


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, version: int, to_phase: str, reason: str) -> Case:
    """A team lead opens a closed case again, in intake or assessment, with a reason."""
    current = _locked(case, actor, "reopen", version)
    reason = reason.strip()
    errors = {}
    if to_phase not in allowed_transitions(Phase.CLOSED):
        errors["to_phase"] = _("Ein Fall wird im Intake oder im Assessment wieder eröffnet.")
    if not reason:
        errors["reason"] = _("Bitte geben Sie an, warum der Fall wieder eröffnet wird.")
    if errors:
        raise ValidationError(errors)
    from_phase, closed_on = current.phase, current.closed_on
    current.phase = to_phase
    current.status = Case.Status.OPEN
    current.closed_on = None
    current.version += 1
    current.save()
    _record_phase(actor, current, from_phase, to_phase, reason)
    audit(
        actor=actor,
        action="case.reopen",
        obj=current,
        person_id=current.person_id,
        reason=reason,
        changes={
            "phase": [from_phase, to_phase],
            "status": [Case.Status.CLOSED, Case.Status.OPEN],
            "closed_on": [closed_on.isoformat() if closed_on else None, None],
            "version": [version, current.version],
        },
    )
    return current
