"""Pages for the course of a case: change phase, intake, close, reopen.

The case page shows the phase and intake forms inline; these pages receive
them and show them again with the errors (or a conflict) and the user's input.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import case_process_abilities
from kim.cases.checks import closure_problems
from kim.cases.forms import CloseForm, IntakeForm, PhaseChangeForm, ReopenForm
from kim.cases.links import case_page_url
from kim.cases.models import Case
from kim.cases.phases import Phase, phase_form_targets
from kim.cases.services import case_change_phase, case_close, case_record_intake, case_reopen
from kim.cases.views.common import case_crumbs, get_case
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.slots import CASE_TAB_OVERVIEW, CASE_TABS


def _case_for(request, pk, ability: str):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    if not case_process_abilities(actor, case)[ability]:
        raise Http404
    if request.method != "POST":
        audit(actor=actor, action="case.view", obj=case, person_id=case.person_id)
    return actor, case


def _again(form_class, request, stale: StaleEdit, **kwargs):
    """The same input against the version now saved, so that saving again is deliberate."""
    data = request.POST.copy()
    data["version"] = stale.current.version
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _back_tab(request) -> str:
    """The case page's tab the phase form was sent from: the phase section is on
    every tab, and the case manager stays where they were."""
    tab = request.POST.get("tab") or request.GET.get("tab")
    return tab if tab in CASE_TABS else CASE_TAB_OVERVIEW


def _phase_label(value) -> str:
    return str(Phase(value).label) if value in Phase.values else "–"


@login_required
def case_phase(request, pk):
    actor, case = _case_for(request, pk, "change_phase")
    targets = phase_form_targets(case.phase, paused_from=case.paused_from)
    conflict = None
    if request.method == "POST":
        form = PhaseChangeForm(request.POST, targets=targets)
        if form.is_valid():
            try:
                case_change_phase(
                    actor=actor,
                    case=case,
                    version=form.cleaned_data["version"],
                    to_phase=form.cleaned_data["to_phase"],
                    reason=form.cleaned_data["reason"],
                )
            except StaleEdit as stale:
                current = stale.current
                conflict = [
                    {
                        "label": _("Phase"),
                        "mine": _phase_label(form.cleaned_data["to_phase"]),
                        "theirs": _phase_label(current.phase),
                    }
                ]
                case = current
                targets = phase_form_targets(current.phase, paused_from=current.paused_from)
                form = _again(PhaseChangeForm, request, stale, targets=targets)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Der Fall ist jetzt in der Phase „%(phase)s“.")
                    % {"phase": _phase_label(form.cleaned_data["to_phase"])},
                )
                return redirect(case_page_url(case, _back_tab(request)))
    else:
        form = PhaseChangeForm(initial={"version": case.version}, targets=targets)
    return render(
        request,
        "cases/phase.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "back_tab": _back_tab(request),
            "back_url": case_page_url(case, _back_tab(request)),
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Phase wechseln")),
        },
    )


@login_required
def case_intake(request, pk):
    actor, case = _case_for(request, pk, "record_intake")
    conflict = None
    if request.method == "POST":
        form = IntakeForm(request.POST, tenant_id=case.tenant_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case_record_intake(
                    actor=actor,
                    case=case,
                    version=data["version"],
                    access_route=data["access_route"],
                    target_groups=list(data["target_groups"]),
                    cm_indicated=data["cm_indicated"],
                    cm_indicated_reason=data["cm_indicated_reason"],
                    consent_status=data["consent_status"],
                )
            except StaleEdit as stale:
                conflict = _intake_conflict(form, stale.current)
                form = _again(IntakeForm, request, stale, tenant_id=case.tenant_id)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Angaben aus dem Intake wurden gespeichert."))
                return redirect("cases:detail", pk=case.pk)
    else:
        form = IntakeForm(initial=IntakeForm.initial_for(case), tenant_id=case.tenant_id)
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Intake")),
        },
    )


def _intake_conflict(form, current: Case) -> list[dict]:
    rows = []
    for name in ("access_route", "cm_indicated", "cm_indicated_reason", "consent_status"):
        mine, theirs = form.cleaned_data.get(name) or "", getattr(current, name) or ""
        if mine != theirs:
            choices = dict(getattr(form.fields[name], "choices", []) or [])
            rows.append(
                {
                    "label": form.fields[name].label,
                    "mine": choices.get(mine, mine) or "–",
                    "theirs": choices.get(theirs, theirs) or "–",
                }
            )
    mine = sorted(g.name for g in form.cleaned_data.get("target_groups", []))
    theirs = sorted(g.name for g in current.target_groups.all())
    if mine != theirs:
        rows.append(
            {
                "label": _("Zielgruppen"),
                "mine": ", ".join(mine) or "–",
                "theirs": ", ".join(theirs) or "–",
            }
        )
    return rows


@login_required
def case_close_view(request, pk):
    actor, case = _case_for(request, pk, "close")
    conflict = None
    if request.method == "POST":
        form = CloseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case_close(
                    actor=actor,
                    case=case,
                    version=data["version"],
                    reason=data["reason"],
                    summary=data["summary"],
                    closed_on=data["closed_on"],
                )
            except StaleEdit as stale:
                conflict = [
                    {
                        "label": _("Phase"),
                        "mine": _phase_label(case.phase),
                        "theirs": _phase_label(stale.current.phase),
                    }
                ]
                case = stale.current
                form = _again(CloseForm, request, stale)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request, _("Fall %(number)s wurde abgeschlossen.") % {"number": case.number}
                )
                return redirect("cases:detail", pk=case.pk)
    else:
        form = CloseForm(initial={"version": case.version, "closed_on": timezone.localdate()})
    return render(
        request,
        "cases/close.html",
        {
            "form": form,
            "case": case,
            "problems": closure_problems(case),
            "conflict": conflict,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Fall abschließen")),
        },
    )


@login_required
def case_reopen_view(request, pk):
    actor, case = _case_for(request, pk, "reopen")
    conflict = None
    if request.method == "POST":
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                case_reopen(
                    actor=actor,
                    case=case,
                    version=form.cleaned_data["version"],
                    to_phase=form.cleaned_data["to_phase"],
                    reason=form.cleaned_data["reason"],
                )
            except StaleEdit as stale:
                conflict = []
                form = _again(ReopenForm, request, stale)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Fall %(number)s wurde wieder eröffnet.") % {"number": case.number},
                )
                return redirect("cases:detail", pk=case.pk)
    else:
        form = ReopenForm(initial={"version": case.version, "to_phase": Phase.ASSESSMENT})
    return render(
        request,
        "cases/reopen.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Wieder eröffnen")),
        },
    )
