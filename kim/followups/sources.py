"""Where generated follow-ups come from.

A source is a function `(tenant, today) -> iterable of Candidate`. The built-in
source finds open cases without contact for the tenant's configured number of
days; the planning app (action due dates) and the people app (expiring
residence titles) register theirs in their AppConfig.ready().
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from kim.cases.models import Case
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
