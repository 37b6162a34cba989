"""Partner links to referrals: made, revoked, answered through, and every look audited.

The token has 256 random bits and is returned once; only its SHA-256 hash is
stored. Who acts through a link has no account: the audit trail names the
link (`partner-link:<id>`) and keeps the IP address.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.network.models.referral import Referral, ReferralLink, ReferralStatusChange
from kim.network.services.referrals import (
    Answer,
    locked_referral,
    partner_apply,
    require_ability,
    revoke_links,
)

Via = ReferralStatusChange.Via


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def link_url(token: str) -> str:
    """The full address of a partner link. Partners open it from outside, so it is
    built on the platform's public address (KIM_BASE_URL), not on the address the
    case manager happens to use."""
    return f"{settings.BASE_URL.rstrip('/')}{reverse('partner:link', args=[token])}"


def link_lifetime_days() -> int:
    return settings.REFERRAL_LINK_DAYS


@transaction.atomic
def referral_link_create(
    *, actor: Actor, referral: Referral, token: str | None = None, days: int | None = None
) -> tuple[ReferralLink, str]:
    """A new link for the partner; earlier usable links of the referral are revoked.

    Returns the link and its token: the token is not stored (only its hash) and
    can be shown only now. `token` is for the demo's documented, derived token.
    """
    current = locked_referral(referral)
    require_ability(actor, current, "create_link")
    days = days or link_lifetime_days()
    if days < 1:
        raise ValidationError({"days": _("Ein Link gilt mindestens einen Tag.")})
    now = timezone.now()
    revoke_links(current, actor=actor, reason=_("durch einen neuen Link ersetzt"), now=now)
    token = token or new_token()
    link = ReferralLink.objects.create(
        tenant_id=current.tenant_id,
        referral=current,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=days),
        created_at=now,
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="referral.link_create",
        obj=current,
        person_id=current.case.person_id,
        unit_id=current.case.unit_id,
        changes={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


@transaction.atomic
def referral_link_revoke(*, actor: Actor, link: ReferralLink, reason: str = "") -> ReferralLink:
    current = (
        ReferralLink.objects.select_for_update(of=("self",))
        .select_related("referral", "referral__case")
        .get(pk=link.pk)
    )
    if actor.tenant_id != current.tenant_id or not abilities(actor, current)["view"]:
        raise NotAllowed
    if not current.is_usable():
        raise ValidationError({"link": _("Dieser Link gilt schon nicht mehr.")})
    if not abilities(actor, current)["revoke"]:
        raise NotAllowed
    now = timezone.now()
    current.revoked_at = now
    current.revoked_by = actor.user
    current.revoke_reason = (reason or "").strip()[:300] or _("vom Case Management widerrufen")
    current.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit(
        actor=actor,
        action="referral.link_revoke",
        obj=current.referral,
        person_id=current.referral.case.person_id,
        unit_id=current.referral.case.unit_id,
        changes={"links": [current.pk]},
        reason=current.revoke_reason,
    )
    return current


class LinkVisitor:
    """Who acts through a partner link, for the audit trail: no account, so no
    user row; the trail names the link (`actor_name`) and keeps the IP address."""

    is_authenticated = False
    pk = None

    def __init__(self, link: ReferralLink):
        self.username = f"partner-link:{link.pk}"


def link_actor(link: ReferralLink) -> Actor:
    return Actor(user=LinkVisitor(link), tenant_id=link.tenant_id)


@transaction.atomic
def referral_link_answer(
    *, link: ReferralLink, version: int, to: str, answer: Answer | None = None
) -> Referral:
    """The partner answers through a link (the caller found the link usable)."""
    answer = answer or Answer()
    current_link = ReferralLink.objects.select_for_update(of=("self",)).get(pk=link.pk)
    if not current_link.is_usable():
        raise NotAllowed
    current = locked_referral(current_link.referral)
    return partner_apply(
        current,
        to,
        answer,
        version,
        actor=None,
        via=Via.PARTNER_LINK,
        audit_actor=link_actor(current_link),
        extra={"link": current_link.pk},
    )


def record_partner_view(
    *, actor: Actor, referral: Referral, shown: list[str], link: ReferralLink | None = None
) -> None:
    """Audit one look of the partner at a referral; note the first time data was shown."""
    now = timezone.now()
    if shown and referral.partner_seen_at is None:
        Referral.objects.filter(pk=referral.pk, partner_seen_at__isnull=True).update(
            partner_seen_at=now
        )
        referral.partner_seen_at = now
    if link is not None:
        ReferralLink.objects.filter(pk=link.pk).update(last_used_at=now)
    audit(
        actor=actor,
        action="referral.partner_view",
        obj=referral,
        person_id=referral.case.person_id,
        changes={"link": link.pk if link else None, "shown": shown},
    )
