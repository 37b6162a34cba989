"""Shared setting of the case-process tests: a case of unit A, and helpers that move it."""

from dataclasses import dataclass

import pytest

from kim.cases.catalogues import seed_target_groups
from kim.cases.models import Case, CaseClosure
from kim.cases.phases import Phase
from kim.cases.services import case_change_phase, case_close, case_record_intake
from kim.core.actor import get_actor
from kim.testing.factories import UserFactory, member, open_case, register_person


@dataclass
class Process:
    world: object
    person: object
    case: Case
    lead_b: object  # team lead of unit B
    colleague: object  # a second case manager of unit A, not responsible for the case

    def fresh(self) -> Case:
        self.case.refresh_from_db()
        return self.case


@pytest.fixture
def process(world):
    seed_target_groups(world.tenant)
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a)
    lead_b = UserFactory(username="lead_b", tenant=world.tenant)
    member(lead_b, world.unit_b, "team_lead")
    colleague = UserFactory(username="colleague", tenant=world.tenant)
    member(colleague, world.unit_a, "case_manager")
    return Process(world=world, person=person, case=case, lead_b=lead_b, colleague=colleague)


def record_intake(user, case: Case, **changes) -> Case:
    case.refresh_from_db()
    data = {
        "access_route": Case.AccessRoute.JOBCENTER,
        "target_groups": [],
        "cm_indicated": Case.CmIndicated.YES,
        "cm_indicated_reason": "",
        "consent_status": Case.ConsentStatus.GIVEN,
    } | changes
    return case_record_intake(actor=get_actor(user), case=case, version=case.version, **data)


def move(user, case: Case, *phases: str, reason: str = "") -> Case:
    """Walk the case through the phases (an intake that allows assessment is recorded first)."""
    case.refresh_from_db()
    if case.phase == Phase.INTAKE and case.cm_indicated != Case.CmIndicated.YES:
        case = record_intake(user, case)
    for phase in phases:
        case = case_change_phase(
            actor=get_actor(user), case=case, version=case.version, to_phase=phase, reason=reason
        )
    return case


def close(user, case: Case, reason: str = CaseClosure.Reason.MOVED_AWAY, **kwargs) -> Case:
    case.refresh_from_db()
    return case_close(
        actor=get_actor(user),
        case=case,
        version=case.version,
        reason=reason,
        summary=kwargs.pop("summary", "Familie ist nach Köln verzogen."),
        **kwargs,
    )
