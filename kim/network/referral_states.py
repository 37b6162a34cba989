"""The statuses of a referral and which changes between them are allowed.

Pure code, no database: the services, forms, pages, API and tests use the same
table (as `kim.cases.phases` does for the case phases).

    draft ─→ sent ─→ accepted ─→ in_progress ─→ completed
      │        │  └─→ declined       │   └───────────↑ (accepted → completed too)
      └────────┴──────────┴──────────┴─→ cancelled

A declined, completed or cancelled referral is final: a new attempt is a new
referral, so every referral's history reads from start to end.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SENT = "sent", _("gesendet")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")
    IN_PROGRESS = "in_progress", _("läuft")
    COMPLETED = "completed", _("abgeschlossen")
    CANCELLED = "cancelled", _("abgebrochen")


class Outcome(models.TextChoices):
    RECEIVED = "received", _("Unterstützung erhalten")
    PARTLY = "partly", _("teilweise erhalten")
    NOT_TAKEN_UP = "not_taken_up", _("nicht wahrgenommen")
    NOT_POSSIBLE = "not_possible", _("nicht möglich")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SENT, Status.CANCELLED}),
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.COMPLETED, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.DECLINED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# What the receiving partner may do (through the link or the inbox): answer, start,
# report back. Sending and cancelling belong to the case management.
PARTNER_TARGETS: frozenset[str] = frozenset(
    {Status.ACCEPTED, Status.DECLINED, Status.IN_PROGRESS, Status.COMPLETED}
)

# Open at the partner: the data shared with the referral is shown only in these.
OPEN_AT_PARTNER: frozenset[str] = frozenset({Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS})

FINAL: frozenset[str] = frozenset({Status.DECLINED, Status.COMPLETED, Status.CANCELLED})


def allowed_transitions(status: str) -> frozenset[str]:
    """The statuses a referral in `status` may change to."""
    return TRANSITIONS.get(status, frozenset())


def partner_transitions(status: str) -> frozenset[str]:
    """The changes the receiving partner may make from `status`."""
    return allowed_transitions(status) & PARTNER_TARGETS


def reason_required(to_status: str) -> bool:
    """Declining and cancelling need a stated reason."""
    return to_status in (Status.DECLINED, Status.CANCELLED)


def outcome_required(to_status: str) -> bool:
    return to_status == Status.COMPLETED


def appointment_required(to_status: str) -> bool:
    """A referral is under way from its first appointment: the date is required."""
    return to_status == Status.IN_PROGRESS
