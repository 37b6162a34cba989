"""Referral figures per service for the coordination and the team leads: anonymous
counts with small numbers suppressed (no case content)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.views import crumbs
from kim.network.referral_abilities import may_see_referral_figures
from kim.network.referral_statistics import (
    COUNTED,
    rollup_by_service,
    status_label,
    threshold_of,
)


@login_required
def referral_statistics(request):
    actor = get_actor(request.user)
    if not may_see_referral_figures(actor):
        raise Http404
    return render(
        request,
        "network/referrals/statistics.html",
        {
            "rows": rollup_by_service(actor.tenant_id),
            "columns": [status_label(status) for status in COUNTED],
            "threshold": threshold_of(actor.tenant_id),
            "nav_active": "start",
            "breadcrumbs": crumbs((_("Vermittlungen je Angebot"), None)),
        },
    )
