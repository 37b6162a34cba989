from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.planning.forms import (
    ActionForm,
    EvaluationDateForm,
    GoalEvaluationForm,
    GoalForm,
)
from kim.planning.models import Action, Goal
from kim.planning.selectors import (
    actions_of_case,
    conference_of_case,
    goals_of_case,
    organisations,
)
from kim.planning.services import (
    action_create,
    action_update,
    goal_create,
    goal_update,
    goals_evaluate,
)
from kim.planning.views.common import case_crumbs, case_for, case_url, display

# --- goals ----------------------------------------------------------------------


def _goal_conflict(form, current: Goal) -> list[dict]:
    rows = []
    for name in ("field", "wording", "target_date", "status"):
        mine, theirs = form.cleaned_data.get(name), getattr(current, name)
        if mine != theirs:
            choices = Goal.Status.choices if name == "status" else None
            rows.append(
                {
                    "label": form.fields[name].label,
                    "mine": display(mine, choices),
                    "theirs": display(theirs, choices),
                }
            )
    return rows


def _goal_page(request, case, form, *, title, goal=None, conflict=None):
    return render(
        request,
        "planning/goal_form.html",
        {
            "form": form,
            "case": case,
            "goal": goal,
            "history": list(goal.status_history.select_related("changed_by")) if goal else [],
            "conflict": conflict,
            "title": title,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, title),
        },
    )


@login_required
def goal_new(request, case_pk):
    actor, case, _can = case_for(request, case_pk, "plan")
    if request.method == "POST":
        form = GoalForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                goal_create(actor=actor, case=case, **form.goal_data())
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Das Ziel wurde gespeichert."))
                return redirect(case_url(case, "hilfeplan"))
    else:
        form = GoalForm(tenant_id=actor.tenant_id, initial={"status": Goal.Status.OPEN})
    return _goal_page(request, case, form, title=_("Ziel hinzufügen"))


@login_required
def goal_edit(request, case_pk, pk):
    actor, case, _can = case_for(request, case_pk, "plan")
    goal = get_object_or_404(goals_of_case(case), pk=pk)
    goal.case = case
    conflict = None
    if request.method == "POST":
        form = GoalForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                goal_update(
                    actor=actor,
                    goal=goal,
                    version=form.cleaned_data["version"] or 0,
                    **form.goal_data(),
                )
            except StaleEdit as stale:
                conflict = _goal_conflict(form, stale.current)
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = GoalForm(data, tenant_id=actor.tenant_id)
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Das Ziel wurde gespeichert."))
                return redirect(case_url(case, "hilfeplan"))
    else:
        form = GoalForm(
            tenant_id=actor.tenant_id,
            initial={
                "version": goal.version,
                "field": goal.field,
                "wording": goal.wording,
                "target_date": goal.target_date,
                "status": goal.status,
            },
        )
        audit(actor=actor, action="goal.view", obj=goal, person_id=case.person_id)
    return _goal_page(request, case, form, title=_("Ziel bearbeiten"), goal=goal, conflict=conflict)


# --- actions --------------------------------------------------------------------


def _action_form(actor, case, data=None, **kwargs):
    return ActionForm(
        data,
        goals=goals_of_case(case),
        organisations=organisations(actor),
        **kwargs,
    )


def _action_conflict(form, current: Action) -> list[dict]:
    rows = []
    for name in ActionForm.DATA:
        mine, theirs = form.cleaned_data.get(name), getattr(current, name)
        if name == "who_name":
            mine, theirs = mine or "", theirs or ""
        if mine != theirs:
            choices = {"who": Action.Who.choices, "status": Action.Status.choices}.get(name)
            rows.append(
                {
                    "label": form.fields[name].label,
                    "mine": display(mine, choices),
                    "theirs": display(theirs, choices),
                }
            )
    return rows


def _action_page(request, case, form, *, title, action=None, conflict=None, conference=None):
    return render(
        request,
        "planning/action_form.html",
        {
            "form": form,
            "case": case,
            "action": action,
            "history": list(action.status_history.select_related("changed_by")) if action else [],
            "conflict": conflict,
            "title": title,
            "conference": conference,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, title),
        },
    )


