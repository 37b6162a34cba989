"""A case with something in every part of the summary, built through the services."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from kim.cases.catalogues import seed_target_groups
from kim.cases.models import Case, CaseClosure
from kim.cases.services import (
    case_change_phase,
    case_close,
    case_member_add,
    case_record_intake,
    contact_record,
)
from kim.core.actor import get_actor
from kim.followups.services import followup_create
from kim.people.services import consent_record, legal_domain_start, residence_status_record
from kim.planning.models import BarrierCategory, Urgency
from kim.planning.services import (
    action_create,
    assessment_record,
    barrier_flag,
    goal_create,
    goals_evaluate,
)
from kim.testing.factories import open_case, register_person
from kim.testing.weasyprint import require_weasyprint


def extract_text(content: bytes) -> str:
    """The text of a PDF, whitespace folded (pypdf, a test dependency)."""
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def page_count(content: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(content)).pages)


@pytest.fixture
def needs_weasyprint():
    """Skips PDF tests where WeasyPrint's system libraries are missing; CI
    (KIM_REQUIRE_ALL=1) fails instead."""
    require_weasyprint()


@dataclass
class Setting:
    world: object
    case: Case

    def fresh(self) -> Case:
        self.case.refresh_from_db()
        return self.case


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def add_contacts(world, case: Case, n: int, *, start: int = 1) -> None:
    actor = get_actor(world.cm)
    for i in range(start, start + n):
        contact_record(
            actor=actor,
            case=case,
            date=days_ago(i % 300),  # contact i is i days old
            duration_minutes=30 + i % 4 * 15,
            mode="in_person" if i % 2 else "phone",
            language="ar" if i % 3 == 0 else "",
            interpreter_used=i % 3 == 0,
            note=f"Gesprächsnotiz {i}: Unterlagen für das Jobcenter besprochen.\nNächster Schritt vereinbart.",
            fields=world.fields[: 1 + i % 2],
        )


def build_case(world, *, contacts: int = 3, goals: int = 2) -> Case:
    """Person with master data, residence, legal domain and consent; a case with
    intake, a household member, assessment, plan, barrier, follow-up and contacts."""
    actor = get_actor(world.cm)
    seed_target_groups(world.tenant)
    person = register_person(
        world.cm,
        world.unit_a,
        family_name="Haddad",
        given_names="Lina",
        nationalities=["SY"],
        languages=["ar", "en"],
        german_level="A2",
        street="Lindenallee 7",
        postcode="58452",
        town=world.town,
        phone="0171 1234567",
        interpreter_needed=True,
        interpreter_language="ar",
    )
    case = open_case(world.cm, person, world.unit_a, fields=world.fields, reason="Erstberatung")
    case = case_record_intake(
        actor=actor,
        case=case,
        version=case.version,
        access_route=Case.AccessRoute.JOBCENTER,
        target_groups=seed_target_groups(world.tenant)[:2],
        cm_indicated=Case.CmIndicated.YES,
        cm_indicated_reason="Mehrere Rechtskreise betroffen",
        consent_status=Case.ConsentStatus.GIVEN,
    )
    for phase in ("assessment", "planning", "implementation"):
        case = case_change_phase(actor=actor, case=case, version=case.version, to_phase=phase)
    child = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Omar")
    case_member_add(actor=actor, case=case, person=child, role_in_case="child")
    residence_status_record(
        actor=actor,
        person=person,
        kind="ae",
        valid_from=days_ago(400),
        valid_until=days_ago(-300),
        legal_basis="§ 25 Abs. 2 AufenthG",
        issuing_authority="Ausländerbehörde Testhausen",
    )
    legal_domain_start(
        actor=actor, person=person, domain="sgb2", valid_from=days_ago(380), office="Jobcenter Nord"
    )
    consent_record(
        actor=actor,
        person=person,
        data_categories=["base", "case"],
        purpose="Abstimmung mit dem Jobcenter",
        purpose_category="coordination",
        given_on=days_ago(100),
        form="written",
        recipient_kinds=["jobcenter"],
    )
    assessment_record(
        actor=actor,
        case=case,
        based_on=0,
        assessed_on=days_ago(90),
        items=[
            {
                "field": world.fields[0],
                "situation": "Besucht einen Integrationskurs.",
                "needs": "Kinderbetreuung während des Kurses",
                "resources": "Sehr motiviert",
                "urgency": Urgency.HIGH,
            }
        ],
    )
    for i in range(goals):
        goal = goal_create(
            actor=actor,
            case=case,
            field=world.fields[i % 2],
            wording=f"Ziel Nummer {i}: Deutschkurs B1 abschließen",
            target_date=days_ago(-60 - i),
        )
        action_create(
            actor=actor,
            case=case,
            goal=goal,
            what=f"Anmeldung beim Kursträger {i}",
            who="person",
            due_date=days_ago(-10),
        )
    action_create(actor=actor, case=case, what="Wohnungsamt anschreiben", who="case_manager")
    barrier_flag(
        actor=actor,
        case=case,
        field=world.fields[0],
        legal_domain="sgb2",
        category=BarrierCategory.objects.filter(tenant=world.tenant).first(),
        description="Kursplatz nur mit Kinderbetreuung nutzbar",
        flagged_on=days_ago(80),
        source="other",
    )
    followup_create(actor=actor, case=case, due_on=days_ago(-7), title="Kursanmeldung nachhalten")
    add_contacts(world, case, contacts)
    case.refresh_from_db()
    return case


def close_case(world, case: Case) -> Case:
    """Evaluate the goals and close the case (through evaluation)."""
    from kim.planning.selectors import goals_of_case

    actor = get_actor(world.cm)
    case.refresh_from_db()
    case = case_change_phase(actor=actor, case=case, version=case.version, to_phase="evaluation")
    goals_evaluate(
        actor=actor,
        case=case,
        evaluations=[
            {"goal": g, "version": g.version, "result": "achieved", "reason": "Kurs bestanden"}
            for g in goals_of_case(case)
        ],
    )
    case.refresh_from_db()
    return case_close(
        actor=actor,
        case=case,
        version=case.version,
        reason=CaseClosure.Reason.GOALS_REACHED,
        summary="Sprachkurs abgeschlossen, Arbeit aufgenommen.",
    )


@pytest.fixture
def setting(world) -> Setting:
    return Setting(world=world, case=build_case(world))
