"""The steering level's sections on other pages (start page)."""

from kim.core.actor import Actor
from kim.core.slots import START, Section, register
from kim.steering.selectors import may_see_barrier_overview


@register(START)
def barrier_overview_link(actor: Actor, obj=None) -> Section | None:
    if not may_see_barrier_overview(actor):
        return None
    return Section("steering/start_barriers.html", 25)


@register(START)
def issues_fed_section(actor: Actor, obj=None) -> Section | None:
    """For case managers: the structural issues their own barrier reports fed, with
    their current state (one query; none without case work)."""
    from kim.core.permissions import CASE_DOCUMENT
    from kim.steering.issues import issues_fed_by

    if not actor.has(CASE_DOCUMENT):
        return None
    issues = list(issues_fed_by(actor).order_by("-created_at", "-id")[:6])
    if not issues:
        return None
    return Section(
        "steering/start_issues.html", 27, {"issues": issues[:5], "more": len(issues) > 5}
    )


@register(START)
def meeting_tasks_section(actor: Actor, obj=None) -> Section | None:
    """Everyone with open tasks from meetings sees them, soonest first (one query)."""
    from kim.steering.bodies import open_tasks_of

    tasks = list(open_tasks_of(actor)[:10])
    if not tasks:
        return None
    return Section("steering/start_tasks.html", 28, {"tasks": tasks})


@register(START)
def reconstruction_requests_section(actor: Actor, obj=None) -> Section | None:
    """For case managers: the coordination's open requests for case reconstructions."""
    from django.db.models import Q
    from django.utils import timezone

    from kim.steering.reconstructions import may_reconstruct, visible_requests

    if not may_reconstruct(actor):
        return None
    today = timezone.localdate()
    rows = list(visible_requests(actor).filter(Q(due_on__isnull=True) | Q(due_on__gte=today))[:5])
    if not rows:
        return None
    return Section("steering/start_reconstructions.html", 29, {"rows": rows})
