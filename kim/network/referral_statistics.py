"""Referral figures per service: counts by status and outcome and the median waiting
time, for the service's directory page and the coordination.

Anonymous counts only, and small numbers never identify people: a count below
the tenant's disclosure threshold shows as "< n", with the secondary
suppression of `kim.planning.statistics.suppressed_table`; the median waiting
time is shown only when at least threshold-many waiting times are known.
Drafts are not counted: they never left the case.
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.models import Tenant
from kim.network.models import Referral, Service
from kim.network.referral_states import Outcome, Status
from kim.planning.statistics import suppressed_table

COUNTED = [
    Status.SENT,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.DECLINED,
    Status.CANCELLED,
]
STATUS_LABELS = {
    Status.SENT: gettext_lazy("gesendet, noch ohne Antwort"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status) or Status(status).label)


@dataclass
class Rollup:
    statuses: dict  # suppressed_table of (label, count) by status
    outcomes: dict  # suppressed_table of (label, count) among completed referrals
    waiting_known: int
    median_waiting_days: float | None  # None when fewer than threshold values
    threshold: int

    @property
    def total(self):
        return self.statuses["total"]

    @property
    def waiting_shown(self) -> str:
        if self.median_waiting_days is None:
            return _("zu wenige Angaben") if self.waiting_known else "–"
        days = self.median_waiting_days
        text = f"{days:.1f}".replace(".", ",").removesuffix(",0")
        return _("%(days)s Tage") % {"days": text}


def threshold_of(tenant_id: int) -> int:
    return Tenant.objects.filter(pk=tenant_id).values_list("disclosure_threshold", flat=True)[0]


def _waiting(rows) -> list[int]:
    days = []
    for sent_at, first in rows:
        if sent_at is not None and first is not None:
            days.append((first - timezone.localtime(sent_at).date()).days)
    return days


def build_rollup(status_counts: dict, outcome_counts: dict, waits: list[int], threshold: int):
    statuses = suppressed_table(
        [(status_label(s), status_counts.get(s, 0)) for s in COUNTED], threshold
    )
    outcomes = suppressed_table(
        [(str(o.label), outcome_counts.get(o.value, 0)) for o in Outcome], threshold
    )
    known = len(waits)
    return Rollup(
        statuses=statuses,
        outcomes=outcomes,
        waiting_known=known,
        median_waiting_days=median(waits) if known and known >= threshold else None,
        threshold=threshold,
    )


def service_rollup(service: Service, *, threshold: int | None = None) -> Rollup:
    """The figures of one service (three small queries, whatever the number of referrals)."""
    threshold = threshold if threshold is not None else threshold_of(service.tenant_id)
    sent = Referral.objects.filter(tenant_id=service.tenant_id, service=service).exclude(
        status=Status.DRAFT
    )
    status_counts = dict(
        sent.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    outcome_counts = dict(
        sent.filter(status=Status.COMPLETED)
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    waits = _waiting(
        sent.filter(first_appointment_on__isnull=False).values_list(
            "sent_at", "first_appointment_on"
        )
    )
    return build_rollup(status_counts, outcome_counts, waits, threshold)


@dataclass
class ServiceRow:
    service_id: int
    name: str
    organisation: str
    rollup: Rollup


def rollup_by_service(tenant_id: int) -> list[ServiceRow]:
    """Every service of the tenant that received referrals, with its figures (two queries)."""
    threshold = threshold_of(tenant_id)
    rows = (
        Referral.objects.filter(tenant_id=tenant_id)
        .exclude(status=Status.DRAFT)
        .order_by()
        .values_list("service_id", "status", "outcome", "sent_at", "first_appointment_on")
    )
    statuses: dict[int, dict] = {}
    outcomes: dict[int, dict] = {}
    waits: dict[int, list] = {}
    for service_id, status, outcome, sent_at, first in rows.iterator():
        counts = statuses.setdefault(service_id, {})
        counts[status] = counts.get(status, 0) + 1
        if status == Status.COMPLETED and outcome:
            by_outcome = outcomes.setdefault(service_id, {})
            by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        waits.setdefault(service_id, []).extend(_waiting([(sent_at, first)]))
    services = Service.objects.filter(tenant_id=tenant_id, pk__in=statuses).select_related(
        "organisation"
    )
    return [
        ServiceRow(
            service.pk,
            service.name,
            service.organisation.name,
            build_rollup(
                statuses[service.pk], outcomes.get(service.pk, {}), waits[service.pk], threshold
            ),
        )
        for service in services.order_by("name", "id")
    ]
