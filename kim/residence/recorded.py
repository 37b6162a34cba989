"""Facts for a pre-check read from what is recorded about the person: birth date,
German level, residence history, legal domains and household. Each comes with its
source in words, so the counsellor sees where a value comes from and can correct it
for the check. What the record does not say stays unknown – no fact is inferred from
the absence of a record."""

from dataclasses import dataclass
from datetime import date, timedelta

from kim.core.actor import Actor
from kim.people.models import (
    HouseholdMember,
    LegalDomain,
    LegalDomainPeriod,
    Person,
    ResidenceStatus,
)
from kim.people.selectors.household import household_of
from kim.people.selectors.legal import legal_domains, residence_statuses
from kim.residence.eligibility import add_years, german

Kind = ResidenceStatus.Kind
STATUS_OF_KIND = {
    Kind.TOLERATION: "duldung",
    Kind.PERMISSION_TO_STAY: "gestattung",
    Kind.RESIDENCE_PERMIT: "title",
    Kind.BLUE_CARD: "title",
    Kind.FICTION_CERTIFICATE: "title",
    Kind.SETTLEMENT_PERMIT: "settlement",
    Kind.PERMANENT_EU: "settlement",
    Kind.EU_FREE_MOVEMENT: "eu",
    Kind.GERMAN_CITIZEN: "other",
    Kind.OTHER: "other",
}
SCHOOL_AGE = (6, 18)  # compulsory schooling in NRW, in years of age


@dataclass(frozen=True)
class Recorded:
    value: object
    source: str


def _status(row: ResidenceStatus) -> str:
    if row.kind == Kind.RESIDENCE_PERMIT and "104c" in (row.legal_basis or ""):
        return "104c"
    return STATUS_OF_KIND.get(row.kind, "other")


def _valid_on(row, on: date) -> bool:
    return row.valid_from <= on and (row.valid_until is None or row.valid_until >= on)


def _chain_start(rows: list, current, same) -> date:
    """The first day of the unbroken run of recorded periods that ends with `current`
    (each period starting at the latest the day after the one before ended)."""
    start = current.valid_from
    earlier = sorted(
        (r for r in rows if r.valid_from < current.valid_from and same(r)),
        key=lambda r: r.valid_from,
        reverse=True,
    )
    for row in earlier:
        if row.valid_until is None or row.valid_until + timedelta(days=1) >= start:
            start = min(start, row.valid_from)
        else:
            break
    return start


def _age(born: date, on: date) -> int:
    years = on.year - born.year
    return years - 1 if add_years(born, years) > on else years


def recorded_facts(actor: Actor, person: Person, on: date) -> dict[str, Recorded]:
    """The facts the record gives for one person, read through the people app's
    selectors with the actor's rights."""
    household = household_of(actor, person, on=on)
    others = [m.person for m in household.others] if household is not None else None
    return facts_from(
        person,
        residence_statuses(actor, person),
        legal_domains(actor, person),
        others,
        on,
    )


def recorded_facts_bulk(tenant_id: int, persons: list[Person], on: date) -> dict[int, dict]:
    """The same for many persons the caller may already see (a list page): three
    queries, whatever their number."""
    ids = [p.pk for p in persons]
    statuses: dict[int, list] = {pk: [] for pk in ids}
    for row in ResidenceStatus.objects.filter(tenant_id=tenant_id, person_id__in=ids).current():
        statuses[row.person_id].append(row)
    domains: dict[int, list] = {pk: [] for pk in ids}
    for row in LegalDomainPeriod.objects.filter(tenant_id=tenant_id, person_id__in=ids).current():
        domains[row.person_id].append(row)
    own = HouseholdMember.objects.current(on).filter(tenant_id=tenant_id, person_id__in=ids)
    members = list(
        HouseholdMember.objects.current(on)
        .filter(tenant_id=tenant_id, household_id__in=own.values("household_id"))
        .select_related("person")
    )
    household_of_person = {m.person_id: m.household_id for m in members if m.person_id in statuses}
    others: dict[int, list | None] = dict.fromkeys(ids)
    for pk, household in household_of_person.items():
        others[pk] = [
            m.person for m in members if m.household_id == household and m.person_id != pk
        ]
    return {p.pk: facts_from(p, statuses[p.pk], domains[p.pk], others[p.pk], on) for p in persons}


def facts_from(person: Person, statuses: list, domains: list, others: list | None, on: date):
    """The facts from the rows of the record (`others`: the other members of the
    person's household on the day, None when no household is recorded)."""
    facts: dict[str, Recorded] = {}
    if person.birth_date and person.birth_date_precision == Person.DatePrecision.DAY:
        facts["birth_date"] = Recorded(person.birth_date, "Personendaten")
    if person.german_level:
        facts["german_level"] = Recorded(person.german_level, "Personendaten")

    current = next(
        (r for r in sorted(statuses, key=lambda r: r.valid_from, reverse=True) if _valid_on(r, on)),
        None,
    )
    if current is not None:
        status = _status(current)
        facts["status"] = Recorded(
            status,
            f"Aufenthaltsstatus {current.get_kind_display()} seit {german(current.valid_from)}",
        )
        since = _chain_start(statuses, current, lambda r: True)
        facts["residence_since"] = Recorded(
            since, f"Aufenthaltsverlauf: ohne Lücke erfasst seit {german(since)}"
        )
        if status == "duldung":
            tolerated = _chain_start(statuses, current, lambda r: r.kind == Kind.TOLERATION)
            facts["tolerated_since"] = Recorded(
                tolerated, f"Aufenthaltsverlauf: Duldung seit {german(tolerated)}"
            )

    benefits = [
        d
        for d in domains
        if d.domain in (LegalDomain.SGB_II, LegalDomain.SGB_XII) and _valid_on(d, on)
    ]
    if benefits:
        facts["receives_benefits"] = Recorded(
            True,
            f"Rechtskreis {benefits[0].get_domain_display()} seit {german(benefits[0].valid_from)}",
        )

    if others is not None and all(p.birth_date for p in others):
        ages = [_age(p.birth_date, on) for p in others]
        minors = [a for a in ages if a < 18]
        school = [a for a in ages if SCHOOL_AGE[0] <= a < SCHOOL_AGE[1]]
        facts["minor_child_in_household"] = Recorded(
            bool(minors), f"Haushalt: {len(minors)} minderjährige Person(en)"
        )
        facts["school_age_children"] = Recorded(
            bool(school), f"Haushalt: {len(school)} Person(en) im schulpflichtigen Alter"
        )
    return facts
