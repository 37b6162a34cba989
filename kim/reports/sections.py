"""The link to the case summary in the side column of the case page."""

from kim.cases.abilities import case_abilities
from kim.core.actor import Actor
from kim.core.slots import CASE_ASIDE, Section, register


@register(CASE_ASIDE)
def case_summary_section(actor: Actor, case) -> Section | None:
    # No query: the case page has loaded the case, the actor knows its units. The
    # summary holds every part of the case: only for the case's own unit, not for a
    # unit it is shared with or an emergency access.
    if not case_abilities(actor, case)["view"]:
        return None
    return Section("reports/case_aside.html", 90, {"case": case})
