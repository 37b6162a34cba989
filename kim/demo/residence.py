"""Demo for Baustein 3: clients of cm.nord in every pre-check situation – eligible for
naturalisation now, eligible in three months, blocked by the language level, blocked
by benefits, unknown because facts are missing – and a tolerated young person for
§ 25a. Synthetic names; dates relative to the day the demo is loaded.

The hand-over: Thi Lan Nguyen was referred to the authority's naturalisation
service five weeks ago with her written consent; `abh` took the referral up as a
procedure and received the application; cm.nord sees its stage and the missing
documents. Adaeze Okonkwo has given her consent for the authority, so cm.nord can
refer her from the potential list in the walk-through."""

from datetime import date, timedelta

from kim.cases.models import CasePhaseChange
from kim.cases.services import case_open
from kim.core.actor import get_actor
from kim.demo.course import at, backdate
from kim.network.models import Referral, ReferralStatusChange, Service
from kim.network.services.referrals import referral_create, referral_send
from kim.people.models import Person
from kim.people.services import (
    consent_record,
    legal_domain_start,
    person_register,
    residence_status_record,
)
from kim.residence.eligibility import add_years
from kim.residence.handover import procedure_from_referral
from kim.residence.person_check import facts_save
from kim.residence.procedures import document_mark, procedure_move

ALL_SET = {
    "naturalisation_test_passed": True,
    "commitment": True,
    "receives_benefits": False,
}

# (family name, given names, birth date, German level, residence since (years, days
#  ago), status kind, legal basis, SGB II, facts entered for the check)
CLIENTS = [
    ("Okonkwo", "Adaeze", date(1988, 4, 12), "B1", (5, 40), "ae", "§ 25 Abs. 2 AufenthG", False, ALL_SET),
    ("Haidari", "Sami", date(1992, 9, 3), "B2", (5, -90), "ae", "§ 18b AufenthG", False, ALL_SET),
    ("Petrova", "Mila", date(1985, 1, 20), "A2", (7, 0), "ae", "§ 28 AufenthG", False, ALL_SET),
    ("Mensah", "Kofi", date(1979, 11, 2), "B1", (6, 0), "ae", "§ 25 Abs. 2 AufenthG", True,
     {"naturalisation_test_passed": True, "commitment": True, "former_guest_worker": False,
      "full_time_months_last_24": 8, "spouse_of_exempt_with_child": False}),
    ("Rahimi", "Laleh", date(1995, 6, 30), "", (5, 100), "ae", "§ 25 Abs. 1 AufenthG", False, {}),
    ("Yousef", "Karim", date(2003, 2, 14), "B1", (4, 0), "duldung", "§ 60a AufenthG", False,
     {"school_years_successful": 4, "integration_prognosis_positive": True,
      "identity_deception": False}),
    ("Nguyen", "Thi Lan", date(1987, 8, 21), "B2", (9, 0), "ae", "§ 18a AufenthG", False, ALL_SET),
]  # fmt: skip

HANDOVER_CATEGORIES = ["base", "residence", "education_work", "documents"]
# Documents Frau Nguyen brought with the application.
BROUGHT = [
    "passport",
    "residence_title",
    "birth_certificate",
    "registration",
    "language_certificate",
]


def add_residence(structure, *, today: date) -> bool:
    """Once per demo: skipped when the clients exist (e.g. an older demo gets them)."""
    user = structure.users.get("cm.nord")
    if (
        user is None
        or Person.objects.filter(
            tenant=structure.tenant, family_name="Okonkwo", given_names="Adaeze"
        ).exists()
    ):
        return False
    actor = get_actor(user)
    unit = next(m.unit for m in user.memberships.select_related("unit") if m.unit.code == "NORD")
    cases = {}
    for family, given, born, level, (years, days), kind, basis, sgb2, facts in CLIENTS:
        person = person_register(
            actor=actor,
            unit=unit,
            family_name=family,
            given_names=given,
            birth_date=born,
            german_level=level,
        )
        since = add_years(today, -years) - timedelta(days=days)
        residence_status_record(
            actor=actor, person=person, kind=kind, valid_from=since, legal_basis=basis
        )
        if sgb2:
            legal_domain_start(
                actor=actor, person=person, domain="sgb2", valid_from=today - timedelta(days=400)
            )
        cases[family] = case_open(
            actor=actor,
            person=person,
            unit=unit,
            reason="Beratung zu Aufenthalt und Einbürgerung",
            opened_on=today - timedelta(days=60 if family == "Nguyen" else 0),
        )
        if facts:
            facts_save(actor=actor, person=person, version=0, facts=facts, on=today)
    authority = structure.authority_unit
    service = Service.objects.filter(
        tenant=structure.tenant, organisation=authority.organisation, name="Einbürgerung"
    ).first()
    abh = structure.users.get("abh")
    if service is not None and abh is not None:
        _consent(actor, cases["Okonkwo"].person, authority.organisation, given_on=today)
        _handed_over(actor, get_actor(abh), cases["Nguyen"], service, today=today)
    return True


def _consent(actor, person, organisation, *, given_on: date):
    return consent_record(
        actor=actor,
        person=person,
        data_categories=HANDOVER_CATEGORIES,
        purpose="Beratung und Antrag auf Einbürgerung bei der Ausländer- und Einbürgerungsbehörde",
        purpose_category="residence",
        given_on=given_on,
        form="written",
        recipient_organisations=[organisation],
        valid_until=given_on + timedelta(days=730),
    )


def _handed_over(actor, abh, case, service, *, today: date) -> None:
    """Referred five weeks ago, taken up four weeks ago, application received 20 days ago."""
    consent = _consent(
        actor, case.person, service.organisation, given_on=today - timedelta(days=36)
    )
    # The case was opened 60 days ago: its first phase change carries that day.
    CasePhaseChange.objects.filter(case=case).update(changed_at=at(case.opened_on))
    referral = referral_create(
        actor=actor,
        case=case,
        service=service,
        action=None,
        purpose="Einbürgerung (§ 10 StAG): Beratung und Antrag",
        purpose_category="residence",
        data_categories=["base", "residence", "education_work"],
        consent=consent,
        message="Frau Nguyen erfüllt nach unserer Vorprüfung die Voraussetzungen.",
    )
    referral = referral_send(actor=actor, referral=referral, version=referral.version)
    sent = at(today - timedelta(days=35))
    backdate(Referral, referral.pk, created_at=sent, sent_at=sent)
    for change in referral.status_history.all():
        backdate(ReferralStatusChange, change.pk, changed_at=sent)
    referral.refresh_from_db()
    procedure = procedure_from_referral(
        actor=abh,
        referral=referral,
        kind="stag10",
        opened_on=today - timedelta(days=28),
    )
    received = today - timedelta(days=20)
    for code in BROUGHT:
        document_mark(actor=abh, procedure=procedure, code=code, received_on=received)
    procedure_move(
        actor=abh, procedure=procedure, version=procedure.version, to="received", on=received
    )
    # The authority's answers carry the days of the story, not the day of loading.
    taken_up = at(procedure.opened_on)
    backdate(Referral, referral.pk, answered_at=taken_up)
    for change in ReferralStatusChange.objects.filter(referral=referral, status="accepted"):
        backdate(ReferralStatusChange, change.pk, changed_at=taken_up)
    for change in ReferralStatusChange.objects.filter(referral=referral, status="in_progress"):
        backdate(ReferralStatusChange, change.pk, changed_at=at(received))
