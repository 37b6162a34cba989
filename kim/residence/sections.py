"""The pre-check on the person page: the three answers for today and a link."""

from kim.core.actor import Actor
from kim.core.slots import PERSON_DETAIL, Section, register
from kim.residence.abilities import may_precheck


@register(PERSON_DETAIL)
def precheck_section(actor: Actor, person) -> Section | None:
    if not may_precheck(actor):
        return None
    return Section("residence/person_section.html", 40, {"person": person})
