from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.cases.abilities import case_access
from kim.cases.models import Case
from kim.cases.selectors import contacts_of_case, visible_cases
from kim.core.abilities import abilities
from kim.core.views import crumbs

CONTACTS_PER_PAGE = 20


def get_case(actor, pk, *, shared: bool = False) -> Case:
    """A case the actor may see, with what every case page shows; else 404.

    Only the case page passes `shared=True` (cases shared with the actor's units
    and emergency accesses): it shows each part only as `case_parts_visible` allows.
    There the case is loaded by its key within the tenant and `case_access` decides –
    the same rule as `visible_cases(shared=True)`, without building its subqueries
    for every request: no further query for a case of the actor's own units, two for
    one from outside.
    """
    related = ("person", "person__town", "unit", "case_manager")
    if not shared:
        return get_object_or_404(visible_cases(actor).select_related(*related), pk=pk)
    if actor.tenant_id is None:
        raise Http404
    try:  # get(), not first(): no ORDER BY to plan
        case = Case.objects.select_related(*related).get(tenant_id=actor.tenant_id, pk=pk)
    except Case.DoesNotExist as missing:
        raise Http404 from missing
    if not case_access(actor, case).parts:
        raise Http404
    return case


def case_crumbs(case: Case, label: str) -> list[dict]:
    return crumbs(
        (_("Fälle"), reverse("cases:list")),
        (case.number, reverse("cases:detail", args=[case.pk])),
        (label, None),
    )


def contact_timeline(actor, case: Case, page) -> dict:
    """The contact history of the case page: the newest contacts first, a page at a time
    (a long case stays fast to open), each with what the actor may do with it."""
    contact_page = Paginator(contacts_of_case(case), CONTACTS_PER_PAGE).get_page(page)
    contacts = list(contact_page)
    for contact in contacts:
        contact.case = case  # already loaded: no query per contact
        contact.can = abilities(actor, contact)
    return {"contacts": contacts, "contact_page": contact_page}
