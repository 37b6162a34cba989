from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.cases.abilities import case_parts_visible
from kim.cases.links import case_page_url
from kim.cases.models import Case
from kim.cases.selectors import visible_cases
from kim.core.actor import Actor, get_actor
from kim.core.slots import CASE_TAB_PLAN
from kim.core.views import crumbs
from kim.planning.abilities import plan_abilities


def case_for(
    request, case_pk: int, ability: str | None = None, *, part: str | None = None
) -> tuple[Actor, Case, dict]:
    """The actor, the case a planning page is about and the planning abilities.

    A case the actor may not see, or an action they may not take on it, is 404.
    A read-only page that shows one part of the case passes `part`: it is open
    to whoever may read that part (a unit the part is shared with, an emergency
    access), as the case page is.
    """
    actor = get_actor(request.user)
    case = get_object_or_404(
        visible_cases(actor, shared=part is not None).select_related(
            "person", "unit", "case_manager"
        ),
        pk=case_pk,
    )
    can = plan_abilities(actor, case)
    allowed = part in case_parts_visible(actor, case) if part else can["view"]
    if not allowed or (ability and not can[ability]):
        raise Http404
    return actor, case, can


def case_url(case: Case, anchor: str = "", *, tab: str = CASE_TAB_PLAN) -> str:
    """The case page's tab "Hilfeplan", where most planning sections are (case
    conferences: the tab "Netzwerk")."""
    return case_page_url(case, tab, anchor)


def case_crumbs(case: Case, title: str, *, tab: str = CASE_TAB_PLAN) -> list[dict]:
    return crumbs(
        (_("Fälle"), reverse("cases:list")), (case.number, case_url(case, tab=tab)), (title, None)
    )


def display(value, choices=None) -> str:
    """A value for the conflict table."""
    if value in (None, ""):
        return "–"
    if choices:
        return str(dict(choices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)
