"""Where generated follow-ups come from.

A source is a function `(tenant, today) -> iterable of Candidate`. The built-in
source finds open cases without contact for the tenant's configured number of
days, and residence titles that expire within the tenant's configured weeks;
the planning app registers open actions falling due (kim/planning/followup_source.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.cases.phases import Phase
from kim.core.models import Tenant
from kim.followups.models import FollowUp


@dataclass(frozen=True)
class Candidate:
    source: str
    key: str
    case_id: int
    assignee_id: int
    due_on: date
    title: str


SOURCES: dict[str, Callable[[Tenant, date], Iterable[Candidate]]] = {}


def register(source: str):
    def decorator(func):
        SOURCES[source] = func
        return func

    return decorator


@register(FollowUp.Source.NO_CONTACT)
def cases_without_contact(tenant: Tenant, today: date) -> Iterable[Candidate]:
    days = tenant.followup_no_contact_days
    limit = today - timedelta(days=days)
    cases = (
        Case.objects.filter(tenant=tenant, status=Case.Status.OPEN, case_manager__isnull=False)
        .exclude(phase=Phase.PAUSED)  # a paused case expects no contact
        .filter(
            Q(last_contact_on__lte=limit) | Q(last_contact_on__isnull=True, opened_on__lte=limit)
        )
        .values_list("id", "case_manager_id", "last_contact_on", "opened_on")
    )
    for case_id, manager_id, last_contact, opened in cases.iterator():
        since = last_contact or opened
        yield Candidate(
            source=FollowUp.Source.NO_CONTACT,
            key=f"case:{case_id}:since:{since.isoformat()}",
            case_id=case_id,
            assignee_id=manager_id,
            due_on=since + timedelta(days=days),
            title=_("Seit %(days)s Tagen kein Kontakt") % {"days": days},
        )


@register(FollowUp.Source.RESIDENCE)
def residence_titles_expiring(tenant: Tenant, today: date) -> Iterable[Candidate]:
    """The newest residence status of a person with an open case ends within the
    tenant's configured weeks: follow up on each open case, N weeks before."""
    from django.db.models import Exists, OuterRef

    from kim.people.models import ResidenceStatus

    weeks = tenant.followup_residence_weeks
    limit = today + timedelta(weeks=weeks)
    newer = ResidenceStatus.objects.current().filter(
        Q(valid_from__gt=OuterRef("valid_from"))
        | Q(valid_from=OuterRef("valid_from"), id__gt=OuterRef("id")),
        person_id=OuterRef("person_id"),
    )
    expiring = (
        ResidenceStatus.objects.current()
        .filter(tenant=tenant, valid_until__gte=today, valid_until__lte=limit)
        .filter(~Exists(newer))
        .values_list("id", "person_id", "valid_until")
    )
    by_person = {person_id: (status_id, until) for status_id, person_id, until in expiring}
    if not by_person:
        return
    cases = Case.objects.filter(
        tenant=tenant, status=Case.Status.OPEN, person_id__in=by_person, case_manager__isnull=False
    ).values_list("id", "person_id", "case_manager_id")
    for case_id, person_id, manager_id in cases:
        status_id, until = by_person[person_id]
        yield Candidate(
            source=FollowUp.Source.RESIDENCE,
            key=f"residence:{status_id}:case:{case_id}",
            case_id=case_id,
            assignee_id=manager_id,
            due_on=max(today, until - timedelta(weeks=weeks)),
            title=_("Aufenthaltstitel läuft am %(date)s ab") % {"date": until.strftime("%d.%m.%Y")},
        )
