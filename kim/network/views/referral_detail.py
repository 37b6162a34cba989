"""The case management's page of one referral: its data, history and what the partner
sees; sending, recorded answers and partner links (the token's address shown once).

Outsiders get 404; reading is audited (`referral.view`).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core import slots
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.network.models import ReferralLink
from kim.network.referral_forms import ANSWER_TITLES, AnswerForm, LinkForm
from kim.network.referral_states import Status
from kim.network.selectors.referrals import (
    links_of_referral,
    partner_view,
    status_history,
    visible_referrals,
)
from kim.network.services.referral_links import (
    link_url,
    referral_link_create,
    referral_link_revoke,
)
from kim.network.services.referrals import (
    Answer,
    referral_change_status,
    referral_send,
    send_errors,
)
from kim.network.views.referral_common import answer_forms, has_partner_accounts, no_store
from kim.network.views.referrals import case_crumbs, referral_of, saved

# --- the referral page --------------------------------------------------------------------


@login_required
def referral_detail(request, pk):
    return _detail(request, pk)


def _detail(request, pk, *, new_link=None, forms=None):
    actor = get_actor(request.user)
    referral = referral_of(actor, pk)
    can = abilities(actor, referral)
    if not can["view"]:
        raise Http404
    audit(
        actor=actor,
        action="referral.view",
        obj=referral,
        person_id=referral.case.person_id,
        unit_id=referral.case.unit_id,
    )
    links = links_of_referral(referral)
    now = timezone.now()
    for link in links:
        link.can = abilities(actor, link)
        link.current_state = link.state(now)
    view = partner_view(referral)
    mail = _mail(referral, new_link) if new_link else {}
    response = render(
        request,
        "network/referrals/detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "person": referral.case.person,
            "can": can,
            "history": status_history(referral),
            "links": links,
            "new_link": new_link,
            "partner": view,
            "send_errors": send_errors(referral) if can["send"] else {},
            "answer_forms": answer_forms(
                referral,
                _case_targets(can),
                forms or {},
                url=lambda to: reverse("referrals:status", args=[referral.pk, to]),
            ),
            "link_form": LinkForm(initial={"days": _link_days()}) if can["create_link"] else None,
            "partner_accounts": has_partner_accounts(referral.organisation),
            "sections": slots.sections(slots.REFERRAL_DETAIL, actor, referral),
            **mail,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(referral.case, (referral.reference, None)),
        },
        status=422 if forms else 200,
    )
    return no_store(response) if new_link else response


def _mail(referral, new_link) -> dict:
    """Subject and text of an e-mail the case manager may send with the link: the
    reference and the service, never data of the person."""
    values = {
        "ref": referral.reference,
        "service": referral.service.name,
        "date": new_link["link"].expires_at.strftime("%d.%m.%Y"),
        "url": new_link["url"],
    }
    return {
        "mail_subject": _("Vermittlung %(ref)s an %(service)s") % values,
        "mail_body": _(
            "Guten Tag,\n\nüber diesen Link sehen Sie die Vermittlung %(ref)s an "
            "„%(service)s“ und können sie beantworten. Er gilt bis zum %(date)s:\n%(url)s\n\n"
            "Bitte geben Sie den Link nicht weiter."
        )
        % values,
    }


def _link_days() -> int:
    return settings.REFERRAL_LINK_DAYS


def _case_targets(can) -> list[str]:
    targets = []
    if can["record_answer"]:
        targets += [Status.ACCEPTED, Status.DECLINED]
    if can["record_start"]:
        targets.append(Status.IN_PROGRESS)
    if can["complete"]:
        targets.append(Status.COMPLETED)
    if can["cancel"]:
        targets.append(Status.CANCELLED)
    return targets


@login_required
@require_POST
def referral_send_view(request, pk):
    actor = get_actor(request.user)
    referral = referral_of(actor, pk)
    if not abilities(actor, referral)["view"]:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        sent = referral_send(actor=actor, referral=referral, version=version)
    except StaleEdit:
        messages.error(
            request,
            _(
                "Die Vermittlung wurde inzwischen geändert. Bitte prüfen Sie sie und senden Sie erneut."
            ),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except NotAllowed as exc:
        raise Http404 from exc
    else:
        return saved(request, sent, True)
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def referral_status_view(request, pk, to):
    actor = get_actor(request.user)
    referral = referral_of(actor, pk)
    can = abilities(actor, referral)
    if not can["view"] or to not in ANSWER_TITLES:
        raise Http404
    form = AnswerForm(request.POST, to=to)
    if form.is_valid():
        try:
            referral_change_status(
                actor=actor,
                referral=referral,
                version=form.cleaned_data["version"],
                to=to,
                answer=Answer(**form.answer_kwargs()),
            )
        except StaleEdit:
            messages.error(
                request,
                _(
                    "Die Vermittlung wurde inzwischen geändert, z. B. von der Partnerstelle. "
                    "Bitte prüfen Sie den neuen Stand."
                ),
            )
            return redirect("referrals:detail", pk=referral.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Gespeichert: Die Vermittlung ist jetzt „%(status)s“.")
                % {"status": Status(to).label},
            )
            return redirect("referrals:detail", pk=referral.pk)
    return _detail(request, pk, forms={to: form})


# --- partner links -----------------------------------------------------------------------


@login_required
@require_POST
def link_new(request, pk):
    actor = get_actor(request.user)
    referral = referral_of(actor, pk)
    if not abilities(actor, referral)["view"]:
        raise Http404
    form = LinkForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else None
    if days is None:
        messages.error(request, _("Bitte eine Gültigkeit zwischen 1 und 90 Tagen angeben."))
        return redirect("referrals:detail", pk=referral.pk)
    try:
        link, token = referral_link_create(actor=actor, referral=referral, days=days)
    except NotAllowed as exc:
        raise Http404 from exc
    url = link_url(token)
    return _detail(request, pk, new_link={"link": link, "url": url})


@login_required
@require_POST
def link_revoke(request, link_pk):
    actor = get_actor(request.user)
    link = get_object_or_404(
        ReferralLink.objects.select_related("referral", "referral__case").filter(
            referral__in=visible_referrals(actor)
        ),
        pk=link_pk,
    )
    try:
        referral_link_revoke(actor=actor, link=link, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    except NotAllowed as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Der Link wurde widerrufen und öffnet nichts mehr."))
    return redirect("referrals:detail", pk=link.referral_id)
