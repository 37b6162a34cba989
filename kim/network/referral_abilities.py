"""What an actor may do with a referral.

Two sides, never both for the same person:

- The case management of the case's unit: whoever may document in the open
  case (`case.document` in its unit) drafts, sends, cancels, makes and revokes
  partner links, and records what the partner said by phone; whoever sees the
  case reads its referrals. Closed cases: read only.
- The receiving partner: a user with `referral.receive` in a unit of the
  service's organisation sees the referrals sent to it (never drafts) and
  answers them; nothing else of the case or the person.
"""

from kim.cases.abilities import case_abilities
from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.models import Unit
from kim.core.permissions import CASE_MANAGE, REFERRAL_RECEIVE, STATISTICS_VIEW
from kim.network.models.referral import Referral, ReferralLink
from kim.network.referral_states import (
    OPEN_AT_PARTNER,
    Status,
    allowed_transitions,
    partner_transitions,
)

PARTNER_SIDE = ("view", "accept", "decline", "start", "complete")


def partner_organisation_ids(actor: Actor) -> frozenset[int]:
    """The organisations whose referrals the actor receives (one query, once per request)."""
    unit_ids = actor.units(REFERRAL_RECEIVE)
    if not unit_ids or actor.user is None:
        return frozenset()
    cached = getattr(actor.user, "_kim_partner_organisations", None)
    if cached is not None and cached[0] == unit_ids:
        return cached[1]
    ids = frozenset(
        Unit.objects.filter(pk__in=unit_ids, tenant_id=actor.tenant_id, active=True).values_list(
            "organisation_id", flat=True
        )
    )
    actor.user._kim_partner_organisations = (unit_ids, ids)
    return ids


def may_see_referral_figures(actor: Actor) -> bool:
    """Anonymous referral figures per service: the coordination and the team leads."""
    return actor.tenant_id is not None and (actor.has(STATISTICS_VIEW) or actor.has(CASE_MANAGE))


def is_receiving_partner(actor: Actor, referral: Referral) -> bool:
    return (
        actor.tenant_id == referral.tenant_id
        and referral.status != Status.DRAFT
        and referral.organisation_id in partner_organisation_ids(actor)
    )


@register(Referral)
def referral_abilities(actor: Actor, referral: Referral) -> dict[str, bool]:
    """The case side's abilities (the pages of the case)."""
    on_case = case_abilities(actor, referral.case)
    write = on_case["document"]
    targets = allowed_transitions(referral.status)
    return {
        "view": on_case["view"],
        "change": write and referral.status == Status.DRAFT,
        "send": write and Status.SENT in targets,
        "cancel": write and Status.CANCELLED in targets,
        "record_answer": write and Status.ACCEPTED in targets,
        "record_start": write and Status.IN_PROGRESS in targets,
        "complete": write and Status.COMPLETED in targets,
        # Links only to services that take referrals through the platform; others are
        # contacted directly, and the case management records their answers.
        "create_link": write
        and referral.status in OPEN_AT_PARTNER
        and referral.service.accepts_referrals,
    }


def partner_abilities(actor: Actor, referral: Referral) -> dict[str, bool]:
    """The receiving partner's abilities (inbox pages); all False for anyone else."""
    if not is_receiving_partner(actor, referral):
        return dict.fromkeys(PARTNER_SIDE, False)
    return link_abilities(referral)


def link_abilities(referral: Referral) -> dict[str, bool]:
    """What the partner may do with a referral, through a valid link or the inbox."""
    targets = partner_transitions(referral.status)
    return {
        "view": True,
        "accept": Status.ACCEPTED in targets,
        "decline": Status.DECLINED in targets,
        "start": Status.IN_PROGRESS in targets,
        "complete": Status.COMPLETED in targets,
    }


@register(ReferralLink)
def referral_link_abilities(actor: Actor, link: ReferralLink) -> dict[str, bool]:
    on_case = case_abilities(actor, link.referral.case)
    return {"view": on_case["view"], "revoke": on_case["document"] and link.is_usable()}
