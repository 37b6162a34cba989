"""The phases of a case (DGCC model) and which changes between them are allowed.

Pure code, no database: the services, forms and tests use the same table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake / Klärung")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Hilfeplanung")
    IMPLEMENTATION = "implementation", _("Umsetzung und Monitoring")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("abgeschlossen")
    PAUSED = "paused", _("pausiert")


# The working phases in process order; a case moves forward one step at a time.
STEPS: tuple[str, ...] = (
    Phase.INTAKE,
    Phase.ASSESSMENT,
    Phase.PLANNING,
    Phase.IMPLEMENTATION,
    Phase.EVALUATION,
)

# Going back: re-assessment, or adjusting the support plan after monitoring or evaluation.
BACK: dict[str, frozenset[str]] = {
    Phase.PLANNING: frozenset({Phase.ASSESSMENT}),
    Phase.IMPLEMENTATION: frozenset({Phase.ASSESSMENT, Phase.PLANNING}),
    Phase.EVALUATION: frozenset({Phase.ASSESSMENT, Phase.PLANNING}),
}

# A closed case opens again at the start of the process, only by reopening.
REOPEN_TARGETS: frozenset[str] = frozenset({Phase.INTAKE, Phase.ASSESSMENT})


def allowed_transitions(phase: str, *, paused_from: str = "") -> frozenset[str]:
    """The phases a case in `phase` may change to.

    Every open phase (paused too) may end in `closed`, but only through the
    closure service; `closed` leads back only through reopening. A paused
    case resumes the phase it was paused from (any working phase if that is
    unknown, e.g. for data from before phases were recorded).
    """
    if phase == Phase.CLOSED:
        return REOPEN_TARGETS
    if phase == Phase.PAUSED:
        resume = {paused_from} if paused_from in STEPS else set(STEPS)
        return frozenset(resume | {Phase.CLOSED})
    if phase not in STEPS:
        return frozenset()
    index = STEPS.index(phase)
    targets = set(BACK.get(phase, ()))
    if index + 1 < len(STEPS):
        targets.add(STEPS[index + 1])
    return frozenset(targets | {Phase.PAUSED, Phase.CLOSED})


def phase_form_targets(phase: str, *, paused_from: str = "") -> list[str]:
    """The targets the plain "change phase" form offers, in process order.

    Closing and reopening have their own pages (closing reason, summary,
    team lead), so they are not offered here.
    """
    if phase == Phase.CLOSED:
        return []
    allowed = allowed_transitions(phase, paused_from=paused_from) - {Phase.CLOSED}
    return [p for p in (*STEPS, Phase.PAUSED) if p in allowed]


def is_backward(from_phase: str, to_phase: str) -> bool:
    return (
        from_phase in STEPS
        and to_phase in STEPS
        and STEPS.index(to_phase) < STEPS.index(from_phase)
    )


def reason_required(from_phase: str, to_phase: str) -> bool:
    """Going back, pausing and reopening need a stated reason."""
    return (
        to_phase == Phase.PAUSED or from_phase == Phase.CLOSED or is_backward(from_phase, to_phase)
    )
