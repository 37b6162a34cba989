"""The hand-over between case management and the foreigners' and naturalisation
authority, through the referral mechanism and within the person's consent.

- The case manager refers a person to a service of the authority (a referral with
  the purpose "Aufenthaltssicherung / Einbürgerung" and a consent that covers the
  authority, the data shared and the purpose).
- The authority (`procedure.manage`, receiving the referrals to its organisation)
  sees on its potential list the persons referred to it – referral open, consent
  still holding – or whose case is shared with its unit on a consent. Their
  pre-check uses only the facts of the data categories shared: what was not
  shared stays "unknown", as if it were not recorded.
- It opens the procedure from the referral: the referral is accepted; when the
  application is received it is under way (first appointment: the day of
  receipt); when the procedure ends, the referral is completed with its outcome.
- The case manager sees the procedure's state on the referral while the consent
  holds, and the missing documents only when the consent also covers documents.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import CaseShare
from kim.cases.parts import categories_of
from kim.core.actor import Actor
from kim.core.errors import NotAllowed
from kim.core.models import FieldOfAction, Organisation, Unit
from kim.core.permissions import PROCEDURE_MANAGE
from kim.network.finder import find_responsible
from kim.network.models import Referral, ReferralStatusChange
from kim.network.referral_abilities import is_receiving_partner, partner_organisation_ids
from kim.network.referral_states import OPEN_AT_PARTNER, Outcome
from kim.network.referral_states import Status as ReferralStatus
from kim.network.selectors.referrals import inbox_referrals
from kim.network.services.referrals import Answer, partner_apply
from kim.people.models import Consent, Person
from kim.residence import eligibility
from kim.residence.models import CheckFacts, Procedure
from kim.residence.person_check import ORDER
from kim.residence.procedures import FINAL, create_procedure, missing_documents
from kim.residence.recorded import recorded_facts_bulk

Category = Consent.DataCategory
Via = ReferralStatusChange.Via

# The consent data category each fact of a pre-check belongs to: a fact is used for
# the authority only when its category was shared.
FACT_CATEGORY: dict[str, str] = {
    "birth_date": Category.BASE_DATA,
    "residence_since": Category.RESIDENCE,
    "status": Category.RESIDENCE,
    "tolerated_since": Category.RESIDENCE,
    "identity_deception": Category.RESIDENCE,
    "former_citizenship_given_up_or_exempt": Category.RESIDENCE,
    "german_level": Category.EDUCATION_WORK,
    "naturalisation_test_passed": Category.EDUCATION_WORK,
    "integration_course_completed": Category.EDUCATION_WORK,
    "special_integration": Category.EDUCATION_WORK,
    "civic_knowledge": Category.EDUCATION_WORK,
    "former_guest_worker": Category.EDUCATION_WORK,
    "full_time_months_last_24": Category.EDUCATION_WORK,
    "school_years_successful": Category.EDUCATION_WORK,
    "recognised_qualification": Category.EDUCATION_WORK,
    "receives_benefits": Category.BENEFITS,
    "benefits_not_own_fault": Category.BENEFITS,
    "livelihood_mostly_by_work": Category.BENEFITS,
    "livelihood_prognosis_positive": Category.BENEFITS,
    "minor_child_in_household": Category.FAMILY,
    "school_age_children": Category.FAMILY,
    "children_attend_school": Category.FAMILY,
    "spouse_of_exempt_with_child": Category.FAMILY,
    "commitment": Category.CASE,
    "integration_prognosis_positive": Category.CASE,
}

# The kind of procedure a pre-check leads to.
KIND_OF_CHECK = {
    "stag10": Procedure.Kind.NATURALISATION,
    "aufenthg25a": Procedure.Kind.YOUNG,
    "aufenthg25b": Procedure.Kind.SUSTAINED,
}


def shared_facts(facts: dict, categories) -> dict:
    """Only the facts whose data category was shared."""
    allowed = set(categories)
    return {name: value for name, value in facts.items() if FACT_CATEGORY.get(name) in allowed}


def procedure_units(actor: Actor) -> list[Unit]:
    """The actor's active units where they run procedures (one query)."""
    units = actor.units(PROCEDURE_MANAGE)
    if not units or actor.tenant_id is None:
        return []
    return list(
        Unit.objects.filter(pk__in=units, tenant_id=actor.tenant_id, active=True).order_by("name")
    )


