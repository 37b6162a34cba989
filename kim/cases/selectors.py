"""Reads of cases and contacts, always scoped to what the actor may see."""

from django.db.models import QuerySet

from kim.cases.models import Case, Contact
from kim.core.actor import Actor
from kim.core.permissions import CASE_DOCUMENT, CASE_VIEW


def visible_cases(actor: Actor) -> QuerySet[Case]:
    units = actor.units(CASE_VIEW)
    if not units or actor.tenant_id is None:
        return Case.objects.none()
    return Case.objects.filter(tenant_id=actor.tenant_id, unit_id__in=units)


def my_cases(actor: Actor) -> QuerySet[Case]:
    return visible_cases(actor).filter(case_manager_id=actor.user.pk, status=Case.Status.OPEN)


SORTS = {
    "opened": ("-opened_on", "-id"),
    "-opened": ("opened_on", "id"),
    "name": ("person__family_name", "person__given_names", "id"),
    "-name": ("-person__family_name", "-person__given_names", "-id"),
    "contact": ("-last_contact_on", "-id"),
    "-contact": ("last_contact_on", "id"),
    "number": ("number",),
    "-number": ("-number",),
}


def case_list(
    actor: Actor,
    *,
    status: str = "",
    unit_id: int | None = None,
    case_manager_id: int | None = None,
    query: str = "",
    sort: str = "opened",
) -> QuerySet[Case]:
    cases = visible_cases(actor)
    if status:
        cases = cases.filter(status=status)
    if unit_id:
        cases = cases.filter(unit_id=unit_id)
    if case_manager_id:
        cases = cases.filter(case_manager_id=case_manager_id)
    if query:
        from kim.people.selectors import person_search

        ids = [hit.person.pk for hit in person_search(actor, query, limit=200)]
        cases = (
            cases.filter(person_id__in=ids) if ids else cases.filter(number__iexact=query.strip())
        )
    return cases.select_related("person", "unit", "case_manager").order_by(
        *SORTS.get(sort, SORTS["opened"])
    )


def cases_of_person(actor: Actor, person_id: int) -> QuerySet[Case]:
    return visible_cases(actor).filter(person_id=person_id).select_related("unit", "case_manager")


def contacts_of_case(case: Case) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("created_by")
        .prefetch_related("fields")
        .order_by("-date", "-id")
    )


def case_managers(tenant_id: int, unit_ids) -> QuerySet:
    """Active users who may document in any of the units: the choices for "responsible"."""
    from kim.accounts.models import Role, User

    role_ids = [r.pk for r in Role.objects.all() if CASE_DOCUMENT in r.permissions]
    return (
        User.objects.filter(
            tenant_id=tenant_id,
            is_active=True,
            memberships__unit_id__in=list(unit_ids),
            memberships__role_id__in=role_ids,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
