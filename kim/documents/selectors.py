"""Reads of documents, always scoped to what the actor may see."""

from django.db.models import Q, QuerySet

from kim.cases.abilities import case_parts_visible
from kim.cases.models import Case
from kim.cases.parts import Part
from kim.cases.selectors import visible_cases
from kim.core.actor import Actor
from kim.core.permissions import CASE_VIEW
from kim.documents.models import Document
from kim.people.models import Person
from kim.people.selectors.common import held_person_ids


def visible_documents(actor: Actor, *, shared: bool = False) -> QuerySet[Document]:
    """Documents of cases the actor sees, and documents of persons (without a case) they see.

    One indexable predicate per kind: the case's unit among the units with
    CASE_VIEW, or the person among the persons the actor's units hold. With
    `shared=True` also the documents of cases shared with the actor's units or
    opened by emergency access; the caller then asks the document's abilities,
    which allow it only where the case's documents part is readable.
    """
    if actor.tenant_id is None:
        return Document.objects.none()
    of_cases = Q(case__isnull=False, case__unit_id__in=actor.units(CASE_VIEW))
    if shared:
        of_cases |= Q(
            case__isnull=False, case_id__in=visible_cases(actor, shared=True).values("id")
        )
    of_persons = Q(case__isnull=True, person_id__in=held_person_ids(actor))
    return Document.objects.filter(tenant_id=actor.tenant_id).filter(of_cases | of_persons)


def documents_of_case(actor: Actor, case: Case) -> list[Document]:
    """The case's live documents, newest first, with `case` already set: for whoever may
    read the case's documents part (its unit, a unit it is shared with, an emergency
    access)."""
    if Part.DOCUMENTS not in case_parts_visible(actor, case):
        return []
    rows = list(
        Document.objects.filter(tenant_id=case.tenant_id)
        .active()
        .filter(case=case)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )
    for row in rows:
        row.case = case
    return rows


def documents_of_person(actor: Actor, person: Person) -> list[Document]:
    """The person's live documents: their own, and those of their cases the actor sees.

    The person page is where someone looks for "the passport copy" without
    knowing in which case it was uploaded, so the documents of every case of the
    person that the actor may see are listed too (with their case); documents
    of cases the actor may not see stay hidden, as the cases themselves do.
    """
    rows = list(
        visible_documents(actor)
        .active()
        .filter(person=person)
        .select_related("uploaded_by", "case")
        .order_by("-uploaded_at", "-id")
    )
    for row in rows:
        row.person = person
    return rows
