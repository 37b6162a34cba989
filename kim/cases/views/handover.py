"""Handing a case over: the request on the case, the answer of the receiving side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.cases.abilities import case_process_abilities
from kim.cases.forms import HandoverAcceptForm, HandoverDeclineForm, HandoverRequestForm
from kim.cases.models import CaseHandover
from kim.cases.selectors import (
    case_managers,
    handover_target_units,
    visible_handovers,
)
from kim.cases.services import (
    handover_accept,
    handover_decline,
    handover_request,
    handover_withdraw,
)
from kim.cases.views.common import case_crumbs, get_case
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.permissions import CASE_MANAGE, CASE_VIEW
from kim.core.views import crumbs


@login_required
def handover_new(request, pk):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    if not case_process_abilities(actor, case)["hand_over"]:
        raise Http404
    if CaseHandover.objects.filter(case=case, state=CaseHandover.State.PENDING).exists():
        messages.info(request, _("Für diesen Fall ist bereits eine Übergabe angefragt."))
        return redirect("cases:detail", pk=case.pk)
    units = handover_target_units(case.tenant_id)
    managers = case_managers(case.tenant_id, [u.pk for u in units]).prefetch_related(
        "memberships__unit"
    )
    if request.method == "POST":
        form = HandoverRequestForm(request.POST, units=units, managers=managers)
        if form.is_valid():
            try:
                handover_request(
                    actor=actor,
                    case=case,
                    to_unit=form.cleaned_data["to_unit"],
                    to_user=form.cleaned_data["to_user"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _(
                        "Die Übergabe ist angefragt. Bis sie angenommen ist, bleibt der Fall bei Ihnen."
                    ),
                )
                return redirect("cases:detail", pk=case.pk)
    else:
        form = HandoverRequestForm(units=units, managers=managers)
        audit(actor=actor, action="case.view", obj=case, person_id=case.person_id)
    return render(
        request,
        "cases/handover_request.html",
        {
            "form": form,
            "case": case,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Fall übergeben")),
        },
    )


def _get_handover(actor, pk) -> CaseHandover:
    handover = get_object_or_404(visible_handovers(actor), pk=pk)
    if not abilities(actor, handover)["view"]:
        raise Http404
    return handover


def _detail(request, actor, handover, *, accept_form=None, decline_form=None, status=200):
    can = abilities(actor, handover)
    leads = actor.can_in_unit(CASE_MANAGE, handover.to_unit_id)
    if can["accept"] and accept_form is None:
        accept_form = HandoverAcceptForm(
            initial={"case_manager": handover.to_user or actor.user},
            managers=case_managers(handover.tenant_id, [handover.to_unit_id]),
        )
    if can["decline"] and decline_form is None:
        decline_form = HandoverDeclineForm()
    case = handover.case
    return render(
        request,
        "cases/handover_detail.html",
        {
            "handover": handover,
            "case": case,
            "person": case.person,
            "can": can,
            "choose_manager": leads,
            "accept_form": accept_form if can["accept"] else None,
            "decline_form": decline_form if can["decline"] else None,
            "sees_case": actor.can_in_unit(CASE_VIEW, case.unit_id),
            "nav_active": "start",
            "breadcrumbs": crumbs((_("Übergabe von Fall %(n)s") % {"n": case.number}, None)),
        },
        status=status,
    )


@login_required
def handover_detail(request, handover_pk):
    actor = get_actor(request.user)
    handover = _get_handover(actor, handover_pk)
    audit(
        actor=actor,
        action="handover.view",
        obj=handover,
        person_id=handover.case.person_id,
        changes={"case": handover.case.number},
    )
    return _detail(request, actor, handover)


@login_required
@require_POST
def handover_accept_view(request, handover_pk):
    actor = get_actor(request.user)
    handover = _get_handover(actor, handover_pk)
    if not abilities(actor, handover)["accept"]:
        raise Http404
    form = HandoverAcceptForm(
        request.POST, managers=case_managers(handover.tenant_id, [handover.to_unit_id])
    )
    if form.is_valid():
        try:
            handover_accept(
                actor=actor, handover=handover, case_manager=form.cleaned_data["case_manager"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Fall %(number)s ist übernommen.") % {"number": handover.case.number},
            )
            return redirect("cases:detail", pk=handover.case_id)
    return _detail(request, actor, handover, accept_form=form)


@login_required
@require_POST
def handover_decline_view(request, handover_pk):
    actor = get_actor(request.user)
    handover = _get_handover(actor, handover_pk)
    if not abilities(actor, handover)["decline"]:
        raise Http404
    form = HandoverDeclineForm(request.POST)
    if form.is_valid():
        try:
            handover_decline(actor=actor, handover=handover, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Sie haben die Übergabe von Fall %(number)s abgelehnt.")
                % {"number": handover.case.number},
            )
            return redirect("core:start")
    return _detail(request, actor, handover, decline_form=form)


@login_required
@require_POST
def handover_withdraw_view(request, handover_pk):
    actor = get_actor(request.user)
    handover = _get_handover(actor, handover_pk)
    if not abilities(actor, handover)["withdraw"]:
        raise Http404
    try:
        handover_withdraw(actor=actor, handover=handover)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except NotAllowed as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Die Übergabe ist zurückgezogen."))
    return redirect("cases:detail", pk=handover.case_id)
