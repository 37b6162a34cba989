"""The case page, cut into tabs that are server-rendered sub-pages.

"Überblick" is where a case manager works day to day (intake, contact history);
"Hilfeplan" holds assessment, support plan and barriers; "Netzwerk" the
responsible offices, referrals and case conferences; "Akte" the documents,
members, shares, hand-overs and the phase history. The side column (phase, case and person data, follow-ups,
consent, summary) is on every tab. Only the shown tab's parts are loaded, so a
long case stays fast to open however many sections the apps add.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.cases.abilities import case_access, case_process_abilities, share_abilities
from kim.cases.forms import IntakeForm, PhaseChangeForm
from kim.cases.links import case_page_url
from kim.cases.models import Case
from kim.cases.parts import INTERNAL, Part
from kim.cases.phases import phase_form_targets
from kim.cases.selectors import (
    handover_history,
    latest_closure,
    members_of_case,
    pending_handover,
    phase_changes_of_case,
    phase_since,
    shares_of_case,
)
from kim.cases.views.common import contact_timeline, get_case
from kim.core import slots
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.slots import (
    CASE_TAB_FILE,
    CASE_TAB_NETWORK,
    CASE_TAB_OVERVIEW,
    CASE_TAB_PLAN,
    CASE_TABS,
)
from kim.core.views import crumbs

TAB_LABELS = {
    CASE_TAB_OVERVIEW: gettext_lazy("Überblick"),
    CASE_TAB_PLAN: gettext_lazy("Hilfeplan"),
    CASE_TAB_NETWORK: gettext_lazy("Netzwerk"),
    CASE_TAB_FILE: gettext_lazy("Akte"),
}


def available_tabs(parts: frozenset[str]) -> list[str]:
    """The tabs with something the reader may see: a unit the case is shared with sees
    "Hilfeplan" only with the assessment or plan shared, "Akte" only with documents,
    "Netzwerk" never (responsible offices, referrals and conferences are the own
    unit's; an emergency access sees the conferences)."""
    shown = {
        CASE_TAB_OVERVIEW: True,
        CASE_TAB_PLAN: bool(parts & {INTERNAL, Part.ASSESSMENT, Part.PLAN}),
        CASE_TAB_NETWORK: INTERNAL in parts,
        CASE_TAB_FILE: bool(parts & {INTERNAL, Part.DOCUMENTS}),
    }
    return [tab for tab in CASE_TABS if shown[tab]]


def _case_list_crumb(access) -> tuple[str, str]:
    """Where the case page leads back to: the case list, the shared cases or the
    emergency access page."""
    if access.emergency is not None:
        return (_("Notfallzugriff"), reverse("cases:emergency"))
    if access.shares:
        return (_("Für uns freigegeben"), reverse("cases:shared_with_us"))
    return (_("Fälle"), reverse("cases:list"))


def _overview(request, actor, case: Case, parts, can) -> dict:
    internal = INTERNAL in parts
    timeline = (
        contact_timeline(actor, case, request.GET.get("kontakte"))
        if Part.CONTACTS in parts
        else {"contacts": [], "contact_page": None}
    )
    context = {**timeline, "intake_form": None, "target_groups": []}
    if internal:
        groups = list(case.target_groups.all())
        context["target_groups"] = groups
        if can["record_intake"] and case.phase == Case.Phase.INTAKE:
            # Inline forms get their own ids: several forms share this page.
            context["intake_form"] = IntakeForm(
                initial=IntakeForm.initial_for(case, groups),
                tenant_id=case.tenant_id,
                auto_id="intake-%s",
            )
    return context


def _file(actor, case: Case, parts, sharing) -> dict:
    internal = INTERNAL in parts
    return {
        "members": list(members_of_case(case)) if internal else [],
        "handovers": handover_history(case) if internal else [],
        "shares": shares_of_case(case) if sharing["view"] else [],
    }


@login_required
def case_page(request, pk, tab=CASE_TAB_OVERVIEW):
    actor = get_actor(request.user)
    case = get_case(actor, pk, shared=True)
    access = case_access(actor, case)
    parts = access.parts
    tabs = available_tabs(parts)
    if tab not in tabs:
        raise Http404
    internal = INTERNAL in parts
    can = abilities(actor, case) | case_process_abilities(actor, case)
    sharing = share_abilities(actor, case)
    targets = phase_form_targets(case.phase, paused_from=case.paused_from)
    context = {
        "case": case,
        "person": case.person,
        "tab": tab,
        "tabs": [
            {"key": key, "label": TAB_LABELS[key], "url": case_page_url(case, key)} for key in tabs
        ],
        "fields": list(case.fields.all()) if Part.BASE in parts else [],
        "can": can,
        "parts": parts,
        "access": access,
        "sharing": sharing,
        "phase_changes": [],
        "phase_since": None,
        "phase_form": PhaseChangeForm(
            initial={"version": case.version}, targets=targets, auto_id="phase-%s"
        )
        if can["change_phase"] and targets
        else None,
        "closure": latest_closure(case) if case.is_closed and internal else None,
        "members": [],
        "handovers": [],
        "shares": [],
    }
    if tab == CASE_TAB_OVERVIEW:
        context.update(_overview(request, actor, case, parts, can))
    elif tab == CASE_TAB_FILE:
        context.update(_file(actor, case, parts, sharing))
    if internal and tab == CASE_TAB_FILE:
        context["phase_changes"] = list(phase_changes_of_case(case))
        changes = context["phase_changes"]
        context["phase_since"] = changes[-1].changed_at if changes else None
    elif internal:
        context["phase_since"] = phase_since(case)
    if tab == CASE_TAB_FILE:
        context["pending_handover"] = next((h for h in context["handovers"] if h.is_pending), None)
    else:
        context["pending_handover"] = pending_handover(case) if internal else None
    changes = access.audit_changes() | {"tab": tab}
    if context["members"]:
        changes["members"] = [m.person_id for m in context["members"]]
    audit(
        actor=actor,
        action="case.view",
        obj=case,
        person_id=case.person_id,
        changes=changes,
        reason=access.emergency.reason if access.emergency else "",
    )
    context["sections"] = slots.sections(slots.CASE_DETAIL, actor, case, tab=tab)
    context["aside_sections"] = slots.sections(slots.CASE_ASIDE, actor, case)
    label = TAB_LABELS[tab]
    context["tab_label"] = label
    context["nav_active"] = "cases"
    context["breadcrumbs"] = (
        crumbs(_case_list_crumb(access), (case.number, None))
        if tab == CASE_TAB_OVERVIEW
        else crumbs(
            _case_list_crumb(access), (case.number, case_page_url(case)), (str(label), None)
        )
    )
    return render(request, "cases/detail.html", context)
