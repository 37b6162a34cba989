"""Reads of cases and contacts, always scoped to what the actor may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from kim.cases.models import (
    Case,
    CaseClosure,
    CaseHandover,
    CaseMember,
    CasePhaseChange,
    CaseShare,
    Contact,
    EmergencyAccess,
    TargetGroup,
    TextTemplate,
)
from kim.core.actor import Actor
from kim.core.models import Unit
from kim.core.permissions import (
    CASE_DOCUMENT,
    CASE_EMERGENCY_ACCESS,
    CASE_MANAGE,
    CASE_VIEW,
    PERSON_VIEW,
)


def visible_cases(actor: Actor, *, shared: bool = False) -> QuerySet[Case]:
    """Cases the actor sees in full: those of their units with CASE_VIEW.

    With `shared=True` also the cases shared with a unit the actor receives shares
    in (active shares, their consent still valid today) and those the actor opened
    by a running emergency access – one indexable condition:
    `unit_id IN (…) OR id IN (active shares to the actor's units) OR id IN (running
    emergency accesses of the actor)`. Only pages that ask `case_parts_visible` for
    every part they show pass `shared=True`; everything else (lists, the API, forms)
    stays with the actor's own units.
    """
    if actor.tenant_id is None:
        return Case.objects.none()
    condition = Q(unit_id__in=actor.units(CASE_VIEW)) if actor.units(CASE_VIEW) else Q()
    if shared:
        receiving = share_receiving_units(actor)
        if receiving:
            condition |= Q(
                pk__in=CaseShare.objects.active()
                .filter(tenant_id=actor.tenant_id, to_unit_id__in=receiving)
                .values("case_id")
            )
        if actor.user is not None and actor.has(CASE_EMERGENCY_ACCESS):
            condition |= Q(
                pk__in=EmergencyAccess.objects.running()
                .filter(tenant_id=actor.tenant_id, user_id=actor.user.pk)
                .values("case_id")
            )
    if not condition:
        return Case.objects.none()
    return Case.objects.filter(condition, tenant_id=actor.tenant_id)


def share_receiving_units(actor: Actor) -> frozenset[int]:
    """The units whose shares reach the actor: those where they work with personal data
    (CASE_VIEW or PERSON_VIEW). So the Ausländerbehörde's staff (person rights, no
    case rights) read what is shared with their unit; administration, coordination
    and data protection members of a unit do not."""
    return actor.units(CASE_VIEW) | actor.units(PERSON_VIEW)


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


def phase_since(case: Case):
    """When the case entered its current phase (the newest phase change), as one
    narrow query: the case page's side column shows it on every tab."""
    return (
        CasePhaseChange.objects.filter(tenant_id=case.tenant_id, case=case)
        .order_by("-changed_at", "-id")
        .values_list("changed_at", flat=True)
        .first()
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


def handover_history(case: Case) -> list[CaseHandover]:
    """The case page's hand-overs. Most cases have none, so the rows come without joins
    (on PostgreSQL the eight-party join took longer to plan than to run) and their
    people and units follow in two queries, only when there are rows."""
    handovers = list(
        CaseHandover.objects.filter(tenant_id=case.tenant_id, case=case).order_by(
            "-requested_at", "-id"
        )
    )
    if handovers:
        _attach_parties(handovers)
    return handovers


def pending_handover(case: Case) -> CaseHandover | None:
    """The case's hand-over waiting for the receiving side, if any (one query; the
    parties follow only when there is one)."""
    handover = (
        CaseHandover.objects.filter(
            tenant_id=case.tenant_id, case=case, state=CaseHandover.State.PENDING
        )
        .order_by("-requested_at", "-id")
        .first()
    )
    if handover is not None:
        _attach_parties([handover])
    return handover


def _attach_parties(handovers: list[CaseHandover]) -> None:
    from kim.accounts.models import User

    unit_fields = [f for f in _HANDOVER_PARTIES if f.endswith("_unit")]
    user_fields = [f for f in _HANDOVER_PARTIES if f not in unit_fields]
    for model, fields in ((Unit, unit_fields), (User, user_fields)):
        ids = {getattr(h, f"{f}_id") for h in handovers for f in fields} - {None}
        found = model.objects.in_bulk(ids)
        for handover in handovers:
            for f in fields:
                pk = getattr(handover, f"{f}_id")
                if pk is not None:
                    setattr(handover, f, found[pk])


def handover_target_units(tenant_id: int) -> QuerySet[Unit]:
    """Active units of the tenant with someone who works on cases: where a case can go."""
    from kim.accounts.models import Membership, Role

    role_ids = [r.pk for r in Role.objects.all() if CASE_DOCUMENT in r.permissions]
    staffed = Membership.objects.filter(
        tenant_id=tenant_id, role_id__in=role_ids, user__is_active=True
    ).values("unit_id")
    return Unit.objects.filter(tenant_id=tenant_id, active=True, pk__in=staffed).order_by("name")


# --- shares and emergency access -------------------------------------------------------


def shares_of_case(case: Case) -> list[CaseShare]:
    """Every share of the case, newest first, with units and consent (one query)."""
    return list(
        CaseShare.objects.filter(tenant_id=case.tenant_id, case=case)
        .select_related("to_unit", "to_unit__organisation", "consent", "created_by", "ended_by")
        .order_by("-created_at", "-id")
    )


def active_shares_to(actor: Actor, case: Case) -> list[CaseShare]:
    """The active shares of the case to units whose shares reach the actor."""
    receiving = share_receiving_units(actor)
    if not receiving:
        return []
    return list(
        CaseShare.objects.active()
        .filter(tenant_id=case.tenant_id, case=case, to_unit_id__in=receiving)
        .select_related("to_unit", "consent")
        .order_by("valid_until", "id")
    )


def shares_received(actor: Actor) -> QuerySet[CaseShare]:
    """Active shares to the actor's units, for the receivers' list (case, person, units)."""
    receiving = share_receiving_units(actor)
    if actor.tenant_id is None or not receiving:
        return CaseShare.objects.none()
    return (
        CaseShare.objects.active()
        .filter(tenant_id=actor.tenant_id, to_unit_id__in=receiving)
        .select_related("case", "case__person", "from_unit", "to_unit")
        .order_by("valid_until", "id")
    )


def share_target_units(case: Case) -> QuerySet[Unit]:
    """Active units of the tenant, other than the case's, with staff who work with
    personal data there (whom a share reaches)."""
    from kim.accounts.models import Membership, Role

    role_ids = [
        r.pk
        for r in Role.objects.all()
        if CASE_VIEW in r.permissions or PERSON_VIEW in r.permissions
    ]
    staffed = Membership.objects.filter(
        tenant_id=case.tenant_id, role_id__in=role_ids, user__is_active=True
    ).values("unit_id")
    return (
        Unit.objects.filter(tenant_id=case.tenant_id, active=True, pk__in=staffed)
        .exclude(pk=case.unit_id)
        .select_related("organisation")
        .order_by("name")
    )


def running_emergency_access(actor: Actor, case: Case) -> EmergencyAccess | None:
    if actor.user is None or not actor.has(CASE_EMERGENCY_ACCESS):
        return None
    return (
        EmergencyAccess.objects.running()
        .filter(tenant_id=case.tenant_id, case=case, user_id=actor.user.pk)
        .order_by("-ends_at")
        .first()
    )


def emergency_accesses(
    actor: Actor,
    *,
    user_id: int | None = None,
    case_number: str = "",
    since=None,
    until=None,
) -> QuerySet[EmergencyAccess]:
    """Every emergency access of the tenant, newest first, for the data-protection role."""
    from kim.core.permissions import AUDIT_VIEW

    if actor.tenant_id is None or not actor.has(AUDIT_VIEW):
        return EmergencyAccess.objects.none()
    rows = EmergencyAccess.objects.filter(tenant_id=actor.tenant_id)
    if user_id:
        rows = rows.filter(user_id=user_id)
    if case_number:
        rows = rows.filter(case__number__iexact=case_number.strip())
    if since:
        rows = rows.filter(started_at__date__gte=since)
    if until:
        rows = rows.filter(started_at__date__lte=until)
    return rows.select_related("case", "case__unit", "user", "unit").order_by("-started_at", "-id")
