"""What an actor may do with persons and the records about them.

Every record about a person follows the person: PERSON_VIEW in a unit that
holds the person lets you see it, PERSON_CHANGE there lets you record and
correct. Callers that show many records of one person pass rows whose
`person` is that already loaded person, so the holding units are read once.
"""

from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.permissions import CASE_OPEN, PERSON_CHANGE, PERSON_VIEW
from kim.people.models import (
    Consent,
    Household,
    HouseholdMember,
    LegalDomainPeriod,
    Person,
    PersonRelation,
    PersonUnit,
    ResidenceStatus,
)


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


@register(PersonRelation)
def relation_abilities(actor: Actor, relation: PersonRelation) -> dict[str, bool]:
    one = person_abilities(actor, relation.person)
    other = person_abilities(actor, relation.related)
    both_visible = one["view"] and other["view"]
    return {
        "view": one["view"] or other["view"],
        "change": both_visible and (one["change"] or other["change"]),
    }


@register(Household)
def household_abilities(actor: Actor, household: Household) -> dict[str, bool]:
    """Seen through any current member; changed by whoever may change one."""
    current = HouseholdMember.objects.current().filter(household=household).values("person_id")
    units_by_person: dict[int, set[int]] = {}
    for person_id, unit_id in PersonUnit.objects.filter(person_id__in=current).values_list(
        "person_id", "unit_id"
    ):
        units_by_person.setdefault(person_id, set()).add(unit_id)
    view_units, change_units = actor.units(PERSON_VIEW), actor.units(PERSON_CHANGE)
    view = any(units & view_units for units in units_by_person.values())
    change = any(units & view_units and units & change_units for units in units_by_person.values())
    return {"view": view, "add_member": change}


@register(HouseholdMember)
def household_member_abilities(actor: Actor, member: HouseholdMember) -> dict[str, bool]:
    on_person = person_abilities(actor, member.person)
    return {
        "view": on_person["view"],
        "leave": on_person["change"] and member.valid_until is None,
    }


@register(LegalDomainPeriod)
def legal_domain_abilities(actor: Actor, period: LegalDomainPeriod) -> dict[str, bool]:
    on_person = person_abilities(actor, period.person)
    current = on_person["change"] and period.is_current
    return {
        "view": on_person["view"],
        "correct": current,
        "end": current and period.valid_until is None,
        "transition": current and period.valid_until is None,
    }


@register(ResidenceStatus)
def residence_abilities(actor: Actor, status: ResidenceStatus) -> dict[str, bool]:
    on_person = person_abilities(actor, status.person)
    return {"view": on_person["view"], "correct": on_person["change"] and status.is_current}


@register(Consent)
def consent_abilities(actor: Actor, consent: Consent) -> dict[str, bool]:
    on_person = person_abilities(actor, consent.person)
    open_ = consent.withdrawn_on is None
    return {
        "view": on_person["view"],
        "change": on_person["change"] and open_,
        "withdraw": on_person["change"] and open_,
        "download": on_person["view"] and bool(consent.document),
    }
