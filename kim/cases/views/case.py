from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.cases.forms import CaseEditForm, CaseFilterForm, CaseOpenForm
from kim.cases.models import Case
from kim.cases.selectors import (
    SORTS,
    case_list,
    case_managers,
)
from kim.cases.services import case_open, case_update
from kim.cases.views.common import get_case
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.models import Unit
from kim.core.permissions import CASE_OPEN, CASE_VIEW
from kim.core.templatetags.kim import query_replace
from kim.core.views import crumbs, paginate, require
from kim.people.selectors import visible_persons


def _sort_links(request, current: str) -> dict:
    links = {}
    for key in ("number", "name", "opened", "contact"):
        target = f"-{key}" if current == key else key
        links[key] = query_replace(request, sort=target, seite=1)
    return links


def _sort_direction(sort: str) -> str:
    """aria-sort of the sorted column: dates sort newest first by default."""
    newest_first = sort.lstrip("-") in ("opened", "contact")
    return "descending" if newest_first != sort.startswith("-") else "ascending"


def _list(request, *, mine: bool):
    actor = get_actor(request.user)
    require(actor, CASE_VIEW)
    units = Unit.objects.filter(tenant_id=actor.tenant_id, pk__in=actor.units(CASE_VIEW))
    form = CaseFilterForm(
        request.GET or None,
        units=units,
        managers=case_managers(actor.tenant_id, actor.units(CASE_VIEW)),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "opened")
    sort = sort if sort in SORTS else "opened"
    cases = case_list(
        actor,
        status=filters.get("status") or ("open" if mine and not request.GET else ""),
        phase=filters.get("phase") or "",
        unit_id=filters["unit"].pk if filters.get("unit") else None,
        case_manager_id=actor.user.pk
        if mine
        else (filters["case_manager"].pk if filters.get("case_manager") else None),
        query=filters.get("q") or "",
        sort=sort,
    )
    page = paginate(request, cases)
    audit(
        actor=actor,
        action="case.list",
        changes={
            "ids": [c.pk for c in page],
            "filters": {k: v for k, v in request.GET.items() if v},
        },
    )
    title = _("Meine Fälle") if mine else _("Fälle")
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "mine": mine,
            "title": title,
            "sort_links": _sort_links(request, sort),
            "sort_key": sort.lstrip("-"),
            "sort_dir": _sort_direction(sort),
            "can_open": actor.has(CASE_OPEN),
            "nav_active": "mine" if mine else "cases",
            "breadcrumbs": crumbs((title, None)),
        },
    )


@login_required
def case_list_view(request):
    return _list(request, mine=False)


@login_required
def my_cases_view(request):
    return _list(request, mine=True)


@login_required
def open_case(request):
    actor = get_actor(request.user)
    require(actor, CASE_OPEN)
    person_id = request.POST.get("person") or request.GET.get("person")
    if not str(person_id or "").isdigit():
        messages.info(
            request, _("Suchen Sie zuerst die Person, für die ein Fall eröffnet werden soll.")
        )
        return redirect("people:search")
    person = get_object_or_404(visible_persons(actor), pk=int(person_id))
    if not abilities(actor, person)["open_case"]:
        raise Http404
    units = Unit.objects.filter(tenant_id=actor.tenant_id, pk__in=actor.units(CASE_OPEN)).order_by(
        "name"
    )
    managers = case_managers(actor.tenant_id, [u.pk for u in units])
    if request.method == "POST":
        form = CaseOpenForm(request.POST, units=units, managers=managers, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                case = case_open(
                    actor=actor,
                    person=person,
                    unit=form.cleaned_data["unit"],
                    case_manager=form.cleaned_data["case_manager"],
                    reason=form.cleaned_data["reason"],
                    fields=list(form.cleaned_data["fields"]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request, _("Fall %(number)s wurde eröffnet.") % {"number": case.number}
                )
                return redirect("cases:detail", pk=case.pk)
    else:
        form = CaseOpenForm(
            initial={
                "case_manager": request.user
                if managers.filter(pk=request.user.pk).exists()
                else None
            },
            units=units,
            managers=managers,
            tenant_id=actor.tenant_id,
        )
    return render(
        request,
        "cases/open.html",
        {
            "form": form,
            "person": person,
            "nav_active": "cases",
            "breadcrumbs": crumbs(
                (person.full_name, reverse("people:detail", args=[person.pk])),
                (_("Fall eröffnen"), None),
            ),
        },
    )


@login_required
def case_edit(request, pk):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    can = abilities(actor, case)
    if not can["change"]:
        raise Http404
    managers = case_managers(actor.tenant_id, [case.unit_id])
    conflict = None
    if request.method == "POST":
        form = CaseEditForm(
            request.POST, managers=managers, tenant_id=actor.tenant_id, can_assign=can["assign"]
        )
        if form.is_valid():
            try:
                case_update(
                    actor=actor,
                    case=case,
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    fields=list(form.cleaned_data["fields"]),
                    case_manager=form.cleaned_data.get("case_manager"),
                )
            except StaleEdit as stale:
                conflict = _case_conflict(form, stale.current)
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = CaseEditForm(
                    data, managers=managers, tenant_id=actor.tenant_id, can_assign=can["assign"]
                )
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Der Fall wurde gespeichert."))
                return redirect("cases:detail", pk=case.pk)
    else:
        form = CaseEditForm(
            initial={
                "version": case.version,
                "case_manager": case.case_manager,
                "reason": case.reason,
                "fields": list(case.fields.all()),
            },
            managers=managers,
            tenant_id=actor.tenant_id,
            can_assign=can["assign"],
        )
    return render(
        request,
        "cases/edit.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "nav_active": "cases",
            "breadcrumbs": crumbs(
                (_("Fälle"), reverse("cases:list")),
                (case.number, reverse("cases:detail", args=[case.pk])),
                (_("Bearbeiten"), None),
            ),
        },
    )


def _case_conflict(form, current: Case) -> list[dict]:
    rows = []
    if form.cleaned_data.get("reason", "") != current.reason:
        rows.append(
            {
                "label": _("Anlass"),
                "mine": form.cleaned_data.get("reason") or "–",
                "theirs": current.reason or "–",
            }
        )
    mine = sorted(f.name for f in form.cleaned_data.get("fields", []))
    theirs = sorted(f.name for f in current.fields.all())
    if mine != theirs:
        rows.append(
            {
                "label": _("Handlungsfelder"),
                "mine": ", ".join(mine) or "–",
                "theirs": ", ".join(theirs) or "–",
            }
        )
    if (
        "case_manager" in form.cleaned_data
        and form.cleaned_data["case_manager"] != current.case_manager
    ):
        rows.append(
            {
                "label": _("Fallverantwortung"),
                "mine": str(form.cleaned_data["case_manager"]),
                "theirs": str(current.case_manager),
            }
        )
    return rows
