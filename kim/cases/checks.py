"""Checks other apps register to hold a case back from a phase change or from closing.

A check is `check(case) -> list[str]` (closing) or `check(case, to_phase) ->
list[str]` (phase change) and returns German sentences that say what is
missing; an empty list lets the case pass. Apps register in their
AppConfig.ready(), e.g. planning: "every goal must be evaluated before the
case is closed". The services refuse while any check reports a problem, and
the pages show the problems before the user submits.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from kim.cases.phases import Phase

ClosureCheck = Callable[[object], list[str]]
TransitionCheck = Callable[[object, str], list[str]]

_CLOSURE_CHECKS: list[ClosureCheck] = []
_TRANSITION_CHECKS: list[TransitionCheck] = []


def register_closure_check(check: ClosureCheck) -> ClosureCheck:
    if check not in _CLOSURE_CHECKS:
        _CLOSURE_CHECKS.append(check)
    return check


def register_transition_check(check: TransitionCheck) -> TransitionCheck:
    if check not in _TRANSITION_CHECKS:
        _TRANSITION_CHECKS.append(check)
    return check


def closure_problems(case) -> list[str]:
    return [problem for check in _CLOSURE_CHECKS for problem in check(case)]


def transition_problems(case, to_phase: str) -> list[str]:
    return [problem for check in _TRANSITION_CHECKS for problem in check(case, to_phase)]


@register_transition_check
def intake_is_complete(case, to_phase: str) -> list[str]:
    """Case management starts (assessment) only when it is indicated and consented to."""
    if case.phase != Phase.INTAKE or to_phase != Phase.ASSESSMENT:
        return []
    from kim.cases.models import Case

    problems = []
    if case.cm_indicated != Case.CmIndicated.YES:
        problems.append(
            _("Im Intake ist noch nicht festgehalten, dass Case Management angezeigt ist.")
        )
    if case.consent_status not in (Case.ConsentStatus.GIVEN, Case.ConsentStatus.ORAL):
        problems.append(_("Im Intake ist noch keine Einwilligung festgehalten."))
    return problems


@register_closure_check
def no_pending_handover(case) -> list[str]:
    from kim.cases.models import CaseHandover

    if CaseHandover.objects.filter(case_id=case.pk, state=CaseHandover.State.PENDING).exists():
        return [
            _(
                "Für den Fall ist eine Übergabe angefragt. Ziehen Sie sie zurück oder warten Sie die Antwort ab."
            )
        ]
    return []
