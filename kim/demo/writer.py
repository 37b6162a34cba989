"""Writing the demo plan through the services, as users would have entered it.

Persons, their residence and legal-domain histories, households and family
ties, then each case: contacts, members and its course (kim.demo.course).

The services stamp history rows with the moment of writing. The demo tells
a story of 18 months, so the rows that pages show with a date (registration,
phase history, goal and action status, residence and legal-domain entries,
handovers) are moved to the day the story puts them on. The audit trail keeps
the real moment of writing.
"""

import random
from datetime import date, timedelta

from kim.cases.models import Case, CaseMember
from kim.cases.services import case_member_add, case_open, contact_record
from kim.core.actor import get_actor
from kim.demo.course import CourseWriter, at, backdate
from kim.demo.families import age_on
from kim.demo.plan import CasePlan, PersonPlan
from kim.demo.records import kin_residence, legal_history, residence_history
from kim.demo.structure import Structure
from kim.people.models import LegalDomainPeriod, Person, PersonRelation, ResidenceStatus
from kim.people.services import (
    household_add_member,
    household_create,
    legal_domain_end,
    legal_domain_start,
    legal_domain_transition,
    person_register,
    person_relation_add,
    residence_status_record,
)


class ServiceWriter:
    def __init__(self, structure: Structure, *, rng: random.Random, today: date, overrides=None):
        self.s = structure
        self.rng = rng
        self.today = today
        self.overrides = overrides or {}  # person key -> residence rows of the fixed cast
        self.persons: dict[int, Person] = {}  # id(plan) -> Person
        self.registered: dict[int, date] = {}
        self.residence: dict[int, list] = {}
        self.written: list[tuple[PersonPlan, CasePlan, Case]] = []
        self.course = CourseWriter(self, rng=rng, today=today)

    def person_of(self, plan: PersonPlan) -> Person:
        return self.persons[id(plan)]

    def household_of(self, plan: PersonPlan) -> list[PersonPlan]:
        """Head and household members that were written (a small data set may cut some)."""
        head = plan.head or plan
        return [m for m in (head, *head.kin) if id(m) in self.persons] if head.kin else []

    def cases_of(self, key: str) -> list[Case]:
        return [case for plan, _, case in self.written if plan.key == key]

    def write(self, plans: list[PersonPlan]) -> None:
        for plan in plans:
            self.register(plan)
        for plan in plans:
            self.person_records(plan)
        for plan in plans:
            if len(self.household_of(plan)) > 1 and plan.head is None:
                self.household(plan)
        for plan in plans:
            for planned in plan.cases:
                self.case(plan, planned)

    # --- persons ----------------------------------------------------------------

    def _registered_on(self, plan: PersonPlan) -> date:
        if plan.head is not None:
            return self.registered[id(plan.head)]
        opened = min((c.opened_on for c in plan.cases), default=None)
        return opened or max(plan.fields["arrival_date"] or self.today, self.today - timedelta(365))

    def register(self, plan: PersonPlan) -> None:
        person = person_register(
            actor=get_actor(plan.author), unit=plan.unit, aliases=plan.aliases, **plan.fields
        )
        day = self._registered_on(plan)
        backdate(Person, person.pk, created_at=at(day), updated_at=at(day))
        self.persons[id(plan)] = person
        self.registered[id(plan)] = day

    def person_records(self, plan: PersonPlan) -> None:
        """Residence history for everyone who is not German; legal domains for
        persons with cases."""
        f, person = plan.fields, self.person_of(plan)
        actor = get_actor(plan.author)
        if plan.key in self.overrides:
            rows = self.overrides[plan.key]
        elif plan.head is not None:
            rows = kin_residence(
                self.residence.get(id(plan.head), []),
                role=plan.role,
                arrival=f["arrival_date"],
                birth=f["birth_date"],
                today=self.today,
            )
        else:
            rows = residence_history(
                self.rng,
                region=plan.region,
                nationalities=f["nationalities"],
                arrival=f["arrival_date"],
                today=self.today,
            )
        self.residence[id(plan)] = rows
        registered = self.registered[id(plan)]
        for kind, basis, valid_from, valid_until, authority, note in rows:
            status = residence_status_record(
                actor=actor,
                person=person,
                kind=kind,
                valid_from=valid_from,
                valid_until=valid_until,
                legal_basis=basis,
                issuing_authority=authority,
                note=note,
            )
            backdate(ResidenceStatus, status.pk, recorded_at=at(max(valid_from, registered), 120))
        if plan.cases:
            self.legal_domains(plan, rows)

    def legal_domains(self, plan: PersonPlan, residence: list) -> None:
        f, person = plan.fields, self.person_of(plan)
        actor = get_actor(plan.cases[-1].manager)
        steps = legal_history(
            self.rng,
            region=plan.region,
            residence=residence,
            arrival=f["arrival_date"],
            age=age_on(f["birth_date"], self.today),
            field_codes={code for case in plan.cases for code in case.field_codes},
            has_children=any(k.role == "child" for k in plan.kin),
            today=self.today,
        )
        registered = self.registered[id(plan)]
        current: dict[int, LegalDomainPeriod] = {}
        for operation, chain, domain, day, org_key, text in steps:
            if day > self.today:
                continue
            organisation = self.s.organisations.get(org_key)
            if operation == "start":
                rows = [
                    legal_domain_start(
                        actor=actor,
                        person=person,
                        domain=domain,
                        valid_from=day,
                        responsible_organisation=organisation,
                        note=text,
                    )
                ]
            elif operation == "transition" and chain in current:
                rows = legal_domain_transition(
                    actor=actor,
                    person=person,
                    ending=current[chain],
                    new_domain=domain,
                    on=day,
                    responsible_organisation=organisation,
                    reason=text,
                )
            elif operation == "end" and chain in current:
                rows = [
                    legal_domain_end(
                        actor=actor, period=current[chain], valid_until=day, reason=text
                    )
                ]
            else:
                continue
            current[chain] = rows[-1]
            for row in rows:
                backdate(LegalDomainPeriod, row.pk, recorded_at=at(max(day, registered), 150))

    def household(self, head: PersonPlan) -> None:
        """The household of head, partner and children, and their ties."""
        actor = get_actor(head.author)
        members = self.household_of(head)
        fallback = self.today - timedelta(days=6 * 365)  # Germans: together for years
        adults = [m.fields["arrival_date"] or fallback for m in members if m.role != "child"]

        def joined(member: PersonPlan) -> date:
            f = member.fields
            if member.role == "child":
                start = f["arrival_date"] or f["birth_date"]
            else:
                start = f["arrival_date"] or fallback
            return min(max(start, min(adults)), self.today)

        order = sorted(members, key=joined)
        founded = joined(order[0])
        first = [m for m in order if joined(m) == founded]
        household = household_create(
            actor=actor,
            persons=[self.person_of(m) for m in first],
            valid_from=founded,
            name=f"Familie {head.fields['family_name']}",
        )
        for member in order[len(first) :]:
            household_add_member(
                actor=actor,
                household=household,
                person=self.person_of(member),
                valid_from=joined(member),
            )
        partner = next((m for m in members if m.role == "partner"), None)
        kind = PersonRelation.Kind
        if partner is not None:
            person_relation_add(
                actor=actor,
                person=self.person_of(head),
                related=self.person_of(partner),
                kind=kind.PARTNER,
            )
        for child in (m for m in members if m.role == "child"):
            for parent in (p for p in (head, partner) if p is not None):
                person_relation_add(
                    actor=actor,
                    person=self.person_of(parent),
                    related=self.person_of(child),
                    kind=kind.CHILD,
                )

    # --- cases --------------------------------------------------------------------

    def case(self, plan: PersonPlan, planned: CasePlan) -> None:
        fields = self.s.fields
        person = self.person_of(plan)
        actor = get_actor(planned.manager)
        case = case_open(
            actor=actor,
            person=person,
            unit=planned.team.unit,
            case_manager=planned.manager,
            reason=planned.reason,
            fields=[fields[c] for c in planned.field_codes],
            opened_on=planned.opened_on,
        )
        person.__dict__.pop("_holding_units", None)  # the case's unit holds the person now
        contacts = []
        for day, minutes, mode, interpreter, language, note, codes, author in planned.contacts:
            contact = contact_record(
                actor=get_actor(author),
                case=case,
                fields=[fields[c] for c in codes],
                date=day,
                duration_minutes=minutes,
                mode=mode,
                interpreter_used=interpreter,
                language=language,
                note=note,
            )
            contacts.append(contact)
        others = [m for m in self.household_of(plan) if m is not plan]
        if others and self.rng.random() < 0.75:
            for member in others:
                role = member.role if plan.head is None else _role_seen_from(plan, member)
                case_member_add(
                    actor=actor, case=case, person=self.person_of(member), role_in_case=role
                )
        self.course.write(plan, planned, case, contacts)
        self.written.append((plan, planned, case))


def _role_seen_from(plan: PersonPlan, member: PersonPlan) -> str:
    """What `member` is to `plan`, a partner with a case of their own."""
    if member is plan.head:
        return CaseMember.Role.PARTNER
    return CaseMember.Role.CHILD if member.role == "child" else CaseMember.Role.HOUSEHOLD
