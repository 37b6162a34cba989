"""Start-page sections for shares and emergency access."""

from kim.cases.selectors import share_receiving_units, shares_received
from kim.core.actor import Actor
from kim.core.permissions import AUDIT_VIEW, CASE_EMERGENCY_ACCESS
from kim.core.slots import START, Section, register


@register(START)
def shared_with_us_section(actor: Actor, obj=None) -> Section | None:
    """How many cases other units share with the actor's units now (one query)."""
    if not share_receiving_units(actor):
        return None
    count = shares_received(actor).count()
    if not count:
        return None
    return Section("cases/start_shared.html", 3, {"count": count})


@register(START)
def emergency_section(actor: Actor, obj=None) -> Section | None:
    """The way in for team leads (emergency access) and data protection (the list)."""
    lead, audits = actor.has(CASE_EMERGENCY_ACCESS), actor.has(AUDIT_VIEW)
    if not (lead or audits):
        return None
    return Section("cases/start_emergency.html", 85, {"lead": lead, "audits": audits})
