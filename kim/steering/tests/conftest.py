from datetime import date

import pytest

from kim.core.actor import get_actor
from kim.core.models import FieldOfAction, Tenant
from kim.planning.catalogues import seed_barrier_categories
from kim.planning.models import BarrierCategory
from kim.planning.services import barrier_flag
from kim.testing.factories import open_case, register_person


class Counted:
    """Barriers in two cases of the tenant (units A and B) and one in another tenant;
    the tenant's disclosure threshold is 3."""

    def __init__(self, world):
        self.world = world
        Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=3)
        self.categories = {c.code: c for c in seed_barrier_categories(world.tenant)}
        seed_barrier_categories(world.other_tenant)
        self.person = register_person(
            world.cm, world.unit_a, family_name="Haddad", given_names="Lina"
        )
        self.case = open_case(world.cm, self.person, world.unit_a, opened_on=date(2026, 1, 5))
        person_b = register_person(world.cm_b, world.unit_b, family_name="Nowak", given_names="Jan")
        self.case_b = open_case(world.cm_b, person_b, world.unit_b)
        self.language, self.work = world.fields
        waiting = self.categories["wartezeit"]
        for day in (2, 3, 4, 5):
            self.flag(self.case, world.cm, waiting, self.work, "sgb2", date(2026, 1, day))
        self.flag(self.case_b, world.cm_b, waiting, self.language, "sgb2", date(2026, 4, 6))
        self.flag(
            self.case_b,
            world.cm_b,
            self.categories["sprachmittlung"],
            self.language,
            "sgb12",
            date(2026, 4, 20),
        )
        self.flag(
            self.case_b,
            world.cm_b,
            self.categories["unterlagen"],
            self.language,
            "sgb12",
            date(2026, 7, 21),
        )
        # A barrier of 2025: another year, another overview.
        self.flag(self.case, world.cm, waiting, self.work, "sgb2", date(2025, 12, 30))
        other_field = FieldOfAction.objects.create(
            tenant=world.other_tenant, code="s", name="Sprache"
        )
        other_person = register_person(world.outsider, world.unit_other, family_name="Fremd")
        other_case = open_case(world.outsider, other_person, world.unit_other)
        self.flag(
            other_case,
            world.outsider,
            BarrierCategory.objects.get(tenant=world.other_tenant, code="wartezeit"),
            other_field,
            "sgb2",
            date(2026, 1, 7),
        )

    @staticmethod
    def flag(case, user, category, field, domain, day):
        barrier_flag(
            actor=get_actor(user),
            case=case,
            field=field,
            legal_domain=domain,
            category=category,
            flagged_on=day,
        )


@pytest.fixture
def counted(world):
    return Counted(world)
