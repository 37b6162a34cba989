"""A case with open referrals is not closed: the closure check names each one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.checks import closure_problems
from kim.network.referral_closure import open_referrals
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import build_setting


@pytest.fixture
def s(world):
    return build_setting(world)


def test_without_referrals_nothing_holds_the_case(s, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert open_referrals(s.case) == []


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS])
def test_an_open_referral_holds_the_case_back(s, status):
    referral = s.draft() if status == Status.DRAFT else s.sent()
    if status in (Status.ACCEPTED, Status.IN_PROGRESS):
        referral = s.move(referral, Status.ACCEPTED)
    if status == Status.IN_PROGRESS:
        referral = s.move(referral, Status.IN_PROGRESS, first_appointment_on=timezone.localdate())
    problems = closure_problems(s.case)
    expected = (
        f"Eine Vermittlung ist noch offen: {referral.reference} an „{s.service.name}“ "
        f"({referral.get_status_display()})."
    )
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("final", [Status.CANCELLED, Status.DECLINED, Status.COMPLETED])
def test_a_finished_referral_lets_the_case_close(s, final):
    referral = s.sent()
    if final == Status.CANCELLED:
        s.move(referral, Status.CANCELLED, reason="Person ist verzogen")
    elif final == Status.DECLINED:
        s.move(referral, Status.DECLINED, reason="kein Platz")
    else:
        referral = s.move(referral, Status.ACCEPTED)
        s.move(referral, Status.COMPLETED, outcome="received")
    assert open_referrals(s.case) == []


def test_two_open_referrals_are_named_together_and_the_close_page_shows_them(client, s):
    first, second = s.sent(), s.draft()
    [problem] = open_referrals(s.case)
    assert problem.startswith("2 Vermittlungen sind noch offen:")
    assert first.reference in problem and second.reference in problem
    client.force_login(s.world.cm)
    page = client.get(reverse("cases:close", args=[s.case.pk])).content.decode()
    assert "Vermittlungen sind noch offen" in page and "Reiter „Netzwerk“" in page
