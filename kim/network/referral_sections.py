"""The referral sections of the case page and the partners' start page."""

from django.db.models import Count, Q

from kim.cases.models import Case
from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.permissions import CASE_VIEW
from kim.core.slots import CASE_DETAIL, CASE_TAB_NETWORK, START, Section, register
from kim.network.referral_abilities import may_see_referral_figures, partner_organisation_ids
from kim.network.referral_states import OPEN_AT_PARTNER, Status
from kim.network.selectors.referrals import inbox_referrals, referrals_of_case

# On the case page's tab "Netzwerk": after the responsible offices (15), before
# the case conferences (30).
ORDER = 25


@register(CASE_DETAIL, tab=CASE_TAB_NETWORK)
def case_referrals_section(actor: Actor, case: Case) -> Section | None:
    """The case's referrals: status, dates, waiting time, outcome (one query). Only for
    the case's own unit: shares and emergency access do not reach referrals."""
    if not actor.can_in_unit(CASE_VIEW, case.unit_id):
        return None
    referrals = referrals_of_case(case)
    lapsed = [
        r
        for r in referrals
        if r.status in OPEN_AT_PARTNER and r.shares_data and not r.legal_basis_holds()
    ]
    return Section(
        "network/referrals/case_section.html",
        ORDER,
        {
            "case": case,
            "referrals": referrals,
            "consent_lapsed": lapsed,
            "can_refer": abilities(actor, case)["document"],
        },
    )


@register(START)
def partner_inbox_section(actor: Actor, obj=None) -> Section | None:
    """For partners: how many referrals wait for an answer (one query)."""
    if not partner_organisation_ids(actor):
        return None
    counts = inbox_referrals(actor).aggregate(
        waiting=Count("pk", filter=Q(status=Status.SENT)),
        running=Count("pk", filter=Q(status__in=[Status.ACCEPTED, Status.IN_PROGRESS])),
    )
    return Section("network/referrals/start_inbox.html", 5, counts)


@register(START)
def referral_statistics_link(actor: Actor, obj=None) -> Section | None:
    if not may_see_referral_figures(actor):
        return None
    return Section("network/referrals/start_statistics.html", 26)


def referral_action_links(actor: Actor, case: Case, actions: list) -> dict[int, list]:
    """On each action row of the support plan: its referrals, and "Vermitteln" on open
    actions for whoever may refer from the case (one query, none without actions)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from kim.network.selectors.referrals import referrals_of_actions
    from kim.planning.action_links import ActionLink
    from kim.planning.models import Action

    if not actor.can_in_unit(CASE_VIEW, case.unit_id):
        return {}
    can_refer = abilities(actor, case)["document"]
    made = referrals_of_actions(case, [action.pk for action in actions])
    links: dict[int, list] = {}
    for action in actions:
        rows = [
            ActionLink(
                _("Vermittlung %(ref)s: %(status)s")
                % {"ref": referral.reference, "status": referral.get_status_display()},
                reverse("referrals:detail", args=[referral.pk]),
            )
            for referral in made.get(action.pk, [])
        ]
        if can_refer and action.status == Action.Status.OPEN:
            rows.append(
                ActionLink(
                    _("Vermitteln"),
                    reverse("referrals:choose_service", args=[case.pk]) + f"?massnahme={action.pk}",
                )
            )
        if rows:
            links[action.pk] = rows
    return links
