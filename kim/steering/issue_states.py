"""The path of a structural issue (Strukturthema), from the first report to the
decision and its implementation. Every step is a new history row."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REPORTED = "reported", _("gemeldet")
    REVIEWED = "reviewed", _("geprüft")
    PRIORITISED = "prioritised", _("priorisiert")
    IN_WORK = "in_work", _("in Bearbeitung")
    RECOMMENDATION = "recommendation", _("Empfehlung")
    DECIDED = "decided", _("entschieden")
    IMPLEMENTED = "implemented", _("umgesetzt")
    REJECTED = "rejected", _("abgelehnt")


# Forward one step at a time; an open issue may be rejected at any step (with a reason).
PATH = [
    Status.REPORTED,
    Status.REVIEWED,
    Status.PRIORITISED,
    Status.IN_WORK,
    Status.RECOMMENDATION,
    Status.DECIDED,
    Status.IMPLEMENTED,
]
FINAL = frozenset({Status.IMPLEMENTED, Status.REJECTED})


def allowed_transitions(status: str) -> list[str]:
    """The statuses an issue in `status` may move to, the next step first."""
    if status in FINAL or status not in PATH:
        return []
    following = PATH[PATH.index(status) + 1]
    return [following, Status.REJECTED]


def note_required(to_status: str) -> bool:
    """Rejecting needs a reason; a decision needs what was decided."""
    return to_status in (Status.REJECTED, Status.DECIDED)


def work_required(to_status: str) -> bool:
    """Work starts in a named project or working group."""
    return to_status == Status.IN_WORK
