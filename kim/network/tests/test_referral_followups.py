"""Referrals without an answer, and open referrals whose consent lapsed, become
follow-ups of the case manager; they close once no longer current."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kim.followups.models import FollowUp
from kim.followups.services import followups_generate
from kim.network.referral_followups import NO_ANSWER_DAYS
from kim.network.tests.referral_helpers import build_setting
from kim.people.services import consent_withdraw


@pytest.fixture
def s(world):
    return build_setting(world)


def referral_followups(s):
    return FollowUp.objects.filter(tenant=s.world.tenant, source=FollowUp.Source.REFERRAL)


def test_a_referral_without_answer_becomes_a_follow_up_and_closes_when_answered(s):
    from kim.cases.models import Case

    Case.objects.filter(pk=s.case.pk).update(case_manager=s.world.cm)
    referral = s.sent()
    today = timezone.localdate()
    followups_generate(tenant=s.world.tenant, today=today + timedelta(days=NO_ANSWER_DAYS - 1))
    assert not referral_followups(s).exists()
    followups_generate(tenant=s.world.tenant, today=today + timedelta(days=NO_ANSWER_DAYS))
    followup = referral_followups(s).get()
    assert followup.assignee == s.world.cm and followup.case_id == s.case.pk
    assert "ohne Antwort" in followup.title and referral.reference in followup.title
    s.move(referral, "accepted")
    followups_generate(tenant=s.world.tenant, today=today + timedelta(days=NO_ANSWER_DAYS + 1))
    followup.refresh_from_db()
    assert followup.done_on is not None


def test_a_lapsed_consent_of_an_open_referral_becomes_a_follow_up(s):
    from kim.cases.models import Case

    Case.objects.filter(pk=s.case.pk).update(case_manager=s.world.cm)
    consent = s.consent()
    s.move(s.sent(consent=consent), "accepted")
    today = timezone.localdate()
    followups_generate(tenant=s.world.tenant, today=today)
    assert not referral_followups(s).exists()
    consent_withdraw(actor=s.actor(), consent=consent, note="widerrufen")
    followups_generate(tenant=s.world.tenant, today=today)
    assert "Einwilligung deckt sie nicht mehr ab" in referral_followups(s).get().title
