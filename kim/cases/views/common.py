from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.cases.models import Case, CaseShare
from kim.cases.selectors import contacts_of_case, visible_cases
from kim.core.abilities import abilities
from kim.core.views import crumbs

CONTACTS_PER_PAGE = 20


def get_case(actor, pk, *, shared: bool = False) -> Case:
    """A case the actor may see, with what every case page shows; else 404.

    Only the case page passes `shared=True` (cases shared with the actor's units
    and emergency accesses): it shows each part only as `case_parts_visible` allows,
    and learns in the same query whether the case has shares at all (`has_shares`),
    so that a case without any costs no further query for them.
    """
    cases = visible_cases(actor, shared=shared).select_related(
        "tenant", "person", "person__town", "unit", "case_manager"
    )
    if shared:
        cases = cases.annotate(has_shares=Exists(CaseShare.objects.filter(case=OuterRef("pk"))))
    return get_object_or_404(cases, pk=pk)


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
