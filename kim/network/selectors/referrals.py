"""Reads of referrals, each scoped to what the actor may see.

- The case side: referrals of cases in the actor's units with `case.view`
  (`case.unit_id IN (…)`, one indexable predicate; a handed-over case takes its
  referrals along).
- The partner side: referrals sent to the organisations of the actor's units
  with `referral.receive` (`organisation_id IN (…) AND status <> 'draft'`).
- Links: found by the SHA-256 hash of the token only.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.models import AuditEvent, Organisation
from kim.core.permissions import CASE_VIEW
from kim.network.models import Referral, ReferralLink, ReferralStatusChange
from kim.network.referral_abilities import partner_organisation_ids
from kim.network.referral_basis import consent_problems
from kim.network.referral_states import OPEN_AT_PARTNER, Status
from kim.network.services.referral_links import hash_token
from kim.people.models import Consent, ResidenceStatus
from kim.people.selectors.legal import current_residence

# --- the case side ----------------------------------------------------------------------


def visible_referrals(actor: Actor) -> QuerySet[Referral]:
    """Referrals of cases in the actor's units."""
    units = actor.units(CASE_VIEW)
    if actor.tenant_id is None or not units:
        return Referral.objects.none()
    return Referral.objects.filter(tenant_id=actor.tenant_id, case__unit_id__in=units)


def with_parts(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """What a referral page or list shows, joined in the same query."""
    return referrals.select_related(
        "case",
        "case__person",
        "case__unit",
        "case__case_manager",
        "service",
        "organisation",
        "unit",
        "consent",
        "action",
        "sent_by",
        "created_by",
    )


def referrals_of_case(case: Case) -> list[Referral]:
    """The referrals of a case the caller may see, newest first (one query)."""
    rows = list(
        Referral.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("service", "organisation", "consent", "action")
        .prefetch_related("consent__recipient_organisations")
        .order_by("-created_at", "-id")
    )
    for row in rows:
        row.case = case
    return rows


def referrals_of_actions(case: Case, action_ids: list[int]) -> dict[int, list[Referral]]:
    """The referrals made from these actions of the case, by action (one query)."""
    found: dict[int, list[Referral]] = {}
    if not action_ids:
        return found
    rows = Referral.objects.filter(
        tenant_id=case.tenant_id, case=case, action_id__in=action_ids
    ).order_by("created_at", "id")
    for row in rows.only("id", "action_id", "status", "created_at"):
        found.setdefault(row.action_id, []).append(row)
    return found


def status_history(referral: Referral) -> list[ReferralStatusChange]:
    return list(referral.status_history.select_related("changed_by").order_by("changed_at", "id"))


def links_of_referral(referral: Referral) -> list[ReferralLink]:
    return list(
        referral.links.select_related("created_by", "revoked_by").order_by("-created_at", "-id")
    )


@dataclass
class ConsentOption:
    consent: Consent
    problems: list[str]

    @property
    def covers(self) -> bool:
        return not self.problems


def consent_options(
    case: Case,
    *,
    organisation: Organisation,
    data_categories: list[str],
    purpose_category: str,
    on: date | None = None,
) -> list[ConsentOption]:
    """Every consent of the case's person, each with why it does not cover the referral
    (empty: it does); the covering ones first (two queries)."""
    on = on or timezone.localdate()
    consents = (
        Consent.objects.filter(tenant_id=case.tenant_id, person_id=case.person_id)
        .prefetch_related("recipient_organisations")
        .order_by("-given_on", "-id")
    )
    options = [
        ConsentOption(
            consent,
            consent_problems(
                consent,
                person_id=case.person_id,
                organisation=organisation,
                data_categories=data_categories,
                purpose_category=purpose_category,
                on=on,
            ),
        )
        for consent in consents
    ]
    return sorted(options, key=lambda option: not option.covers)


# --- the partner side ----------------------------------------------------------------


def inbox_referrals(actor: Actor) -> QuerySet[Referral]:
    """Referrals sent to the organisations the actor receives for (never drafts)."""
    organisations = partner_organisation_ids(actor)
    if actor.tenant_id is None or not organisations:
        return Referral.objects.none()
    return Referral.objects.filter(
        tenant_id=actor.tenant_id, organisation_id__in=organisations
    ).exclude(status=Status.DRAFT)


def inbox(actor: Actor, *, open_only: bool = False) -> QuerySet[Referral]:
    """The inbox list: newest sent first, with what the list shows (one query)."""
    rows = (
        inbox_referrals(actor)
        .select_related("service", "organisation", "case__person", "consent", "unit", "sent_by")
        .prefetch_related("consent__recipient_organisations")
    )
    if open_only:
        rows = rows.filter(status__in=OPEN_AT_PARTNER)
    return rows.order_by("-sent_at", "-id")


UNKNOWN_LINK = "referral.link_unknown"  # the audit action of a token no link has


def too_many_misses(ip_address: str | None) -> bool:
    """Whether this address asked for unknown partner-link tokens too often in the
    window. Counted from the audit trail, so over all workers, and cheap: those events
    have no tenant (index audit_tenant_at). An unknown address is never throttled."""
    if not ip_address:
        return False
    since = timezone.now() - timedelta(minutes=settings.PARTNER_LINK_COOLOFF_MINUTES)
    misses = AuditEvent.objects.filter(
        tenant__isnull=True, action=UNKNOWN_LINK, ip_address=ip_address, at__gte=since
    )
    limit = settings.PARTNER_LINK_MISS_LIMIT
    return misses[:limit].count() >= limit


def link_by_token(token: str) -> ReferralLink | None:
    """The link for a token, with the referral and what the partner page shows; None if
    no link has this token's hash. Usability (expiry, revocation) is the caller's test."""
    if not token or len(token) > 200:
        return None
    return (
        ReferralLink.objects.filter(token_hash=hash_token(token))
        .select_related(
            "referral",
            "referral__case",
            "referral__case__person",
            "referral__service",
            "referral__organisation",
            "referral__unit",
            "referral__consent",
            "referral__sent_by",
        )
        .first()
    )


@dataclass
class PartnerView:
    """Exactly what the partner is shown of a referral: the data shared, while the
    referral is open at the partner and its legal basis still holds."""

    referral: Referral
    shows_data: bool
    hidden_because: str = ""  # "consent" or "closed" when data was shared but is hidden
    person: object = None
    residence: ResidenceStatus | None = None
    shown: list[str] = field(default_factory=list)  # the categories shown

    @property
    def sender(self):
        return self.referral.sent_by


def partner_view(referral: Referral, *, on: date | None = None) -> PartnerView:
    """Checks the consent at read time: withdrawn or expired, nothing personal is shown.
    At most one query (the residence status, when that was shared)."""
    on = on or timezone.localdate()
    if not referral.shares_data:
        return PartnerView(referral, shows_data=False)
    if referral.status not in OPEN_AT_PARTNER:
        return PartnerView(referral, shows_data=False, hidden_because="closed")
    if not referral.legal_basis_holds(on):
        return PartnerView(referral, shows_data=False, hidden_because="consent")
    view = PartnerView(
        referral,
        shows_data=True,
        person=referral.case.person,
        shown=list(referral.data_categories),
    )
    if Consent.DataCategory.RESIDENCE in referral.data_categories:
        statuses = list(
            ResidenceStatus.objects.filter(
                tenant_id=referral.tenant_id, person_id=referral.case.person_id
            ).current()
        )
        view.residence = current_residence(statuses, on)
    return view
