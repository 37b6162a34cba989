"""Checks shared by the services that write records about a person."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.errors import NotAllowed
from kim.core.permissions import PERSON_CHANGE
from kim.people.models import Person, PersonUnit


def require_on_person(actor: Actor, person: Person, ability: str) -> None:
    if not abilities(actor, person)[ability]:
        raise NotAllowed


def lock_persons(*persons: Person) -> None:
    """Serialise writes about these persons (in id order, so two writers cannot deadlock)."""
    ids = sorted({p.pk for p in persons})
    list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def acting_unit(actor: Actor, person: Person) -> int | None:
    """The unit in whose name the actor records something about the person."""
    holding = getattr(person, "_holding_units", None)
    if holding is None:
        holding = set(PersonUnit.objects.filter(person=person).values_list("unit_id", flat=True))
    shared = sorted(actor.units(PERSON_CHANGE) & holding)
    return shared[0] if shared else actor.primary_unit_id


def not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("Das Datum liegt in der Zukunft.")})


def period_in_order(valid_from: date | None, valid_until: date | None, field="valid_until"):
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({field: _("Das Ende liegt vor dem Beginn.")})
