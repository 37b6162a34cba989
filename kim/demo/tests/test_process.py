"""The planned courses of cases follow the phase rules (pure, no database)."""

import random
from datetime import date, timedelta

import pytest

from kim.cases.models import CaseClosure
from kim.cases.phases import Phase, allowed_transitions, reason_required
from kim.demo.process import (
    CLOSING_REASONS,
    OPEN_BY_AGE,
    choose_outcome,
    fit_to_talks,
    plan_course,
)
from kim.demo.records import legal_history, residence_history

TODAY = date(2026, 11, 21)
OUTCOMES = sorted({o for _, phases in OPEN_BY_AGE for o, _ in phases} | set(CLOSING_REASONS))


def walk(course, opened, closed):
    """Replay the steps as the services would accept them."""
    phase, paused_from, day = Phase.INTAKE, "", opened
    for step_day, to, reason in course.steps:
        assert step_day >= day
        if phase == Phase.CLOSED:
            assert to in allowed_transitions(Phase.CLOSED) and reason
        else:
            assert to in allowed_transitions(phase, paused_from=paused_from), (phase, to)
            if reason_required(phase, to):
                assert reason, (phase, to)
        paused_from = phase if to == Phase.PAUSED else ""
        phase, day = to, step_day
    assert day <= (closed or TODAY)
    return phase


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_course_follows_the_phase_rules(outcome):
    rng = random.Random(outcome)
    for _ in range(300):
        opened = TODAY - timedelta(days=rng.randint(40, 540))
        closed = opened + timedelta(days=rng.randint(14, (TODAY - opened).days))
        closed = closed if outcome in CLOSING_REASONS else None
        end = closed or TODAY
        talks = sorted(
            {opened + timedelta(days=rng.randint(0, (end - opened).days)) for _ in range(9)}
        )
        if closed:
            talks.append(closed)
        course = plan_course(
            rng, opened=opened, closed=closed, talks=talks, today=TODAY, outcome=outcome
        )
        final = walk(course, opened, closed)
        assert (final == Phase.CLOSED) == (closed is not None)
        if closed:
            assert course.steps[-1][0] == closed
            assert course.closing_reason in CaseClosure.Reason.values
        else:
            assert not course.steps or course.steps[-1][0] <= max(talks)


def test_a_case_without_talks_stays_where_its_talks_carried_it():
    assert fit_to_talks(Phase.EVALUATION, 2) == Phase.PLANNING
    assert fit_to_talks(Phase.PAUSED, 0) == Phase.INTAKE
    assert fit_to_talks("reopened", 3) == Phase.IMPLEMENTATION
    assert fit_to_talks(Phase.ASSESSMENT, 5) == Phase.ASSESSMENT


def test_young_cases_are_in_intake_and_closed_ones_have_a_closing_reason():
    rng = random.Random(1)
    assert choose_outcome(rng, TODAY - timedelta(days=3), None, TODAY) == Phase.INTAKE
    opened = TODAY - timedelta(days=200)
    for _ in range(50):
        assert choose_outcome(rng, opened, TODAY - timedelta(days=20), TODAY) in CLOSING_REASONS


@pytest.mark.parametrize("region", ["SY", "AF", "IQ", "ER", "UA", "RO", "BG", "TR", "DE"])
def test_residence_and_legal_histories_are_in_order(region):
    rng = random.Random(region)
    for _ in range(200):
        arrival = TODAY - timedelta(days=rng.randint(20, 4000))
        rows = residence_history(
            rng, region=region, nationalities=[region], arrival=arrival, today=TODAY
        )
        assert region != "DE" or not rows
        for kind, _basis, start, until, _authority, _note in rows:
            assert start <= TODAY and (until is None or until >= start), (kind, start, until)
        starts = [row[2] for row in rows]
        assert starts == sorted(starts)
        steps = legal_history(
            rng,
            region=region,
            residence=rows,
            arrival=arrival,
            age=40,
            field_codes={"existenz", "arbeit", "aufenthalt", "familie"},
            has_children=True,
            today=TODAY,
        )
        started = {}
        for operation, chain, domain, day, _org, _text in steps:
            if operation == "start":
                assert chain not in started
                started[chain] = day
            else:
                assert day > started[chain], (operation, domain)
