"""Reads of legal domains and residence status."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kim.core.actor import Actor
from kim.people.models import LegalDomainPeriod, Person, ResidenceStatus
from kim.people.selectors.common import scoped


def _of(model, actor: Actor, person: Person) -> QuerySet:
    return scoped(model, actor).filter(person=person)


def legal_domains(actor: Actor, person: Person) -> list[LegalDomainPeriod]:
    """The current entries (nothing supersedes them), oldest first."""
    rows = list(
        _of(LegalDomainPeriod, actor, person)
        .current()
        .select_related("responsible_organisation", "transition_from", "superseded_by")
        .order_by("valid_from", "id")
    )
    for row in rows:
        row.person = person
    return rows


def legal_domain_history(actor: Actor, person: Person) -> list[LegalDomainPeriod]:
    """Every row ever written, in the order it was recorded."""
    rows = list(
        _of(LegalDomainPeriod, actor, person)
        .select_related(
            "responsible_organisation", "transition_from", "superseded_by", "recorded_by"
        )
        .order_by("recorded_at", "id")
    )
    for row in rows:
        row.person = person
    return rows


def residence_history(actor: Actor, person: Person) -> list[ResidenceStatus]:
    rows = list(
        _of(ResidenceStatus, actor, person)
        .select_related("superseded_by", "recorded_by")
        .order_by("valid_from", "recorded_at", "id")
    )
    for row in rows:
        row.person = person
    return rows


def residence_statuses(actor: Actor, person: Person) -> list[ResidenceStatus]:
    """The current entries, oldest first."""
    rows = list(
        _of(ResidenceStatus, actor, person)
        .current()
        .select_related("superseded_by")
        .order_by("valid_from", "id")
    )
    for row in rows:
        row.person = person
    return rows


def current_residence(statuses: list[ResidenceStatus], on: date | None = None):
    """The latest status valid on the day, else the latest one recorded (maybe expired)."""
    on = on or timezone.localdate()
    valid = [
        s for s in statuses if s.valid_from <= on and (s.valid_until is None or s.valid_until >= on)
    ]
    pool = valid or [s for s in statuses if s.valid_from <= on] or statuses
    return max(pool, key=lambda s: (s.valid_from, s.id)) if pool else None


def residence_titles_expiring(
    actor: Actor, within_weeks: int, *, today: date | None = None
) -> QuerySet[ResidenceStatus]:
    """Statuses ending between today and N weeks from now (both days included).

    Only the newest status of each person counts: when a renewal or a
    Fiktionsbescheinigung has been recorded after it, the old title is no
    longer a reason to follow up. Persons the actor may see only.
    """
    today = today or timezone.localdate()
    limit = today + timedelta(weeks=within_weeks)
    newer = ResidenceStatus.objects.current().filter(
        Q(valid_from__gt=OuterRef("valid_from"))
        | Q(valid_from=OuterRef("valid_from"), id__gt=OuterRef("id")),
        person_id=OuterRef("person_id"),
    )
    return (
        scoped(ResidenceStatus, actor)
        .current()
        .filter(valid_until__gte=today, valid_until__lte=limit)
        .filter(~Exists(newer))
        .select_related("person")
        .order_by("valid_until", "id")
    )


def residence_and_domains_shared(person_id: int) -> tuple[list[ResidenceStatus], list]:
    """The current residence statuses and legal domains of a person whose case's
    residence part the caller may read through a share or an emergency access
    (`kim.core.abilities.visible_parts` on the case said so): two queries, no
    person scope, as the receiving unit does not hold the person."""
    statuses = list(
        ResidenceStatus.objects.filter(person_id=person_id).current().order_by("valid_from", "id")
    )
    today = timezone.localdate()
    domains = [
        row
        for row in LegalDomainPeriod.objects.filter(person_id=person_id)
        .current()
        .select_related("responsible_organisation")
        .order_by("valid_from", "id")
        if row.valid_until is None or row.valid_until >= today
    ]
    return statuses, domains
