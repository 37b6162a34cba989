"""Reads of cases and contacts, always scoped to what the actor may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from kim.cases.models import (
    Case,
    CaseClosure,
    CaseHandover,
    CaseMember,
    CasePhaseChange,
    Contact,
    TargetGroup,
    TextTemplate,
)
from kim.core.actor import Actor
from kim.core.models import Unit
from kim.core.permissions import CASE_DOCUMENT, CASE_MANAGE, CASE_VIEW


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
    phase: str = "",
    unit_id: int | None = None,
    case_manager_id: int | None = None,
    query: str = "",
    sort: str = "opened",
) -> QuerySet[Case]:
    cases = visible_cases(actor)
    if status:
        cases = cases.filter(status=status)
    if phase:
        cases = cases.filter(phase=phase)
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
    return _users_with(CASE_DOCUMENT, tenant_id, unit_ids)


def team_leads(tenant_id: int, unit_ids) -> QuerySet:
    """Active users who steer cases (CASE_MANAGE) in any of the units."""
    return _users_with(CASE_MANAGE, tenant_id, unit_ids)


def _users_with(permission: str, tenant_id: int, unit_ids) -> QuerySet:
    from kim.accounts.models import Role, User

    role_ids = [r.pk for r in Role.objects.all() if permission in r.permissions]
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


# --- phases, intake, members, closure ------------------------------------------------


def phase_changes_of_case(case: Case) -> QuerySet[CasePhaseChange]:
    return (
        CasePhaseChange.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )


def members_of_case(case: Case) -> QuerySet[CaseMember]:
    return (
        CaseMember.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("person")
        .order_by("added_at", "id")
    )


def latest_closure(case: Case) -> CaseClosure | None:
    return (
        CaseClosure.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("closed_by")
        .order_by("-created_at", "-id")
        .first()
    )


def text_templates(tenant_id: int) -> QuerySet[TextTemplate]:
    return TextTemplate.objects.filter(tenant_id=tenant_id, active=True).order_by(
        "position", "name"
    )


# How many of the actor's latest contacts decide their usual mode of contact.
USUAL_MODE_SAMPLE = 20


def contact_defaults(actor: Actor, case: Case) -> dict:
    """Sensible first values of a new contact, so that a case manager only types the note.

    Today and 45 minutes; the actor's usual mode (the most frequent among their
    latest contacts, in any case); language and interpretation as in the last
    contact of this case, or else from the person (their first language when an
    interpreter is needed). Two queries.
    """
    modes = list(
        Contact.objects.filter(tenant_id=case.tenant_id, created_by_id=actor.user.pk)
        .order_by("-created_at", "-id")
        .values_list("mode", flat=True)[:USUAL_MODE_SAMPLE]
    )
    # The most frequent; on a tie the most recent of them.
    usual = max(modes, key=lambda m: (modes.count(m), -modes.index(m))) if modes else None
    last = (
        Contact.objects.filter(tenant_id=case.tenant_id, case=case)
        .order_by("-date", "-id")
        .values("language", "interpreter_used")
        .first()
    )
    person = case.person
    if last is not None:
        language, interpreter = last["language"], last["interpreter_used"]
    else:
        interpreter = person.interpreter_needed
        language = next(iter(person.languages), "") if interpreter else ""
    defaults = {
        "date": timezone.localdate(),
        "duration_minutes": 45,
        "mode": usual or Contact.Mode.IN_PERSON,
        "interpreter_used": interpreter,
    }
    if language in dict(Contact._meta.get_field("language").choices):
        defaults["language"] = language
    return defaults


def target_groups(tenant_id: int) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(tenant_id=tenant_id, active=True).order_by("position", "name")


# --- handovers -------------------------------------------------------------------------

_HANDOVER_PARTIES = (
    "from_unit",
    "from_user",
    "to_unit",
    "to_user",
    "requested_by",
    "accepted_by",
    "declined_by",
    "withdrawn_by",
)
_HANDOVER_RELATED = ("case", "case__person", *_HANDOVER_PARTIES)


def _incoming_condition(actor: Actor) -> Q:
    """Pending handovers addressed to the actor, or to a unit the actor leads."""
    return Q(state=CaseHandover.State.PENDING) & (
        Q(to_unit_id__in=actor.units(CASE_MANAGE))
        | Q(to_user_id=actor.user.pk, to_unit_id__in=actor.units(CASE_DOCUMENT))
    )


def incoming_handovers(actor: Actor) -> QuerySet[CaseHandover]:
    if actor.tenant_id is None or actor.user is None:
        return CaseHandover.objects.none()
    return (
        CaseHandover.objects.filter(Q(tenant_id=actor.tenant_id) & _incoming_condition(actor))
        .select_related(*_HANDOVER_RELATED)
        .order_by("requested_at", "id")
    )


def visible_handovers(actor: Actor) -> QuerySet[CaseHandover]:
    """Handovers of cases the actor sees, and pending ones addressed to the actor."""
    if actor.tenant_id is None or actor.user is None:
        return CaseHandover.objects.none()
    return CaseHandover.objects.filter(
        Q(tenant_id=actor.tenant_id)
        & (Q(case__unit_id__in=actor.units(CASE_VIEW)) | _incoming_condition(actor))
    ).select_related(*_HANDOVER_RELATED)


def handovers_of_case(case: Case) -> QuerySet[CaseHandover]:
    return (
        CaseHandover.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related(*_HANDOVER_PARTIES)
        .order_by("-requested_at", "-id")
    )


def handover_target_units(tenant_id: int) -> QuerySet[Unit]:
    """Active units of the tenant with someone who works on cases: where a case can go."""
    from kim.accounts.models import Membership, Role

    role_ids = [r.pk for r in Role.objects.all() if CASE_DOCUMENT in r.permissions]
    staffed = Membership.objects.filter(
        tenant_id=tenant_id, role_id__in=role_ids, user__is_active=True
    ).values("unit_id")
    return Unit.objects.filter(tenant_id=tenant_id, active=True, pk__in=staffed).order_by("name")
