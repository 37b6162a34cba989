"""The partner's pages: the link for partners without an account, and the inbox for
partners with one.

The link page needs no login. It shows one referral and nothing else: what the
case manager chose to share (while the referral is open at the partner and its
consent still holds, checked on every request), the purpose, the message and
the case manager's contact; and the answers the partner may give. A tampered,
unknown, expired or revoked token gets the same neutral page with status 404:
nothing says which. Every access is audited with the link and the IP address; an
address that tried too many unknown tokens lately gets 429 for every link until
its window has passed (KIM_PARTNER_LINK_MISS_LIMIT, KIM_PARTNER_LINK_COOLOFF_MINUTES).
Link pages are never cached, never indexed and send no referrer.

The inbox shows the referrals to the organisations of the partner's units;
a referral of another organisation, and a draft, are 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core import slots
from kim.core.actor import ANONYMOUS, Actor, get_actor
from kim.core.audit import audit
from kim.core.client_ip import client_ip
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import crumbs, paginate
from kim.network.models import Referral, ReferralLink
from kim.network.referral_abilities import (
    link_abilities,
    partner_abilities,
    partner_organisation_ids,
)
from kim.network.referral_forms import ANSWER_TITLES, AnswerForm
from kim.network.referral_states import PARTNER_TARGETS, Status, partner_transitions
from kim.network.selectors.referrals import (
    UNKNOWN_LINK,
    inbox,
    inbox_referrals,
    link_by_token,
    partner_view,
    too_many_misses,
)
from kim.network.services.referral_links import (
    hash_token,
    link_actor,
    record_partner_view,
    referral_link_answer,
)
from kim.network.services.referrals import (
    Answer,
    referral_partner_answer,
)
from kim.network.views.referral_common import answer_forms, no_store

INBOX_PAGE_SIZE = 25
ORDER = [Status.ACCEPTED, Status.DECLINED, Status.IN_PROGRESS, Status.COMPLETED]


def _targets(referral: Referral) -> list[str]:
    allowed = partner_transitions(referral.status)
    return [to for to in ORDER if to in allowed]


# --- the link -----------------------------------------------------------------------------


def _usable_link(request, token: str) -> ReferralLink | None:
    """The link if it opens its referral now; otherwise None, with the refusal audited."""
    link = link_by_token(token)
    if link is not None and link.is_usable() and link.referral.status != Status.DRAFT:
        return link
    if link is None:
        audit(
            actor=ANONYMOUS,
            action=UNKNOWN_LINK,
            changes={"token_hash": hash_token(token or "")[:16]},
        )
    else:
        audit(
            actor=Actor(user=None, tenant_id=link.tenant_id),
            action="referral.link_refused",
            obj=link.referral,
            person_id=link.referral.case.person_id,
            changes={"link": link.pk, "state": link.state()},
        )
    return None


def _invalid(request):
    """The same neutral page for every token that opens nothing."""
    return no_store(render(request, "network/partner/invalid.html", status=404))


def _link_page(request, token: str, link: ReferralLink, bound: dict | None = None):
    referral = link.referral
    view = partner_view(referral)
    record_partner_view(actor=link_actor(link), referral=referral, shown=view.shown, link=link)
    response = render(
        request,
        "network/partner/link.html",
        {
            "view": view,
            "referral": referral,
            "link": link,
            "answer_forms": answer_forms(
                referral,
                _targets(referral),
                bound or {},
                url=lambda to: reverse("partner:answer", args=[token, to]),
            ),
        },
        status=422 if bound else 200,
    )
    return no_store(response)


def _throttled(request):
    """Partner links from an address that tried too many unknown tokens lately: a neutral
    429, not audited again (the limit is what keeps the audit trail from flooding)."""
    if not too_many_misses(client_ip(request)):
        return None
    minutes = settings.PARTNER_LINK_COOLOFF_MINUTES
    response = render(request, "network/partner/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return no_store(response)


def link_page(request, token):
    if refused := _throttled(request):
        return refused
    link = _usable_link(request, token)
    if link is None:
        return _invalid(request)
    return _link_page(request, token, link)


@require_POST
def link_answer(request, token, to):
    if refused := _throttled(request):
        return refused
    link = _usable_link(request, token)
    if link is None:
        return _invalid(request)
    if to not in PARTNER_TARGETS:
        return _invalid(request)
    form = AnswerForm(request.POST, to=to)
    if form.is_valid():
        if not link_abilities(link.referral)[_ability(to)]:
            messages.info(request, _("Diese Vermittlung wurde inzwischen schon beantwortet."))
            return no_store(redirect("partner:link", token=token))
        try:
            referral_link_answer(
                link=link,
                version=form.cleaned_data["version"],
                to=to,
                answer=Answer(**form.answer_kwargs()),
            )
        except StaleEdit:
            messages.info(
                request,
                _("Die Vermittlung wurde inzwischen geändert. Bitte prüfen Sie den neuen Stand."),
            )
            return no_store(redirect("partner:link", token=token))
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed:
            return _invalid(request)
        else:
            messages.success(request, _done_message(to))
            return no_store(redirect("partner:link", token=token))
    return _link_page(request, token, link, bound={to: form})


def _ability(to: str) -> str:
    return {
        Status.ACCEPTED: "accept",
        Status.DECLINED: "decline",
        Status.IN_PROGRESS: "start",
        Status.COMPLETED: "complete",
    }[to]


def _done_message(to: str) -> str:
    return {
        Status.ACCEPTED: _("Danke! Die Vermittlung ist angenommen."),
        Status.DECLINED: _("Die Vermittlung ist abgelehnt. Das Case Management sieht den Grund."),
        Status.IN_PROGRESS: _("Danke! Der erste Termin ist erfasst."),
        Status.COMPLETED: _("Danke für Ihre Rückmeldung! Die Vermittlung ist abgeschlossen."),
    }[to]


# --- the inbox ----------------------------------------------------------------------------


def _partner(request) -> Actor:
    actor = get_actor(request.user)
    if not partner_organisation_ids(actor):
        raise Http404
    return actor


def _inbox_crumbs(*items):
    return crumbs((_("Vermittlungen an uns"), reverse("referrals:inbox")), *items)


@login_required
def inbox_list(request):
    actor = _partner(request)
    show_all = request.GET.get("alle") == "1"
    page = paginate(request, inbox(actor, open_only=not show_all), INBOX_PAGE_SIZE)
    rows = list(page)
    shown = []
    for referral in rows:
        referral.shows_name = (
            referral.shares_data
            and referral.status in (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)
            and referral.legal_basis_holds()
        )
        if referral.shows_name:
            shown.append(referral.pk)
    audit(actor=actor, action="referral.inbox", changes={"shown": shown})
    return render(
        request,
        "network/partner/inbox.html",
        {
            "page": page,
            "rows": rows,
            "show_all": show_all,
            "nav_active": "referral_inbox",
            "breadcrumbs": crumbs((_("Vermittlungen an uns"), None)),
        },
    )


def _inbox_referral(actor, pk) -> Referral:
    return get_object_or_404(
        inbox_referrals(actor).select_related(
            "case", "case__person", "service", "organisation", "unit", "consent", "sent_by"
        ),
        pk=pk,
    )


def _inbox_detail(request, actor, referral, bound=None):
    view = partner_view(referral)
    record_partner_view(actor=actor, referral=referral, shown=view.shown)
    can = partner_abilities(actor, referral)
    return render(
        request,
        "network/partner/inbox_detail.html",
        {
            "view": view,
            "referral": referral,
            "can": can,
            "answer_forms": answer_forms(
                referral,
                _targets(referral),
                bound or {},
                url=lambda to: reverse("referrals:inbox_answer", args=[referral.pk, to]),
            ),
            "sections": slots.sections(slots.PARTNER_REFERRAL, actor, referral),
            "nav_active": "referral_inbox",
            "breadcrumbs": _inbox_crumbs((referral.reference, None)),
        },
        status=422 if bound else 200,
    )


@login_required
def inbox_detail(request, pk):
    actor = _partner(request)
    return _inbox_detail(request, actor, _inbox_referral(actor, pk))


@login_required
@require_POST
def inbox_answer(request, pk, to):
    actor = _partner(request)
    referral = _inbox_referral(actor, pk)
    if to not in ANSWER_TITLES or to not in PARTNER_TARGETS:
        raise Http404
    form = AnswerForm(request.POST, to=to)
    if form.is_valid():
        try:
            referral_partner_answer(
                actor=actor,
                referral=referral,
                version=form.cleaned_data["version"],
                to=to,
                answer=Answer(**form.answer_kwargs()),
            )
        except StaleEdit:
            messages.info(
                request,
                _("Die Vermittlung wurde inzwischen geändert. Bitte prüfen Sie den neuen Stand."),
            )
            return redirect("referrals:inbox_detail", pk=referral.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(request, _done_message(to))
            return redirect("referrals:inbox_detail", pk=referral.pk)
    return _inbox_detail(request, actor, referral, bound={to: form})
