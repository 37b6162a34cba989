"""The transition table of the case phases, pair by pair (no database)."""

import pytest

from kim.cases.phases import (
    STEPS,
    Phase,
    allowed_transitions,
    is_backward,
    phase_form_targets,
    reason_required,
)

I, A, P, M, E, C, Z = (  # noqa: E741 (one letter per phase keeps the table readable)
    Phase.INTAKE,
    Phase.ASSESSMENT,
    Phase.PLANNING,
    Phase.IMPLEMENTATION,
    Phase.EVALUATION,
    Phase.CLOSED,
    Phase.PAUSED,
)
ALL = [I, A, P, M, E, C, Z]

# from phase (and where a paused case was paused from) -> the allowed targets
EXPECTED = {
    (I, ""): {A, Z, C},
    (A, ""): {P, Z, C},
    (P, ""): {M, A, Z, C},
    (M, ""): {E, A, P, Z, C},
    (E, ""): {A, P, Z, C},
    (C, ""): {I, A},
    (Z, I): {I, C},
    (Z, A): {A, C},
    (Z, P): {P, C},
    (Z, M): {M, C},
    (Z, E): {E, C},
    (Z, ""): {I, A, P, M, E, C},  # paused before phases were recorded: any working phase
}


@pytest.mark.parametrize(("source", "paused_from"), EXPECTED)
@pytest.mark.parametrize("target", ALL)
def test_every_pair_of_phases_is_allowed_exactly_as_the_table_says(source, paused_from, target):
    allowed = target in allowed_transitions(source, paused_from=paused_from)
    assert allowed == (target in EXPECTED[(source, paused_from)]), f"{source} → {target}"


@pytest.mark.parametrize("phase", ALL)
def test_no_phase_leads_to_itself(phase):
    assert phase not in allowed_transitions(phase, paused_from=phase)


def test_an_unknown_phase_leads_nowhere():
    assert allowed_transitions("archived") == frozenset()


@pytest.mark.parametrize(
    ("source", "paused_from", "offered"),
    [
        (I, "", [A, Z]),
        (A, "", [P, Z]),
        (P, "", [A, M, Z]),
        (M, "", [A, P, E, Z]),
        (E, "", [A, P, Z]),
        (Z, M, [M]),
        (C, "", []),
    ],
)
def test_the_phase_form_offers_neither_closing_nor_reopening(source, paused_from, offered):
    assert phase_form_targets(source, paused_from=paused_from) == offered


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_a_reason_is_required_exactly_for_going_back_pausing_and_reopening(source, target):
    backward = source in STEPS and target in STEPS and STEPS.index(target) < STEPS.index(source)
    expected = target == Z or source == C or backward
    assert reason_required(source, target) == expected
    assert is_backward(source, target) == backward
