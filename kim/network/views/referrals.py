"""The case management's referral pages: choose a service, then draft and send with
the consent gate (the page of one referral is `referral_detail`).

Everything belongs to the case's unit: outsiders get 404. The case page's
section is covered by the page's `case.view` audit event.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.links import case_page_url
from kim.cases.selectors import visible_cases
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.models import FieldOfAction, Town
from kim.core.slots import CASE_TAB_NETWORK
from kim.core.views import crumbs, paginate
from kim.network.finder import answers_for, candidates
from kim.network.models import Referral, Service
from kim.network.referral_forms import ReferralForm
from kim.network.selectors.case import case_needs
from kim.network.selectors.directory import ServiceFilters, service_search, with_details
from kim.network.selectors.referrals import (
    consent_options,
    visible_referrals,
    with_parts,
)
from kim.network.services.referrals import (
    referral_create,
    referral_send,
    referral_update,
)
from kim.people.models import Consent
from kim.planning.models import Action

SERVICES_PER_PAGE = 15
ANCHOR = "vermittlungen"


def _case_url(case) -> str:
    return case_page_url(case, CASE_TAB_NETWORK, ANCHOR)


def case_crumbs(case, *items) -> list[dict]:
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


def referral_of(actor, pk) -> Referral:
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
    suggestions = _responsible(actor, case, field, town)
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
            "suggestions": suggestions,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, (_("Vermitteln"), None)),
        },
    )


def _responsible(actor, case, field, town) -> list:
    """What the responsibility finder says for this field of action, the person's town
    and each of their legal domains (two queries; none without a field)."""
    if field is None:
        return []
    today = timezone.localdate()
    domains = case_needs(actor, case, today).legal_domains
    town_id = town.pk if town else None
    rows = candidates(actor, field_ids=[field.pk], legal_domains=domains, town_id=town_id, on=today)
    answer = answers_for(
        rows,
        fields=[(field.pk, field.name, field.code)],
        legal_domains=domains,
        town_id=town_id,
        on=today,
    )
    return answer[0].matches


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
            "breadcrumbs": case_crumbs(case, (title, None)),
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
                    if CONSENT_BUTTON in request.POST:
                        return to_consent_form(request, referral)
                    return saved(request, referral, sending)
    else:
        initial = {
            "purpose": action.what if action else "",
            "purpose_category": "referral",
            "data_categories": ["base"],
        } | _suggested(request)
        form = ReferralForm(initial=initial, consents=consents)
        options = _consent_rows(case, form, service.organisation)
        covering = next((o.consent.pk for o in options if o.covers), None)
        if covering:
            form.initial["consent"] = covering
    return _form_page(request, case=case, service=service, action=action, form=form)


def _suggested(request) -> dict:
    """What another page suggests for a new referral (e.g. the potential list of the
    residence pre-check): purpose, kind of purpose and data, only known values."""
    suggested = {}
    purpose = request.GET.get("zweck", "").strip()[:2000]
    if purpose:
        suggested["purpose"] = purpose
    if request.GET.get("zweckart") in Consent.PurposeCategory.values:
        suggested["purpose_category"] = request.GET["zweckart"]
    data = [c for c in request.GET.getlist("daten") if c in Consent.DataCategory.values]
    if data:
        suggested["data_categories"] = data
    return suggested


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


CONSENT_BUTTON = "einwilligung"


def to_consent_form(request, referral: Referral):
    """ "Als Entwurf speichern und Einwilligung erfassen": the draft is kept, the consent
    form comes filled in with this referral's recipient, data and purpose, and leads
    back to the draft, where the new consent is then offered."""
    messages.info(
        request,
        _(
            "Die Vermittlung wurde als Entwurf gespeichert. Erfassen Sie die Einwilligung; "
            "danach geht es zurück zur Vermittlung."
        ),
    )
    query = QueryDict(mutable=True)
    query.setlist("daten", list(referral.data_categories))
    query["empfaenger"] = str(referral.organisation_id)
    query["zweck"] = referral.purpose_category
    query["beschreibung"] = referral.purpose
    query["next"] = reverse("referrals:edit", args=[referral.pk])
    target = reverse("people:consent_add", args=[referral.case.person_id])
    return redirect(f"{target}?{query.urlencode()}")


def saved(request, referral, sent: bool):
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
    referral = referral_of(actor, pk)
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
                        result = referral_update(
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
                            result = referral_send(
                                actor=actor, referral=result, version=result.version
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
                    if CONSENT_BUTTON in request.POST:
                        return to_consent_form(request, result)
                    return saved(request, result, sending)
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
        if referral.consent_id is None and not referral.legal_mandate:
            # E.g. back from recording the consent this draft was missing.
            options = _consent_rows(case, form, service.organisation)
            covering = next((o.consent.pk for o in options if o.covers), None)
            if covering:
                form.initial["consent"] = covering
    return _form_page(
        request,
        case=case,
        service=service,
        action=referral.action,
        form=form,
        referral=referral,
        conflict=conflict,
    )
