"""The referral's status machine, pair by pair (pure code, no database)."""

import itertools

import pytest

from kim.network.referral_states import (
    Status,
    allowed_transitions,
    appointment_required,
    outcome_required,
    partner_transitions,
    reason_required,
)

S = Status
ALLOWED = {
    (S.DRAFT, S.SENT),
    (S.DRAFT, S.CANCELLED),
    (S.SENT, S.ACCEPTED),
    (S.SENT, S.DECLINED),
    (S.SENT, S.CANCELLED),
    (S.ACCEPTED, S.IN_PROGRESS),
    (S.ACCEPTED, S.COMPLETED),
    (S.ACCEPTED, S.CANCELLED),
    (S.IN_PROGRESS, S.COMPLETED),
    (S.IN_PROGRESS, S.CANCELLED),
}
PARTNER = {
    (S.SENT, S.ACCEPTED),
    (S.SENT, S.DECLINED),
    (S.ACCEPTED, S.IN_PROGRESS),
    (S.ACCEPTED, S.COMPLETED),
    (S.IN_PROGRESS, S.COMPLETED),
}


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(S.values, S.values)))
def test_each_pair_of_statuses_is_allowed_exactly_as_the_table_says(from_status, to_status):
    assert (to_status in allowed_transitions(from_status)) == ((from_status, to_status) in ALLOWED)


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(S.values, S.values)))
def test_the_partner_may_answer_start_and_report_but_never_send_or_cancel(from_status, to_status):
    assert (to_status in partner_transitions(from_status)) == ((from_status, to_status) in PARTNER)


@pytest.mark.parametrize("status", [S.DECLINED, S.COMPLETED, S.CANCELLED])
def test_a_final_status_leads_nowhere(status):
    assert allowed_transitions(status) == frozenset()


def test_an_unknown_status_leads_nowhere():
    assert allowed_transitions("lost") == frozenset()


def test_declining_and_cancelling_need_a_reason_and_nothing_else_does():
    assert {s for s in S.values if reason_required(s)} == {S.DECLINED, S.CANCELLED}


def test_completing_needs_an_outcome_and_starting_needs_the_first_appointment():
    assert {s for s in S.values if outcome_required(s)} == {S.COMPLETED}
    assert {s for s in S.values if appointment_required(s)} == {S.IN_PROGRESS}
