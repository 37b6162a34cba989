"""Potential lists: the clients of a case manager who meet, or will soon meet, the
time requirements of a pre-check – with what else is missing, so they can be
counselled and invited in time. Only the persons of the actor's own open cases."""

from dataclasses import dataclass
from datetime import date, timedelta

from kim.cases.models import Case
from kim.cases.selectors import my_cases
from kim.core.actor import Actor
from kim.people.models import Person
from kim.residence import eligibility
from kim.residence.abilities import may_precheck
from kim.residence.models import CheckFacts
from kim.residence.person_check import ORDER
from kim.residence.recorded import recorded_facts_bulk

HORIZON_DAYS = 90


@dataclass(frozen=True)
class Potential:
    person: Person
    case: Case
    result: eligibility.CheckResult

    @property
    def case_number(self) -> str:
        return self.case.number

    @property
    def ready_on(self) -> date:
        return self.result.time_requirements_met_on

    @property
    def missing(self) -> list[eligibility.CriterionResult]:
        return [c for c in self.result.criteria if c.status != eligibility.MET]


def may_see_potential(actor: Actor) -> bool:
    return may_precheck(actor) and actor.user is not None


def potential_of(actor: Actor, on: date, *, horizon_days: int = HORIZON_DAYS) -> list[Potential]:
    """One row per person and check whose time requirements are met on `on` or within
    the horizon; soonest first. A fixed number of queries (cases, facts, record)."""
    if not may_see_potential(actor):
        return []
    cases = list(my_cases(actor).select_related("person").order_by("person_id", "-opened_on"))
    persons: dict[int, tuple[Person, Case]] = {}
    for case in cases:
        persons.setdefault(case.person_id, (case.person, case))
    if not persons:
        return []
    entered = {
        row.person_id: eligibility.parse_facts(row.facts)[0]
        for row in CheckFacts.objects.filter(tenant_id=actor.tenant_id, person_id__in=persons)
    }
    recorded = recorded_facts_bulk(actor.tenant_id, [p for p, _n in persons.values()], on)
    until = on + timedelta(days=horizon_days)
    rows = []
    for pk, (person, case) in persons.items():
        facts = {name: r.value for name, r in recorded[pk].items()} | entered.get(pk, {})
        for code in ORDER:
            result = eligibility.check(code, facts, on)
            ready = result.time_requirements_met_on
            if ready is None or ready > until:
                continue
            if _blocked_for_good(result):
                continue
            rows.append(Potential(person, case, result))
    rows.sort(key=lambda row: (row.ready_on, row.person.sort_name, row.result.check))
    return rows


def _blocked_for_good(result: eligibility.CheckResult) -> bool:
    """A check the person cannot reach by waiting or counselling: the age limit has
    passed, or the status it requires (Duldung, § 104c) is not theirs."""
    return any(
        c.status == eligibility.NOT_MET
        and (c.code == "age" or (c.code == "status" and c.earliest is None))
        for c in result.criteria
    )
