from dataclasses import dataclass
from datetime import date

import pytest

from kim.core.actor import get_actor
from kim.planning.catalogues import seed_barrier_categories
from kim.planning.models import Urgency
from kim.planning.services import assessment_record
from kim.testing.factories import open_case, register_person


@dataclass
class Setting:
    world: object
    person: object
    case: object
    categories: list

    def actor(self, username="cm"):
        return get_actor(getattr(self.world, username))


@pytest.fixture
def setting(world):
    """A case of unit A (case manager `cm`), with the tenant's barrier catalogue."""
    categories = seed_barrier_categories(world.tenant)
    seed_barrier_categories(world.other_tenant)
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a, opened_on=date(2026, 1, 5))
    return Setting(world=world, person=person, case=case, categories=categories)


def item(field, urgency=Urgency.MEDIUM, **texts):
    return {"field": field, "urgency": urgency, **texts}


def assess(setting, *items, based_on=None, assessed_on=date(2026, 2, 1), **kwargs):
    """Record an assessment version through the service, as `cm`."""
    from kim.planning.selectors import latest_assessment_number

    if based_on is None:
        based_on = latest_assessment_number(setting.case)
    return assessment_record(
        actor=setting.actor(),
        case=setting.case,
        based_on=based_on,
        assessed_on=assessed_on,
        items=list(items),
        **kwargs,
    )
