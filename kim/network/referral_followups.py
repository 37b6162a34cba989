"""Referrals that need the case manager become follow-ups (Wiedervorlagen):

- a referral sent and still without an answer after `NO_ANSWER_DAYS` days;
- an open referral whose consent no longer holds (withdrawn, expired, or corrected
  so that it no longer covers the shared data, the recipient or the purpose): the
  partner no longer sees the data, the case manager decides how to go on.

Registered with the follow-up generator when the followups app is installed.
Once the partner answers, or the referral ends, the generator closes the
follow-up as no longer current.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kim.network.models import Referral
from kim.network.referral_states import OPEN_AT_PARTNER, Status

NO_ANSWER_DAYS = 10


def register_followup_source() -> None:
    from kim.followups.models import FollowUp
    from kim.followups.sources import Candidate, register

    @register(FollowUp.Source.REFERRAL)
    def referrals_needing_the_case_manager(tenant, today):
        base = Referral.objects.filter(
            tenant=tenant, case__case_manager__isnull=False, case__status="open"
        )
        unanswered = base.filter(
            status=Status.SENT, sent_at__date__lte=today - timedelta(days=NO_ANSWER_DAYS)
        ).values_list("id", "case_id", "case__case_manager_id", "sent_at", "service__name")
        for referral_id, case_id, manager_id, sent_at, service in unanswered.iterator():
            sent_on = timezone.localtime(sent_at).date()
            yield Candidate(
                source=FollowUp.Source.REFERRAL,
                key=f"referral:{referral_id}:unanswered",
                case_id=case_id,
                assignee_id=manager_id,
                due_on=sent_on + timedelta(days=NO_ANSWER_DAYS),
                title=_("Vermittlung V-%(id)s an „%(service)s“ seit %(days)s Tagen ohne Antwort")
                % {"id": referral_id, "service": service, "days": NO_ANSWER_DAYS},
            )
        # Withdrawn, expired or corrected so that it no longer covers the referral:
        # the coverage rule is the partner page's (Referral.legal_basis_holds), so it
        # is checked here in Python over the open referrals that rest on a consent.
        resting_on_consent = (
            base.filter(status__in=OPEN_AT_PARTNER, consent__isnull=False)
            .exclude(data_categories=[])
            .select_related("organisation", "consent", "service", "case")
            .prefetch_related("consent__recipient_organisations")
        )
        lapsed = (
            (r.pk, r.case_id, r.case.case_manager_id, r.service.name)
            for r in resting_on_consent.iterator(chunk_size=500)
            if not r.legal_basis_holds(today)
        )
        for referral_id, case_id, manager_id, service in lapsed:
            yield Candidate(
                source=FollowUp.Source.REFERRAL,
                key=f"referral:{referral_id}:consent",
                case_id=case_id,
                assignee_id=manager_id,
                due_on=today,
                title=_(
                    "Vermittlung V-%(id)s an „%(service)s“: Einwilligung deckt sie nicht mehr ab"
                )
                % {"id": referral_id, "service": service},
            )
