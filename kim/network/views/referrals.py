"""The case management's referral pages: choose a service, draft and send with the
consent gate, the referral with its history, recorded answers, partner links.

Everything belongs to the case's unit: outsiders get 404. Reading a referral
is audited (`referral.view`); the case page's section is covered by the
page's `case.view`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.cases.selectors import visible_cases
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.models import FieldOfAction, Town
from kim.core.views import crumbs, paginate
from kim.network.finder import find_responsible
from kim.network.models import Referral, ReferralLink, Service
from kim.network.referral_forms import ANSWER_TITLES, AnswerForm, LinkForm, ReferralForm
from kim.network.referral_states import Status
from kim.network.selectors.directory import ServiceFilters, service_search, with_details
from kim.network.selectors.referrals import (
    consent_options,
    links_of_referral,
    partner_view,
    status_history,
    visible_referrals,
    with_parts,
)
from kim.network.services.referrals import (
    Answer,
    link_url,
    referral_change_status,
    referral_create,
    referral_link_create,
    referral_link_revoke,
    referral_send,
    referral_update,
    send_errors,
)
from kim.network.views.referral_common import (
    answer_forms,
    has_partner_accounts,
    no_store,
)
from kim.planning.models import Action

SERVICES_PER_PAGE = 15
ANCHOR = "vermittlungen"


def _case_url(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + f"#{ANCHOR}"


def _case_crumbs(case, *items) -> list[dict]:
    return crumbs(
        (_("Fälle"), reverse("cases:list")),
        (case.number, reverse("cases:detail", args=[case.pk])),
        *items,
    )


def _referring_case(request, case_pk):
    """The case, if the actor may refer from it (document in its open case); else 404."""
    actor = get_actor(request.user)
    case = get_object_or_404(
        visible_cases(actor).select_related("person", "person__town", "unit"), pk=case_pk
    )
    if not abilities(actor, case)["document"]:
        raise Http404
    return actor, case


def _action_of(case, request) -> Action | None:
    raw = request.GET.get("massnahme") or request.POST.get("massnahme") or ""
    if not raw.isdigit():
        return None
    return (
        Action.objects.filter(tenant_id=case.tenant_id, case=case, pk=int(raw))
        .select_related("goal", "goal__field")
        .first()
    )


def _referral(actor, pk) -> Referral:
    return get_object_or_404(with_parts(visible_referrals(actor)), pk=pk)


# --- choosing the service ----------------------------------------------------------------


@login_required
def choose_service(request, case_pk):
    actor, case = _referring_case(request, case_pk)
    action = _action_of(case, request)
    fields = FieldOfAction.objects.filter(tenant_id=case.tenant_id, active=True).order_by(
        "position", "name"
    )
    towns = Town.objects.filter(tenant_id=case.tenant_id).order_by("name")
    default_field = action.goal.field if action and action.goal_id else None
    person_town = case.person.town
    if "feld" in request.GET or "ort" in request.GET or "q" in request.GET:
        field = fields.filter(pk=_int(request.GET.get("feld"))).first()
        town = towns.filter(pk=_int(request.GET.get("ort"))).first()
        q = request.GET.get("q", "").strip()[:200]
    else:
        field, town, q = default_field, person_town, ""
    filters = ServiceFilters(q=q, field=field, town=town)
    page = paginate(request, with_details(service_search(actor, filters)), SERVICES_PER_PAGE)
    suggestion = find_responsible(actor, field=field, town=town) if field else None
    return render(
        request,
        "network/referrals/choose_service.html",
        {
            "case": case,
            "person": case.person,
            "action": action,
            "fields": fields,
            "towns": towns,
            "field": field,
            "town": town,
            "q": q,
            "page": page,
            "suggestion": suggestion,
            "nav_active": "cases",
            "breadcrumbs": _case_crumbs(case, (_("Vermitteln"), None)),
        },
    )


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


# --- drafting and sending --------------------------------------------------------------------


def _consent_rows(case, form: ReferralForm, organisation):
    return consent_options(
        case,
        organisation=organisation,
        data_categories=form.categories(),
        purpose_category=form.purpose_category_value(),
    )


def _form_page(request, *, case, service, action, form, referral=None, conflict=None):
    options = _consent_rows(case, form, service.organisation)
    covering = [option for option in options if option.covers]
    chosen = form.chosen_consent_id()
    if form.is_bound and "consent" not in form.data and covering:
        # No radio was checked (the chosen consent stopped covering a moment ago):
        # offer the covering one again, as the empty form does.
        chosen = covering[0].consent.pk
    title = _("Vermittlung bearbeiten") if referral else _("Vermittlung anlegen")
    return render(
        request,
        "network/referrals/form.html",
        {
            "case": case,
            "person": case.person,
            "service": service,
            "action": action,
            "form": form,
            "referral": referral,
            "covering": covering,
            "gaps": [option for option in options if not option.covers],
            "chosen_consent": chosen,
            "conflict": conflict,
            "title": title,
            "nav_active": "cases",
            "breadcrumbs": _case_crumbs(case, (title, None)),
        },
    )


def _gate_errors(form: ReferralForm, case, service) -> dict:
    """The consent gate before anything is written, so that a refused send keeps the
    form as typed and leaves no draft behind."""
    from kim.network.referral_basis import legal_basis_errors

    data = form.cleaned_data
    return legal_basis_errors(
        person_id=case.person_id,
        organisation=service.organisation,
        data_categories=list(data["data_categories"]),
        purpose_category=data["purpose_category"],
        consent=data["consent_obj"],
        legal_mandate=data["legal_mandate"],
        on=timezone.localdate(),
    )


def _consents_of(case):
    from kim.people.models import Consent

    return list(Consent.objects.filter(tenant_id=case.tenant_id, person_id=case.person_id))


@login_required
def referral_new(request, case_pk, service_pk):
    actor, case = _referring_case(request, case_pk)
    service = get_object_or_404(
        Service.objects.active().select_related("organisation"),
        tenant_id=case.tenant_id,
        pk=service_pk,
    )
    action = _action_of(case, request)
    consents = _consents_of(case)
    if request.method == "POST":
        form = ReferralForm(request.POST, consents=consents)
        if "pruefen" not in request.POST and form.is_valid():
            sending = "senden" in request.POST
            errors = _gate_errors(form, case, service) if sending else {}
            for field, message in errors.items():
                form.add_error(field, message)
            if not errors:
                try:
                    with transaction.atomic():
                        referral = _create(actor, case, service, action, form)
                        if sending:
                            referral = referral_send(
                                actor=actor, referral=referral, version=referral.version
                            )
                except ValidationError as error:
                    add_service_errors(form, error)
                except NotAllowed as exc:
                    raise Http404 from exc
                else:
                    return _saved(request, referral, sending)
    else:
        initial = {
            "purpose": action.what if action else "",
            "purpose_category": "referral",
            "data_categories": ["base"],
        }
        form = ReferralForm(initial=initial, consents=consents)
        options = _consent_rows(case, form, service.organisation)
        covering = next((o.consent.pk for o in options if o.covers), None)
        if covering:
            form.initial["consent"] = covering
    return _form_page(request, case=case, service=service, action=action, form=form)


def _create(actor, case, service, action, form) -> Referral:
    data = form.cleaned_data
    return referral_create(
        actor=actor,
        case=case,
        service=service,
        action=action,
        purpose=data["purpose"],
        purpose_category=data["purpose_category"],
        data_categories=list(data["data_categories"]),
        message=data["message"],
        consent=data["consent_obj"],
        legal_mandate=data["legal_mandate"],
    )


def _saved(request, referral, sent: bool):
    if sent:
        messages.success(
            request,
            _("Die Vermittlung %(ref)s an „%(service)s“ wurde gesendet.")
            % {"ref": referral.reference, "service": referral.service.name},
        )
    else:
        messages.success(
            request, _("Die Vermittlung wurde als Entwurf gespeichert. Gesendet ist noch nichts.")
        )
    return redirect("referrals:detail", pk=referral.pk)


@login_required
def referral_edit(request, pk):
    actor = get_actor(request.user)
    referral = _referral(actor, pk)
    if not abilities(actor, referral)["change"]:
        raise Http404
    case, service = referral.case, referral.service
    consents = _consents_of(case)
    conflict = None
    if request.method == "POST":
        form = ReferralForm(request.POST, consents=consents)
        if "pruefen" not in request.POST and form.is_valid():
            sending = "senden" in request.POST
            errors = _gate_errors(form, case, service) if sending else {}
            for field, message in errors.items():
                form.add_error(field, message)
            if not errors:
                data = form.cleaned_data
                try:
                    with transaction.atomic():
                        saved = referral_update(
                            actor=actor,
                            referral=referral,
                            version=data["version"] or 0,
                            service=service,
                            purpose=data["purpose"],
                            purpose_category=data["purpose_category"],
                            data_categories=list(data["data_categories"]),
                            message=data["message"],
                            consent=data["consent_obj"],
                            legal_mandate=data["legal_mandate"],
                        )
                        if sending:
                            saved = referral_send(
                                actor=actor, referral=saved, version=saved.version
                            )
                except StaleEdit as stale:
                    conflict = []
                    data = request.POST.copy()
                    data["version"] = stale.current.version
                    form = ReferralForm(data, consents=consents)
                    form.is_valid()
                except ValidationError as error:
                    add_service_errors(form, error)
                except NotAllowed as exc:
                    raise Http404 from exc
                else:
                    return _saved(request, saved, sending)
    else:
        form = ReferralForm(
            initial={
                "purpose": referral.purpose,
                "purpose_category": referral.purpose_category,
                "data_categories": list(referral.data_categories),
                "message": referral.message,
                "consent": referral.consent_id,
                "legal_mandate": referral.legal_mandate,
                "version": referral.version,
            },
            consents=consents,
        )
    return _form_page(
        request,
        case=case,
        service=service,
        action=referral.action,
        form=form,
        referral=referral,
        conflict=conflict,
    )


# --- the referral page --------------------------------------------------------------------


@login_required
def referral_detail(request, pk):
    return _detail(request, pk)


def _detail(request, pk, *, new_link=None, forms=None):
    actor = get_actor(request.user)
    referral = _referral(actor, pk)
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
            **mail,
            "nav_active": "cases",
            "breadcrumbs": _case_crumbs(referral.case, (referral.reference, None)),
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
    from django.conf import settings

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
    referral = _referral(actor, pk)
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
        return _saved(request, sent, True)
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def referral_status_view(request, pk, to):
    actor = get_actor(request.user)
    referral = _referral(actor, pk)
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
    referral = _referral(actor, pk)
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
