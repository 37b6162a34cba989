"""The residence sections on the person page: the pre-check for everyone who works
with persons, and the person's procedures for the authority."""

from kim.core.actor import Actor
from kim.core.slots import PERSON_DETAIL, Section, register
from kim.residence.abilities import may_precheck


@register(PERSON_DETAIL)
def precheck_section(actor: Actor, person) -> Section | None:
    if not may_precheck(actor):
        return None
    return Section("residence/person_section.html", 40, {"person": person})


@register(PERSON_DETAIL)
def procedures_section(actor: Actor, person) -> Section | None:
    from kim.residence.procedure_selectors import person_procedures
    from kim.residence.procedures import may_run_procedures

    if not may_run_procedures(actor):
        return None
    return Section(
        "residence/person_procedures.html",
        41,
        {"person": person, "procedures": list(person_procedures(actor, person))},
    )