def _authority_organisations(actor: Actor) -> set[int]:
    """Organisations whose referrals the actor receives and for which they run procedures."""
    return {u.organisation_id for u in procedure_units(actor)} & set(
        partner_organisation_ids(actor)
    )


# --- the authority's potential list -------------------------------------------------------


@dataclass
class Source:
    kind: str  # "referral" or "share"
    referral: Referral | None = None
    share: CaseShare | None = None

    @property
    def label(self) -> str:
        if self.referral is not None:
            return _("Vermittlung %(ref)s von %(unit)s") % {
                "ref": self.referral.reference,
                "unit": self.referral.unit.name,
            }
        return _("Freigabe des Falls %(number)s von %(unit)s") % {
            "number": self.share.case.number,
            "unit": self.share.from_unit.name,
        }

    @property
    def consent(self) -> Consent | None:
        return self.referral.consent if self.referral is not None else self.share.consent


@dataclass
class HandedOver:
    person: Person
    categories: list[str]
    sources: list[Source]
    results: list[eligibility.CheckResult] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)

    @property
    def shows_name(self) -> bool:
        return Category.BASE_DATA in self.categories

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[c]) for c in Category.values if c in self.categories]

    @property
    def ready_on(self) -> date | None:
        days = [r.time_requirements_met_on for r in self.results if r.time_requirements_met_on]
        return min(days) if days else None

    @property
    def referrals_without_procedure(self) -> list[Referral]:
        with_procedure = {p.referral_id for p in self.procedures}
        return [
            s.referral
            for s in self.sources
            if s.referral is not None and s.referral.pk not in with_procedure
        ]


def may_see_handed_over(actor: Actor) -> bool:
    return actor.tenant_id is not None and bool(actor.units(PROCEDURE_MANAGE))


def handed_over(actor: Actor, on: date | None = None) -> list[HandedOver]:
    """The persons referred to the actor's authority with a consent that still holds,
    or whose case is shared with its unit on a consent; each with the pre-check on
    the shared facts only. A fixed number of queries, whatever their number."""
    if not may_see_handed_over(actor):
        return []
    on = on or timezone.localdate()
    rows: dict[int, HandedOver] = {}

    def add(person: Person, categories, source: Source) -> None:
        row = rows.setdefault(person.pk, HandedOver(person, [], []))
        row.categories = [c for c in Category.values if c in set(row.categories) | set(categories)]
        row.sources.append(source)

    organisations = _authority_organisations(actor)
    if organisations:
        referrals = (
            inbox_referrals(actor)
            .filter(
                organisation_id__in=organisations,
                status__in=OPEN_AT_PARTNER,
                consent__isnull=False,
            )
            .exclude(data_categories=[])
            .select_related("case__person", "consent", "unit", "service", "organisation")
            .prefetch_related("consent__recipient_organisations")
            .order_by("sent_at", "id")
        )
        for referral in referrals:
            if referral.legal_basis_holds(on):
                add(referral.case.person, referral.data_categories, Source("referral", referral))
    shares = (
        CaseShare.objects.active(on)
        .filter(
            tenant_id=actor.tenant_id,
            to_unit_id__in=actor.units(PROCEDURE_MANAGE),
            consent__isnull=False,
        )
        .select_related("case__person", "consent", "from_unit")
        .order_by("valid_from", "id")
    )
    for share in shares:
        add(share.case.person, categories_of(share.parts), Source("share", share=share))
    if not rows:
        return []

    persons = [row.person for row in rows.values()]
    recorded = recorded_facts_bulk(actor.tenant_id, persons, on)
    entered = {
        stored.person_id: eligibility.parse_facts(stored.facts)[0]
        for stored in CheckFacts.objects.filter(tenant_id=actor.tenant_id, person_id__in=rows)
    }
    procedures = Procedure.objects.filter(
        tenant_id=actor.tenant_id,
        person_id__in=rows,
        unit_id__in=actor.units(PROCEDURE_MANAGE),
    ).order_by("-opened_on", "-id")
    for procedure in procedures:
        rows[procedure.person_id].procedures.append(procedure)
    for pk, row in rows.items():
        facts = {name: r.value for name, r in recorded[pk].items()} | entered.get(pk, {})
        facts = shared_facts(facts, row.categories)
        row.results = [eligibility.check(code, facts, on) for code in ORDER]
    return sorted(
        rows.values(),
        key=lambda r: (r.ready_on is None, r.ready_on or on, r.person.sort_name, r.person.pk),
    )


