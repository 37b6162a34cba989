"""Shares of a case with another unit, the receivers' list, and emergency access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import share_abilities
from kim.cases.forms_sharing import (
    EmergencyAccessForm,
    EmergencyFilterForm,
    ShareEndForm,
    ShareForm,
)
from kim.cases.links import case_page_url
from kim.cases.models import CaseShare
from kim.cases.selectors import (
    emergency_accesses,
    share_receiving_units,
    share_target_units,
    shares_received,
    visible_cases,
)
from kim.cases.services import emergency_access_open, share_create, share_end
from kim.cases.services.sharing import emergency_hours
from kim.cases.views.common import case_crumbs, get_case
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.permissions import AUDIT_VIEW, CASE_EMERGENCY_ACCESS
from kim.core.slots import CASE_TAB_FILE
from kim.core.views import crumbs, paginate, require


@login_required
def share_new(request, pk):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    if not share_abilities(actor, case)["share"]:
        raise Http404
    units = share_target_units(case)
    if request.method == "POST":
        form = ShareForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                share = share_create(
                    actor=actor,
                    case=case,
                    to_unit=data["to_unit"],
                    parts=data["parts"],
                    purpose=data["purpose"],
                    purpose_category=data["purpose_category"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    legal_mandate=data["legal_mandate"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Die Teile des Falls sind für %(unit)s bis %(until)s freigegeben.")
                    % {"unit": share.to_unit, "until": f"{share.valid_until:%d.%m.%Y}"},
                )
                return redirect(case_page_url(case, CASE_TAB_FILE, "freigaben"))
    else:
        form = ShareForm(units=units)
        audit(actor=actor, action="case.view", obj=case, person_id=case.person_id)
    return render(
        request,
        "cases/share_form.html",
        {
            "form": form,
            "case": case,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Freigeben")),
        },
    )


@login_required
def share_end_view(request, share_pk):
    actor = get_actor(request.user)
    share = get_object_or_404(
        CaseShare.objects.select_related("case", "case__person", "to_unit", "consent"),
        pk=share_pk,
        tenant_id=actor.tenant_id,
        case__in=visible_cases(actor),
    )
    case = share.case
    if not share_abilities(actor, case)["end"]:
        raise Http404
    if not share.is_running:
        messages.info(request, _("Diese Freigabe ist bereits beendet."))
        return redirect(case_page_url(case, CASE_TAB_FILE, "freigaben"))
    if request.method == "POST":
        form = ShareEndForm(request.POST)
        if form.is_valid():
            try:
                share_end(actor=actor, share=share, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Die Freigabe an %(unit)s ist beendet.") % {"unit": share.to_unit},
                )
                return redirect(case_page_url(case, CASE_TAB_FILE, "freigaben"))
    else:
        form = ShareEndForm()
    return render(
        request,
        "cases/share_end.html",
        {
            "form": form,
            "share": share,
            "case": case,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Freigabe beenden")),
        },
    )


@login_required
def shared_with_us(request):
    """The cases shared with the actor's units, while the shares are active."""
    actor = get_actor(request.user)
    if not share_receiving_units(actor):
        raise Http404
    page = paginate(request, shares_received(actor))
    audit(
        actor=actor,
        action="case.list",
        changes={"ids": [s.case_id for s in page], "shared": True},
    )
    return render(
        request,
        "cases/shared_with_us.html",
        {
            "page": page,
            "nav_active": "cases",
            "breadcrumbs": crumbs((_("Für uns freigegebene Fälle"), None)),
        },
    )


@login_required
def emergency(request):
    """Break the glass: a team lead opens a case outside their units by its number."""
    actor = get_actor(request.user)
    require(actor, CASE_EMERGENCY_ACCESS)
    if request.method == "POST":
        form = EmergencyAccessForm(request.POST)
        if form.is_valid():
            try:
                access = emergency_access_open(
                    actor=actor,
                    number=form.cleaned_data["number"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.warning(
                    request,
                    _(
                        "Notfallzugriff auf Fall %(number)s bis %(until)s Uhr. "
                        "Jeder Aufruf wird protokolliert."
                    )
                    % {
                        "number": access.case.number,
                        "until": timezone.localtime(access.ends_at).strftime("%d.%m.%Y %H:%M"),
                    },
                )
                return redirect("cases:detail", pk=access.case_id)
    else:
        form = EmergencyAccessForm()
    return render(
        request,
        "cases/emergency.html",
        {
            "form": form,
            "hours": emergency_hours(),
            "nav_active": "cases",
            "breadcrumbs": crumbs((_("Notfallzugriff"), None)),
        },
    )


@login_required
def emergency_list(request):
    """Every emergency access of the tenant, for the data-protection role."""
    actor = get_actor(request.user)
    require(actor, AUDIT_VIEW)
    form = EmergencyFilterForm(request.GET or None, tenant_id=actor.tenant_id)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = emergency_accesses(
        actor,
        user_id=filters["user"].pk if filters.get("user") else None,
        case_number=filters.get("number") or "",
        since=filters.get("date_from"),
        until=filters.get("date_to"),
    )
    page = paginate(request, rows, per_page=50)
    audit(
        actor=actor,
        action="emergency_access.list",
        changes={
            "ids": [a.pk for a in page],
            "filters": {k: v for k, v in request.GET.items() if v and k != "seite"},
        },
    )
    return render(
        request,
        "cases/emergency_list.html",
        {
            "form": form,
            "page": page,
            "nav_active": "audit",
            "breadcrumbs": crumbs(
                (_("Zugriffsprotokoll"), reverse("core:audit")), (_("Notfallzugriffe"), None)
            ),
        },
    )
