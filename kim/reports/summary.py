"""Everything the case summary shows, read through the apps' permission-scoped selectors.

One call reads a fixed number of queries, however many contacts, goals or
phase changes the case has: each part is one list query (two for the parts
with a many-to-many), never one query per row.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kim.cases.models import Case, CaseClosure, CaseHandover, CaseMember, CasePhaseChange, Contact
from kim.cases.selectors import (
    contacts_of_case,
    handovers_of_case,
    latest_closure,
    members_of_case,
    phase_changes_of_case,
    visible_cases,
)
from kim.core.actor import Actor
from kim.followups.models import FollowUp
from kim.followups.selectors import case_open_followups
from kim.people.models import Consent, LegalDomainPeriod, ResidenceStatus
from kim.people.selectors import consents_of, current_residence, legal_domains, residence_statuses
from kim.planning.models import Action, AssessmentItem, Barrier, Goal
from kim.planning.selectors import barriers_of_case, latest_assessment_items, support_plan


@dataclass(frozen=True)
class SummaryOptions:
    """What the reader chose: with or without contacts, and which days of them."""

    include_contacts: bool = True
    contacts_from: date | None = None
    contacts_until: date | None = None

    def as_dict(self) -> dict:
        """For the audit trail: JSON-safe."""
        return {
            "contacts": self.include_contacts,
            "from": self.contacts_from.isoformat() if self.contacts_from else None,
            "until": self.contacts_until.isoformat() if self.contacts_until else None,
        }


@dataclass
class CaseSummary:
    case: Case
    options: SummaryOptions
    printed_at: datetime
    printed_by: str
    target_groups: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    phase_changes: list[CasePhaseChange] = field(default_factory=list)
    members: list[CaseMember] = field(default_factory=list)
    handovers: list[CaseHandover] = field(default_factory=list)
    closure: CaseClosure | None = None
    residence: ResidenceStatus | None = None
    legal_domains: list[LegalDomainPeriod] = field(default_factory=list)
    valid_consents: list[Consent] = field(default_factory=list)
    other_consents: int = 0
    assessment_items: list[AssessmentItem] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    loose_actions: list[Action] = field(default_factory=list)
    barriers: list[Barrier] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def person(self):
        return self.case.person

    @property
    def assessment(self):
        return self.assessment_items[0].assessment if self.assessment_items else None

    @property
    def contact_minutes(self) -> int:
        return sum(c.duration_minutes for c in self.contacts)


def summary_case(actor: Actor, pk: int) -> Case:
    """The case if the actor sees it through its unit, else 404. The summary holds
    every part of the case: a unit the case is shared with, or an emergency access,
    reads only on the case page (`visible_cases` without shares)."""
    return get_object_or_404(
        visible_cases(actor).select_related(
            "tenant", "person", "person__town", "person__district", "unit", "case_manager"
        ),
        pk=pk,
    )


def summary_contacts(case: Case, options: SummaryOptions) -> QuerySet[Contact]:
    contacts = contacts_of_case(case)
    if options.contacts_from:
        contacts = contacts.filter(date__gte=options.contacts_from)
    if options.contacts_until:
        contacts = contacts.filter(date__lte=options.contacts_until)
    return contacts


def case_summary(actor: Actor, case: Case, *, options: SummaryOptions) -> CaseSummary:
    """Read every part of the summary of a case the actor sees (see `summary_case`)."""
    today = timezone.localdate()
    person = case.person
    user = actor.user
    goals, loose_actions = support_plan(case)
    consents = consents_of(actor, person)
    valid = [c for c in consents if c.is_valid_on(today)]
    contacts = list(summary_contacts(case, options)) if options.include_contacts else []
    for contact in contacts:
        contact.case = case  # already loaded: no query per contact
    return CaseSummary(
        case=case,
        options=options,
        printed_at=timezone.localtime(),
        printed_by=(user.get_full_name() or user.username) if user is not None else "",
        target_groups=list(case.target_groups.all()),
        fields=list(case.fields.all()),
        phase_changes=list(phase_changes_of_case(case)),
        members=list(members_of_case(case)),
        handovers=list(handovers_of_case(case)),
        closure=latest_closure(case) if case.is_closed else None,
        residence=current_residence(residence_statuses(actor, person), today),
        legal_domains=[
            row
            for row in legal_domains(actor, person)
            if row.valid_until is None or row.valid_until >= today
        ],
        valid_consents=valid,
        other_consents=len(consents) - len(valid),
        assessment_items=latest_assessment_items(case),
        goals=goals,
        loose_actions=loose_actions,
        barriers=list(barriers_of_case(case)),
        followups=list(case_open_followups(actor, case)),
        contacts=contacts,
    )
