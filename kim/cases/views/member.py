"""Adding further persons (household members and others) to a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.cases.abilities import case_process_abilities
from kim.cases.forms import MemberAddForm, MemberSearchForm
from kim.cases.links import case_page_url
from kim.cases.models import CaseMember
from kim.cases.selectors import members_of_case
from kim.cases.services import case_member_add, case_member_remove
from kim.cases.views.common import case_crumbs, get_case
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.slots import CASE_TAB_FILE
from kim.people import selectors as people_selectors
from kim.people.selectors import person_search, visible_persons


def _suggestions(actor, case, taken: set[int]) -> list:
    """Members of the main person's household that the actor may see."""
    household = people_selectors.household_members(actor, case.person)
    return [p for p in household if p.pk not in taken][:20]


@login_required
def member_add(request, pk):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    if not case_process_abilities(actor, case)["manage_members"]:
        raise Http404
    taken = {case.person_id} | {m.person_id for m in members_of_case(case)}
    add_form = MemberAddForm()
    chosen = None
    if request.method == "POST":
        add_form = MemberAddForm(request.POST)
        if add_form.is_valid():
            chosen = get_object_or_404(visible_persons(actor), pk=add_form.cleaned_data["person"])
            try:
                case_member_add(
                    actor=actor,
                    case=case,
                    person=chosen,
                    role_in_case=add_form.cleaned_data["role_in_case"],
                )
            except ValidationError as error:
                add_service_errors(add_form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("%(name)s gehört jetzt zum Fall.") % {"name": chosen.full_name},
                )
                return redirect(case_page_url(case, CASE_TAB_FILE, "beteiligte"))
        elif str(request.POST.get("person", "")).isdigit():
            chosen = visible_persons(actor).filter(pk=int(request.POST["person"])).first()
    search = MemberSearchForm(request.GET or None)
    hits = []
    if search.is_valid():
        hits = [h.person for h in person_search(actor, search.cleaned_data["q"], limit=20)]
        audit(
            actor=actor,
            action="person.search",
            changes={"query": search.cleaned_data["q"], "ids": [p.pk for p in hits]},
        )
        hits = [p for p in hits if p.pk not in taken]
    suggestions = _suggestions(actor, case, taken)
    if chosen is not None and chosen.pk not in {p.pk for p in [*hits, *suggestions]}:
        hits = [chosen, *hits]  # keep the person the user picked, with the error beside it
    if request.method != "POST":
        audit(actor=actor, action="case.view", obj=case, person_id=case.person_id)
    return render(
        request,
        "cases/member_add.html",
        {
            "case": case,
            "search": search,
            "hits": hits,
            "suggestions": suggestions,
            "add_form": add_form,
            "chosen": chosen,
            "roles": [("", _("– bitte wählen –")), *CaseMember.Role.choices],
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, _("Person hinzufügen")),
        },
    )


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    if not case_process_abilities(actor, case)["manage_members"]:
        raise Http404
    member = get_object_or_404(
        CaseMember.objects.filter(tenant_id=case.tenant_id, case=case).select_related("person"),
        pk=member_pk,
    )
    try:
        case_member_remove(actor=actor, member=member)
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(
        request, _("%(name)s gehört nicht mehr zum Fall.") % {"name": member.person.full_name}
    )
    return redirect(case_page_url(case, CASE_TAB_FILE, "beteiligte"))
