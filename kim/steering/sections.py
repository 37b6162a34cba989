"""The steering level's sections on other pages (start page)."""

from kim.core.actor import Actor
from kim.core.slots import START, Section, register
from kim.steering.selectors import may_see_barrier_overview


@register(START)
def barrier_overview_link(actor: Actor, obj=None) -> Section | None:
    if not may_see_barrier_overview(actor):
        return None
    return Section("steering/start_barriers.html", 25)