@login_required
def action_new(request, case_pk):
    actor, case, _can = case_for(request, case_pk, "plan")
    # An action agreed in a case conference (?konferenz=<id>) is linked to it.
    conference_id = request.POST.get("konferenz") or request.GET.get("konferenz") or ""
    conference = conference_of_case(case, int(conference_id)) if conference_id.isdigit() else None
    if request.method == "POST":
        form = _action_form(actor, case, request.POST)
        if form.is_valid():
            try:
                action_create(actor=actor, case=case, conference=conference, **form.action_data())
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Maßnahme wurde gespeichert."))
                if conference is not None:
                    return redirect("planning:conference", case_pk=case.pk, pk=conference.pk)
                return redirect(case_url(case, "hilfeplan"))
    else:
        goal_id = request.GET.get("ziel", "")
        goal = goals_of_case(case).filter(pk=goal_id).first() if goal_id.isdigit() else None
        form = _action_form(
            actor,
            case,
            initial={"goal": goal, "who": Action.Who.CASE_MANAGER, "status": Action.Status.OPEN},
        )
    title = _("Maßnahme hinzufügen")
    if conference is not None:
        title = _("Vereinbarte Maßnahme der Fallkonferenz am %(d)s") % {
            "d": f"{conference.held_on:%d.%m.%Y}"
        }
    return _action_page(request, case, form, title=title, conference=conference)


@login_required
def action_edit(request, case_pk, pk):
    actor, case, _can = case_for(request, case_pk, "plan")
    action = get_object_or_404(actions_of_case(case), pk=pk)
    action.case = case
    conflict = None
    if request.method == "POST":
        form = _action_form(actor, case, request.POST)
        if form.is_valid():
            try:
                action_update(
                    actor=actor,
                    action=action,
                    version=form.cleaned_data["version"] or 0,
                    **form.action_data(),
                )
            except StaleEdit as stale:
                conflict = _action_conflict(form, stale.current)
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = _action_form(actor, case, data)
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Maßnahme wurde gespeichert."))
                return redirect(case_url(case, "hilfeplan"))
    else:
        form = _action_form(
            actor,
            case,
            initial={"version": action.version}
            | {name: getattr(action, name) for name in ActionForm.DATA},
        )
        audit(actor=actor, action="action.view", obj=action, person_id=case.person_id)
    return _action_page(
        request, case, form, title=_("Maßnahme bearbeiten"), action=action, conflict=conflict
    )


# --- evaluation -----------------------------------------------------------------


def _evaluation_conflict(form, current: Goal) -> list[dict]:
    return [
        {
            "label": current.wording,
            "mine": f"{display(form.cleaned_data['result'], Goal.Evaluation.choices)}: "
            f"{form.cleaned_data['reason']}",
            "theirs": f"{display(current.evaluation, Goal.Evaluation.choices)}: "
            f"{current.evaluation_reason or '–'}"
            if current.evaluation
            else _("nicht bewertet, Status: %(status)s") % {"status": current.get_status_display()},
        }
    ]


@login_required
def goal_evaluation(request, case_pk):
    actor, case, _can = case_for(request, case_pk, "evaluate")
    goals = list(goals_of_case(case))
    for goal in goals:
        goal.case = case
    conflict = None
    if request.method == "POST":
        date_form = EvaluationDateForm(request.POST)
        forms = [GoalEvaluationForm(request.POST, goal=goal) for goal in goals]
        valid = [date_form.is_valid()] + [form.is_valid() for form in forms]
        if goals and all(valid):
            try:
                goals_evaluate(
                    actor=actor,
                    case=case,
                    evaluated_on=date_form.cleaned_data["evaluated_on"],
                    evaluations=[form.evaluation_data() for form in forms],
                )
            except StaleEdit:
                # Show every goal someone else changed; keep every input, and move
                # the versions on to what is saved now.
                current = {goal.pk: goal for goal in goals_of_case(case)}
                conflict = []
                data = request.POST.copy()
                for form in forms:
                    now = current.get(form.goal.pk)
                    if now is not None and now.version != form.cleaned_data["version"]:
                        conflict += _evaluation_conflict(form, now)
                        data[form.add_prefix("version")] = now.version
                forms = [GoalEvaluationForm(data, goal=goal) for goal in goals]
                for form in forms:
                    form.is_valid()
            except ValidationError as error:
                add_service_errors(date_form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Bewertung der Ziele wurde gespeichert."))
                return redirect(case_url(case, "hilfeplan"))
    else:
        date_form = EvaluationDateForm(initial={"evaluated_on": timezone.localdate()})
        forms = [GoalEvaluationForm(goal=goal) for goal in goals]
        if goals:
            audit(
                actor=actor,
                action="goal.view",
                obj=case,
                person_id=case.person_id,
                changes={"goals": [goal.pk for goal in goals]},
            )
    title = _("Ziele bewerten")
    return render(
        request,
        "planning/goal_evaluation.html",
        {
            "date_form": date_form,
            "forms": forms,
            "all_forms": [date_form, *forms],
            "has_errors": any(f.errors for f in [date_form, *forms]),
            "case": case,
            "conflict": conflict,
            "title": title,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, title),
        },
    )