# --- opening a procedure from a referral -------------------------------------------------


def referral_for_procedure(actor: Actor, pk: int) -> Referral:
    """A referral the actor may open a procedure from, or NotAllowed."""
    referral = (
        inbox_referrals(actor)
        .filter(pk=pk, organisation_id__in=_authority_organisations(actor))
        .select_related("case__person", "consent", "unit", "service", "organisation")
        .first()
    )
    if referral is None or not is_receiving_partner(actor, referral):
        raise NotAllowed
    return referral


def units_for_referral(actor: Actor, referral: Referral) -> list[Unit]:
    """The actor's units that may take up the referral: those of its organisation."""
    return [u for u in procedure_units(actor) if u.organisation_id == referral.organisation_id]


@transaction.atomic
def procedure_from_referral(
    *,
    actor: Actor,
    referral: Referral,
    kind: str,
    opened_on: date | None = None,
    unit: Unit | None = None,
) -> Procedure:
    """The authority takes up a referral as a procedure in its unit (one of the
    referral's organisation); a referral still waiting for an answer is accepted."""
    referral = referral_for_procedure(actor, referral.pk)
    units = units_for_referral(actor, referral)
    if unit is not None:
        units = [u for u in units if u.pk == unit.pk]
    if not units:
        raise NotAllowed
    errors = {}
    if referral.status not in OPEN_AT_PARTNER:
        errors["kind"] = _(
            "Die Vermittlung ist beendet; ein Verfahren kann nicht mehr daraus entstehen."
        )
    elif referral.shares_data and not referral.legal_basis_holds(timezone.localdate()):
        errors["kind"] = _(
            "Die Einwilligung deckt die Weitergabe nicht mehr; bitte mit dem Case Management klären."
        )
    elif Procedure.objects.filter(referral=referral).exists():
        errors["kind"] = _("Aus dieser Vermittlung wurde schon ein Verfahren angelegt.")
    if errors:
        raise ValidationError(errors)
    procedure = create_procedure(
        actor=actor,
        person=referral.case.person,
        unit=units[0],
        kind=kind,
        opened_on=opened_on,
        referral=referral,
    )
    if referral.status == ReferralStatus.SENT:
        _answer(actor, referral, ReferralStatus.ACCEPTED, procedure=procedure.pk)
    return procedure


# What a procedure's end means for the referral it came from.
OUTCOME_OF_STAGE = {
    Procedure.Stage.CONCLUDED: Outcome.RECEIVED,
    Procedure.Stage.REJECTED: Outcome.NOT_POSSIBLE,
    Procedure.Stage.WITHDRAWN: Outcome.NOT_TAKEN_UP,
}


def _answer(actor: Actor, referral: Referral, to: str, answer: Answer | None = None, **extra):
    """One answer of the authority as receiving partner; None when the referral does not
    allow it (e.g. a receipt date outside the referral's window): the procedure goes on,
    the referral keeps its state and the case manager can still record it."""
    try:
        return partner_apply(
            referral, to, answer or Answer(), referral.version, actor=actor,
            via=Via.PARTNER_ACCOUNT,
            extra=extra or None,
        )  # fmt: skip
    except ValidationError:
        return None


