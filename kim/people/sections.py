from kim.core.actor import Actor
from kim.core.permissions import PERSON_REGISTER, PERSON_VIEW
from kim.core.slots import START, Section, register


@register(START)
def person_search_section(actor: Actor, obj=None) -> Section | None:
    """A search box on the start page for everyone who works with persons."""
    if not actor.has(PERSON_VIEW):
        return None
    return Section("people/start_search.html", 1, {"can_register": actor.has(PERSON_REGISTER)})
