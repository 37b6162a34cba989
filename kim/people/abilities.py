from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.permissions import CASE_OPEN, PERSON_CHANGE, PERSON_VIEW
from kim.people.models import Person, PersonUnit


@register(Person)
def person_abilities(actor: Actor, person: Person) -> dict[str, bool]:
    holding = getattr(person, "_holding_units", None)
    if holding is None:
        holding = set(PersonUnit.objects.filter(person=person).values_list("unit_id", flat=True))
        person._holding_units = holding
    view = bool(actor.units(PERSON_VIEW) & holding)
    return {
        "view": view,
        "change": view and bool(actor.units(PERSON_CHANGE) & holding),
        "open_case": view and actor.has(CASE_OPEN),
    }
