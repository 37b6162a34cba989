"""The link to the case summary in the side column of the case page."""

from kim.cases.abilities import case_abilities
from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.permissions import AUDIT_VIEW
from kim.core.slots import CASE_ASIDE, PERSON_DETAIL, START, Section, register
from kim.people.selectors import disclosure_count


@register(CASE_ASIDE)
def case_summary_section(actor: Actor, case) -> Section | None:
    # No query: the case page has loaded the case, the actor knows its units. The
    # summary holds every part of the case: only for the case's own unit, not for a
    # unit it is shared with or an emergency access.
    if not case_abilities(actor, case)["view"]:
        return None
    return Section("reports/case_aside.html", 90, {"case": case})


@register(PERSON_DETAIL)
def person_disclosures_section(actor: Actor, person) -> Section | None:
    """The link to the person's disclosure log, with its count (one query)."""
    if not abilities(actor, person)["view"]:
        return None
    return Section(
        "reports/person_disclosures.html",
        55,
        {"person": person, "count": disclosure_count(person)},
    )


@register(START)
def access_request_section(actor: Actor, obj=None) -> Section | None:
    """Data protection's way to the disclosure log of a person (no query)."""
    if not actor.has(AUDIT_VIEW):
        return None
    return Section("reports/start_access_request.html", 82)
