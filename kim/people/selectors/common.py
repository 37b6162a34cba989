from django.db.models import Exists, OuterRef, QuerySet

from kim.core.actor import Actor
from kim.core.permissions import PERSON_CHANGE, PERSON_VIEW
from kim.people.models import PersonUnit


def held_person_ids(actor: Actor) -> QuerySet:
    """Ids of the persons the actor may see, as a subquery (one indexable predicate)."""
    return PersonUnit.objects.filter(
        tenant_id=actor.tenant_id, unit_id__in=actor.units(PERSON_VIEW)
    ).values("person_id")


def scoped(model, actor: Actor) -> QuerySet:
    """Records about persons the actor may see."""
    if actor.tenant_id is None or not actor.units(PERSON_VIEW):
        return model.objects.none()
    return model.objects.filter(tenant_id=actor.tenant_id, person_id__in=held_person_ids(actor))


def visible(actor: Actor, person_field: str) -> Exists:
    """Annotation: may the actor see the person in `person_field` of each row?"""
    return Exists(
        PersonUnit.objects.filter(
            person_id=OuterRef(person_field), unit_id__in=actor.units(PERSON_VIEW)
        )
    )


def changeable(actor: Actor, person_field: str) -> Exists:
    """Annotation: may the actor change the person in `person_field` of each row?"""
    units = actor.units(PERSON_VIEW) & actor.units(PERSON_CHANGE)
    return Exists(PersonUnit.objects.filter(person_id=OuterRef(person_field), unit_id__in=units))
