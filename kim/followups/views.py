from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.cases.selectors import case_managers, visible_cases
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.permissions import CASE_MANAGE, CASE_VIEW
from kim.core.views import crumbs, paginate, require, safe_next
from kim.followups.forms import CompleteForm, FollowUpForm
from kim.followups.selectors import (
    my_open_followups,
    unit_followup_overview,
    unit_open_followups,
    visible_followups,
)
from kim.followups.services import followup_complete, followup_create


@login_required
def mine(request):
    actor = get_actor(request.user)
    require(actor, CASE_VIEW)
    today = timezone.localdate()
    show = request.GET.get("zeitraum", "faellig")
    until = today + timezone.timedelta(days=30) if show == "30tage" else today
    page = paginate(request, my_open_followups(actor, until=until))
    context = {
        "page": page,
        "today": today,
        "show": show,
        "nav_active": "followups",
        "breadcrumbs": crumbs((_("Wiedervorlagen"), None)),
    }
    if actor.has(CASE_MANAGE):
        assignee = request.GET.get("zustaendig", "")
        assignee_id = int(assignee) if assignee.isdigit() else None
        context["overview"] = unit_followup_overview(actor, today=today)
        context["unit_page"] = paginate(
            request, unit_open_followups(actor, today=today, assignee_id=assignee_id)
        )
    shown = [f.pk for f in page] + [f.pk for f in context.get("unit_page", [])]
    audit(actor=actor, action="followup.list", changes={"ids": shown})
    return render(request, "followups/mine.html", context)


def _case(actor, pk):
    return get_object_or_404(visible_cases(actor).select_related("person", "unit"), pk=pk)


@login_required
def create(request, case_pk):
    actor = get_actor(request.user)
    case = _case(actor, case_pk)
    if not abilities(actor, case)["document"]:
        raise Http404
    managers = case_managers(actor.tenant_id, [case.unit_id])
    if request.method == "POST":
        form = FollowUpForm(request.POST, managers=managers)
        if form.is_valid():
            try:
                followup_create(actor=actor, case=case, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Wiedervorlage wurde angelegt."))
                return redirect("cases:detail", pk=case.pk)
    else:
        initial = {"assignee": case.case_manager if case.case_manager_id else request.user}
        form = FollowUpForm(initial=initial, managers=managers)
    return render(
        request,
        "followups/form.html",
        {
            "form": form,
            "case": case,
            "nav_active": "cases",
            "breadcrumbs": crumbs(
                (_("Fälle"), reverse("cases:list")),
                (case.number, reverse("cases:detail", args=[case.pk])),
                (_("Wiedervorlage anlegen"), None),
            ),
        },
    )


@login_required
@require_POST
def complete(request, pk):
    actor = get_actor(request.user)
    followup = get_object_or_404(visible_followups(actor).select_related("case"), pk=pk)
    form = CompleteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        followup_complete(actor=actor, followup=followup, note=note)
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(
        request, _("Die Wiedervorlage „%(title)s“ ist erledigt.") % {"title": followup.title}
    )
    return redirect(safe_next(request, reverse("followups:mine")))