def referral_follows(actor: Actor, procedure: Procedure, *, on: date, note: str = "") -> None:
    """Keep the referral in step with its procedure (called by `procedure_move`): the
    application received puts it under way, the end of the procedure completes it."""
    referral = Referral.objects.select_for_update().filter(pk=procedure.referral_id).first()
    if referral is None or referral.status not in OPEN_AT_PARTNER:
        return
    stage = procedure.stage
    if stage != Procedure.Stage.RECEIVED and stage not in FINAL:
        return
    if referral.status == ReferralStatus.SENT:
        referral = _answer(actor, referral, ReferralStatus.ACCEPTED)
        if referral is None:
            return
    if stage == Procedure.Stage.RECEIVED:
        if referral.status != ReferralStatus.IN_PROGRESS:
            _answer(actor, referral, ReferralStatus.IN_PROGRESS, Answer(first_appointment_on=on))
        return
    label = str(Procedure.Stage(stage).label)
    _answer(
        actor,
        referral,
        ReferralStatus.COMPLETED,
        Answer(outcome=OUTCOME_OF_STAGE[stage], outcome_note=f"{label}: {note}" if note else label),
    )


# --- what the case manager sees ------------------------------------------------------------


@dataclass
class ProcedureStatus:
    """The state of the procedure a referral led to, as far as the consent allows."""

    procedure: Procedure | None
    shown: bool
    hidden_because: str = ""  # "consent" when the consent no longer holds
    missing: list[str] | None = None  # None: documents not covered by the consent

    @property
    def stage_label(self) -> str:
        return self.procedure.get_stage_display() if self.procedure else ""


def status_for_referral(referral: Referral, on: date | None = None) -> ProcedureStatus | None:
    """None when the referral led to no procedure. The stage while the consent holds
    (a concluded procedure's end stays visible through the referral's outcome).
    Uses `referral.procedure` and its documents when selected and prefetched."""
    try:
        procedure = referral.procedure
    except Procedure.DoesNotExist:
        return None
    on = on or timezone.localdate()
    if not referral.shares_data or referral.consent_id is None:
        return ProcedureStatus(None, shown=False, hidden_because="no_consent")
    if not referral.legal_basis_holds(on):
        return ProcedureStatus(None, shown=False, hidden_because="consent")
    missing = None
    # Documents are never sent with a referral; what is missing may be told back
    # when the consent covers documents.
    if Category.DOCUMENTS in referral.consent.data_categories:
        missing = missing_documents(procedure)
    return ProcedureStatus(procedure, shown=True, missing=missing)


# --- from the case manager's potential list to the authority --------------------------------

# The legal domain whose responsible office takes the application of a check.
LEGAL_DOMAIN_OF_CHECK = {"stag10": "stag", "aufenthg25a": "aufenthg", "aufenthg25b": "aufenthg"}
RESIDENCE_FIELD = "aufenthalt"  # the field of action "Aufenthalt" of the seeded catalogue
# What a referral for the application shares by default; the consent decides.
SUGGESTED_DATA = [Category.BASE_DATA, Category.RESIDENCE, Category.EDUCATION_WORK]


def authority_service(actor: Actor, check_code: str, on: date | None = None):
    """The service of the foreigners' authority responsible for the check's application,
    by the responsibility finder (the field "Aufenthalt" and the legal domain); None when
    the directory names none (the case manager then chooses the service)."""
    field_of_action = FieldOfAction.objects.filter(
        tenant_id=actor.tenant_id, code=RESIDENCE_FIELD
    ).first()
    match = find_responsible(
        actor,
        field=field_of_action,
        legal_domain=LEGAL_DOMAIN_OF_CHECK.get(check_code, ""),
        on=on,
    )
    if match is None or match.responsibility.service is None:
        return None
    service = match.responsibility.service
    if service.organisation.kind != Organisation.Kind.FOREIGNERS_AUTHORITY:
        return None
    return service


def authority_referrals(tenant_id: int, case_ids) -> dict[int, Referral]:
    """The latest referral of each case to a foreigners' authority, with its procedure
    and what the case manager may see of it (two queries)."""
    latest: dict[int, Referral] = {}
    rows = (
        Referral.objects.filter(
            tenant_id=tenant_id,
            case_id__in=list(case_ids),
            organisation__kind=Organisation.Kind.FOREIGNERS_AUTHORITY,
        )
        .exclude(status__in=[ReferralStatus.DRAFT, ReferralStatus.CANCELLED])
        .select_related("procedure", "consent", "organisation", "service")
        .prefetch_related("consent__recipient_organisations", "procedure__documents")
        .order_by("created_at", "id")
    )
    for referral in rows:
        latest[referral.case_id] = referral
    return latest
