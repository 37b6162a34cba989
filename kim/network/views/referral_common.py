"""Helpers shared by the case side's, the inbox's and the partner link's referral pages."""

from collections.abc import Callable

from django.db.models import Q

from kim.accounts.models import Membership
from kim.core.models import Organisation
from kim.core.permissions import REFERRAL_RECEIVE
from kim.network.referral_forms import ANSWER_TITLES, APPOINTMENT_HELD, AnswerForm
from kim.network.referral_states import Status


def answer_forms(referral, targets, bound: dict, *, url: Callable[[str], str]) -> list[dict]:
    """One form per allowed change, in the order given; a bound form (with its
    errors) replaces the fresh one for its target."""
    rows = []
    for to in targets:
        initial = {"version": referral.version}
        title = ANSWER_TITLES[to]
        if to == Status.IN_PROGRESS and referral.first_appointment_on:
            # The date came with the acceptance: confirm it (or correct it), not retype it.
            initial["first_appointment_on"] = referral.first_appointment_on
            title = APPOINTMENT_HELD
        form = bound.get(to) or AnswerForm(initial=initial, to=to)
        rows.append({"to": to, "title": title, "form": form, "url": url(to)})
    return rows


def has_partner_accounts(organisation: Organisation) -> bool:
    """Someone of the organisation receives referrals in the platform (one query)."""
    return Membership.objects.filter(
        Q(role__permissions__icontains=f'"{REFERRAL_RECEIVE}"'),
        tenant_id=organisation.tenant_id,
        unit__organisation=organisation,
        unit__active=True,
    ).exists()


def no_store(response):
    """Pages with a token or a partner's view of personal data: never cached, never
    indexed, and their address (which holds the token) never sent to another site.

    `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null`
    with the page's own forms, and Django's CSRF check rightly refuses those; under
    `same-origin` the address goes only back to the platform itself.
    """
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
