"""What Kreis Musterland holds for the guided tour and the process pages.

The demo is loaded once for this module (in a transaction rolled back at the
end); each test runs in a savepoint inside it.
"""

from collections import Counter
from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from kim.accounts.models import Membership, User
from kim.cases.models import (
    Case,
    CaseClosure,
    CaseHandover,
    CaseMember,
    CasePhaseChange,
    CaseShare,
    Contact,
    EmergencyAccess,
    TargetGroup,
)
from kim.cases.phases import Phase
from kim.cases.selectors import incoming_handovers
from kim.core.actor import get_actor
from kim.core.models import AuditEvent, FieldOfAction, Organisation, Tenant, Unit
from kim.demo.catalogues import DEFAULT_FIELDS_OF_ACTION
from kim.demo.procedures import PLANS as PROCEDURE_PLANS
from kim.demo.residence import CLIENTS as RESIDENCE_CLIENTS
from kim.demo.tests.helpers import assert_rows_like_the_services
from kim.followups.models import FollowUp
from kim.followups.selectors import my_open_followups, unit_followup_overview
from kim.people.models import (
    Consent,
    Disclosure,
    Household,
    HouseholdMember,
    LegalDomainPeriod,
    Person,
    PersonAlias,
    PersonNameKey,
    PersonRelation,
    PersonUnit,
    ResidenceStatus,
)
from kim.people.sections import merge_history_section
from kim.people.selectors import duplicate_candidates, person_search, visible_persons
from kim.people.selectors.duplicates import duplicate_pairs, hidden_pair_count
from kim.people.services.duplicates import duplicates_scan
from kim.people.services.merge import merge_plan, person_merge
from kim.planning.models import Action, Assessment, Barrier, CaseConference, Goal
from kim.planning.selectors import barrier_counts
from kim.steering.models import (
    AgendaItem,
    Body,
    BodyMember,
    Meeting,
    MeetingTask,
    StructuralIssue,
    StructuralIssueStep,
)

MODELS = [
    Tenant, Unit, Organisation, FieldOfAction, User, Membership, Person, PersonAlias,
    PersonNameKey, PersonUnit, Case, Contact, CasePhaseChange, CaseClosure, CaseMember,
    CaseHandover, Assessment, Goal, Action, Barrier, Household, HouseholdMember, PersonRelation,
    ResidenceStatus, LegalDomainPeriod, Consent, FollowUp, AuditEvent, CaseShare,
    EmergencyAccess, CaseConference, Disclosure, StructuralIssue, StructuralIssueStep,
    Body, BodyMember, Meeting, AgendaItem, MeetingTask,
]  # fmt: skip


@pytest.fixture(scope="module")
def tenant(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield Tenant.objects.get(slug="musterland")
        transaction.set_rollback(True)


@pytest.fixture
def demo(tenant, db, settings):
    settings.DEMO_MODE = True
    return tenant


def actor(username):
    return get_actor(User.objects.get(username=username))


def snapshot() -> dict:
    counts = {m._meta.label: m.objects.count() for m in MODELS}
    counts["passwords"] = sorted(User.objects.values_list("username", "password"))
    counts["cases"] = sorted(
        Case.objects.values_list("number", "status", "phase", "version", "last_contact_on")
    )
    return counts


def test_load_demo_creates_kreis_musterland_with_its_cast(demo):
    assert demo.kind == Tenant.Kind.KREIS
    assert sorted(FieldOfAction.objects.filter(tenant=demo).values_list("code", "name")) == sorted(
        DEFAULT_FIELDS_OF_ACTION
    )
    roles = {
        "cm.nord": ("NORD", "case_manager"),
        "cm.sued": ("SUED", "case_manager"),
        "leitung.nord": ("NORD", "team_lead"),
        "koordination": ("KI", "coordination"),
        "abh": ("ABH", "authority"),
        "datenschutz": ("KI", "data_protection"),
        "admin": ("KI", "administration"),
    }
    for username, (unit_code, role) in roles.items():
        user = User.objects.get(username=username)
        assert user.is_demo and user.tenant == demo and user.first_name and user.last_name
        assert Membership.objects.filter(user=user, unit__code=unit_code, role__code=role).exists()
    # 200 from the generator, the clients of the pre-check demo (kim/demo/residence.py) and
    # the applicants of the authority's procedures (kim/demo/procedures.py).
    registered = 200 + len(RESIDENCE_CLIENTS) + len(PROCEDURE_PLANS)
    assert Person.objects.filter(tenant=demo).count() == registered
    assert 200 <= Case.objects.filter(tenant=demo).count() <= 270

    cm = actor("cm.nord")
    visible = visible_persons(cm)
    assert visible.filter(given_names="Mohammed", family_name="Al-Hassan").exists()
    assert visible.filter(family_name="Müller").exists()
    assert 15 <= Case.objects.filter(case_manager=cm.user, status="open").count() <= 30
    hits = duplicate_candidates(
        cm,
        family_name="Al-Hassan",
        given_names="Mohammed",
        birth_date=visible.get(family_name="Al-Hassan", given_names="Mohammed").birth_date,
    )
    assert {"Mohammed Al-Hassan", "Muhammad Alhasan"} <= {h.person.full_name for h in hits}
    assert person_search(cm, "Mueller")

    # Everything went through the services: audit trail included.
    assert AuditEvent.objects.filter(action="person.register").count() == registered
    assert AuditEvent.objects.filter(action="contact.create").count() == Contact.objects.count()
    assert AuditEvent.objects.filter(action="case.phase").count() == (
        CasePhaseChange.objects.exclude(from_phase="")
        .exclude(to_phase=Phase.CLOSED)
        .exclude(from_phase=Phase.CLOSED)
        .count()
    )
    assert_rows_like_the_services(demo)


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "nichts geändert" in out.getvalue()


def test_cm_nord_has_cases_in_every_phase(demo):
    phases = set(
        Case.objects.filter(case_manager__username="cm.nord").values_list("phase", flat=True)
    )
    assert phases == set(Phase.values)
    # The whole tenant: several cases in each phase.
    per_phase = dict(Case.objects.values_list("phase").annotate(n=Count("id")).order_by())
    assert all(per_phase.get(phase, 0) >= 5 for phase in Phase.values), per_phase


def test_every_case_has_a_history_that_fits_its_phase_and_contacts(demo):
    changes = {}
    for change in CasePhaseChange.objects.order_by("id"):
        changes.setdefault(change.case_id, []).append(change)
    for case in Case.objects.filter(tenant=demo):
        rows = changes[case.pk]
        assert (case.status == Case.Status.CLOSED) == (case.phase == Phase.CLOSED), case.number
        assert (rows[0].from_phase, rows[0].to_phase) == ("", Phase.INTAKE)
        assert rows[0].changed_at.date() == case.opened_on
        assert all(a.to_phase == b.from_phase for a, b in pairwise(rows))
        assert rows[-1].to_phase == case.phase
        stamps = [r.changed_at for r in rows]
        assert stamps == sorted(stamps), case.number
        assert stamps[-1].date() <= (case.closed_on or case.last_contact_on or case.opened_on)
        assert all(r.reason for r in rows if r.to_phase == Phase.PAUSED or r.from_phase == "closed")
        assert (case.phase == Phase.PAUSED) == bool(case.paused_from)
        if case.phase not in (Phase.INTAKE, Phase.CLOSED):
            assert case.cm_indicated == Case.CmIndicated.YES, case.number
    going_back = CasePhaseChange.objects.filter(
        from_phase=Phase.IMPLEMENTATION, to_phase=Phase.ASSESSMENT
    )
    assert going_back.exists() and not going_back.filter(reason="").exists()
    assert CasePhaseChange.objects.filter(from_phase=Phase.CLOSED).exists()  # reopened


def test_closed_cases_have_a_closing_report_and_evaluated_goals(demo):
    closed = Case.objects.filter(tenant=demo, status=Case.Status.CLOSED)
    assert closed.count() > 50
    for case in closed.prefetch_related("closures"):
        closure = case.closures.all()[0]
        assert closure.summary and closure.closed_on == case.closed_on
    assert not Goal.objects.filter(case__in=closed, evaluation="").exists()
    reasons = set(CaseClosure.objects.values_list("reason", flat=True))
    assert reasons == set(CaseClosure.Reason.values)
    # Cases past the assessment carry one or more versions and a support plan.
    planned = Case.objects.filter(phase__in=[Phase.IMPLEMENTATION, Phase.EVALUATION])
    assert not planned.filter(assessments__isnull=True).exists()
    assert not planned.filter(goals__isnull=True).exists()
    versions = Counter(Assessment.objects.values_list("case_id", flat=True))
    assert 1 in versions.values() and 2 in versions.values()


def test_a_new_case_manager_can_walk_the_intake_case_to_an_evaluated_closure(demo):
    from kim.cases.services import case_change_phase, case_close, case_record_intake
    from kim.planning.services import assessment_record, goal_create, goals_evaluate

    cm = actor("cm.nord")
    case = Case.objects.get(person__given_names="Iryna", person__family_name="Bondarenko")
    assert (case.case_manager, case.phase, case.cm_indicated, case.consent_status) == (
        cm.user,
        Phase.INTAKE,
        Case.CmIndicated.OPEN,
        Case.ConsentStatus.PENDING,
    )
    today = timezone.localdate()
    field = case.fields.first()
    case = case_record_intake(
        actor=cm,
        case=case,
        version=case.version,
        access_route="self",
        target_groups=list(TargetGroup.objects.filter(tenant=demo, code="gefluechtete")),
        cm_indicated="yes",
        consent_status="given",
    )
    for phase in (Phase.ASSESSMENT, Phase.PLANNING):
        case = case_change_phase(actor=cm, case=case, version=case.version, to_phase=phase)
        if phase == Phase.ASSESSMENT:
            assessment_record(
                actor=cm,
                case=case,
                based_on=0,
                assessed_on=today,
                items=[{"field": field, "situation": "Sucht Kurs", "urgency": "medium"}],
            )
    goal = goal_create(actor=cm, case=case, field=field, wording="Kurs besuchen", target_date=today)
    for phase in (Phase.IMPLEMENTATION, Phase.EVALUATION):
        case = case_change_phase(actor=cm, case=case, version=case.version, to_phase=phase)
    goals_evaluate(
        actor=cm,
        case=case,
        evaluations=[{"goal": goal, "version": goal.version, "result": "achieved", "reason": "ok"}],
    )
    # Her referral to the mentoring programme is still open: it holds the case back
    # until it is finished or cancelled.
    from django.core.exceptions import ValidationError

    from kim.network.models import Referral
    from kim.network.services.referrals import Answer, referral_change_status

    with pytest.raises(ValidationError, match="Eine Vermittlung ist noch offen: V-1"):
        case_close(actor=cm, case=case, version=case.version, reason="goals_reached", summary="x")
    for referral in Referral.objects.filter(case=case).exclude(
        status__in=["declined", "completed", "cancelled"]
    ):
        referral_change_status(
            actor=cm,
            referral=referral,
            version=referral.version,
            to="cancelled",
            answer=Answer(reason="Ziel anders erreicht"),
        )
    case.refresh_from_db()
    case = case_close(
        actor=cm, case=case, version=case.version, reason="goals_reached", summary="Erreicht."
    )
    assert case.phase == Phase.CLOSED


def test_follow_ups_are_due_today_and_overdue_for_cm_nord_and_the_unit_of_leitung_nord(demo):
    today = timezone.localdate()
    mine = my_open_followups(actor("cm.nord"), until=today)
    assert mine.filter(due_on=today).count() >= 3
    assert mine.filter(due_on__lt=today).count() >= 3
    assert set(mine.values_list("source", flat=True)) >= {
        FollowUp.Source.MANUAL,
        FollowUp.Source.ACTION,
        FollowUp.Source.RESIDENCE,
    }
    overview = unit_followup_overview(actor("leitung.nord"), today=today)
    busy = [row for row in overview if row["today"] and row["overdue"]]
    assert len(busy) >= 3
    assert FollowUp.objects.filter(source=FollowUp.Source.NO_CONTACT).exists()
    # Actions due today, overdue and next week exist in cm.nord's running cases.
    actions = Action.objects.filter(case__case_manager__username="cm.nord", status="open")
    assert actions.filter(due_date=today).exists()
    assert actions.filter(due_date__lt=today).exists()
    assert actions.filter(due_date__gt=today, due_date__lte=today + timedelta(days=7)).exists()


def test_a_colleague_asks_cm_nord_to_take_over_a_case(demo):
    pending = list(incoming_handovers(actor("cm.nord")).filter(state=CaseHandover.State.PENDING))
    assert [(h.from_user.username, h.case.person.family_name) for h in pending] == [
        ("cm.nord3", "Yılmaz")
    ]
    assert CaseHandover.objects.filter(state=CaseHandover.State.ACCEPTED).exists()


def test_households_relations_consents_and_residence_are_there(demo):
    today = timezone.localdate()
    sizes = Counter(HouseholdMember.objects.values_list("household_id", flat=True))
    assert Household.objects.count() >= 10 and max(sizes.values()) >= 4
    assert PersonRelation.objects.filter(kind="child").count() >= 10
    members = Counter(CaseMember.objects.values_list("case_id", flat=True))
    assert max(members.values()) >= 2

    assert Consent.objects.valid_on(today).count() >= 50
    assert Consent.objects.filter(valid_until__lt=today).exists()
    assert Consent.objects.filter(withdrawn_on__isnull=False).count() == 1

    bases = set(ResidenceStatus.objects.values_list("legal_basis", flat=True))
    assert {"§ 60a AufenthG", "§ 55 AsylG", "§ 24 AufenthG", "§ 25 Abs. 2 AufenthG",
            "§ 2 FreizügG/EU"} <= bases  # fmt: skip
    assert set(ResidenceStatus.objects.values_list("kind", flat=True)) >= {
        "duldung", "gestattung", "eu", "ae", "ne"
    }  # fmt: skip
    expiring = ResidenceStatus.objects.current().filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(weeks=8)
    )
    assert expiring.count() >= 5
    asylum_to_basic = LegalDomainPeriod.objects.filter(
        change="transition", domain="sgb2", transition_from__domain="asylblg"
    )
    assert asylum_to_basic.count() >= 5


def test_barrier_counts_show_numbers_above_the_disclosure_threshold(demo):
    assert 150 <= Barrier.objects.filter(tenant=demo).count() <= 330
    counts = barrier_counts(actor("koordination"))
    for table in ("category", "field", "legal_domain"):
        assert max(n for _label, n in counts[table]) >= demo.disclosure_threshold, table
        assert sum(1 for _label, n in counts[table] if n) >= 3, table


def test_the_coordination_sees_barrier_numbers_and_four_structural_issues(demo):
    from django.utils import timezone

    from kim.steering.issues import issues_fed_by, visible_issues
    from kim.steering.selectors import barrier_overview
    from kim.steering.suppression import TOTAL

    koordination = actor("koordination")
    overview = barrier_overview(koordination, year=timezone.localdate().year)
    shown = [
        overview.entry("category", key, "quarter", TOTAL).value
        for key, _label in overview.labels["category"]
    ]
    assert sum(1 for n in shown if n and n >= demo.disclosure_threshold) >= 3
    issues = {issue.title: issue.status for issue in visible_issues(koordination)}
    assert sorted(issues.values()) == ["decided", "in_work", "prioritised", "reported"]
    assert issues["Kein Zugang zur Krankenversicherung für EU-Zugewanderte"] == "in_work"
    assert issues_fed_by(actor("cm.nord")).exists()


def test_the_steering_group_met_twice_and_meets_again_with_the_health_issue(demo):
    from kim.steering.bodies import open_tasks_of

    steering = Body.objects.get(tenant=demo, name="Steuerungsgruppe KIM")
    states = sorted(steering.meetings.values_list("state", flat=True))
    assert states == ["held", "held", "planned"]
    assert Body.objects.filter(tenant=demo, kind="working_group").count() == 2
    planned = steering.meetings.get(state="planned")
    assert "Krankenversicherung" in planned.items.get().title
    assert AgendaItem.objects.filter(meeting__body=steering).exclude(decision="").count() >= 3
    assert open_tasks_of(actor("koordination")).exists()
    from kim.steering.models import CaseReconstruction

    assert CaseReconstruction.objects.filter(tenant=demo, status="released").count() == 2
    assert sorted(steering.recommendations.values_list("status", flat=True)) == [
        "adopted",
        "submitted",
    ]


def test_the_half_year_report_is_written_from_the_demo(demo):
    from kim.steering.models import SteeringReport

    report = SteeringReport.objects.get(tenant=demo)
    assert report.state == SteeringReport.State.READY
    assert report.title.startswith(
        "Kommunales Integrationsmanagement: Bericht aus der Steuerungsgruppe KIM"
    )
    assert "befasste sich mit" in report.explanation
    assert "AK EU-Zuwanderung (Arbeitsgruppe" in report.explanation
    assert "Ohne Krankenversicherung" in report.explanation
    assert {t["key"] for t in report.figures["tables"]} == {
        "cases",
        "fields",
        "target_groups",
        "referrals",
    }


TESFAI = {("Tesfay", "Ghebremedhin"), ("Tesfai", "Gebremedhin")}


def tesfai_pairs(username):
    return [
        pair
        for pair in duplicate_pairs(actor(username))
        if {(p.given_names, p.family_name) for p in (pair.first, pair.second)} == TESFAI
    ]


def test_leitung_kreis_leads_both_teams_and_merges_the_cross_unit_tesfai_pair(demo):
    user = User.objects.get(username="leitung.kreis")
    assert user.is_demo and user.tenant == demo and user.first_name and user.last_name
    assert sorted(user.memberships.values_list("unit__code", "role__code")) == [
        ("NORD", "team_lead"),
        ("SUED", "team_lead"),
    ]
    duplicates_scan(tenant_id=demo.pk)
    # Each team's own lead learns only that there is such a pair, not which.
    for lead in ("leitung.nord", "leitung.sued"):
        assert tesfai_pairs(lead) == []
        assert hidden_pair_count(actor(lead)) >= 1
    [pair] = tesfai_pairs("leitung.kreis")

    kept = Person.objects.get(tenant=demo, given_names="Tesfay", family_name="Ghebremedhin")
    gone = pair.other(kept.pk)
    lead = actor("leitung.kreis")
    person_merge(
        actor=lead,
        survivor=kept,
        merged=gone,
        reason="dieselbe Person, in beiden Teams registriert",
        expected=merge_plan(kept, gone).digest,
    )
    assert tesfai_pairs("leitung.kreis") == []
    # Both teams now hold the surviving record, with both cases.
    for cm in ("cm.nord", "cm.sued"):
        assert visible_persons(actor(cm)).filter(pk=kept.pk).exists()
        assert not visible_persons(actor(cm)).filter(pk=gone.pk).exists()
    assert set(Case.objects.filter(person=kept).values_list("unit__code", flat=True)) == {
        "NORD",
        "SUED",
    }
    # And both find on the person page what was merged, by whom.
    for cm in ("cm.nord", "cm.sued"):
        [shown] = merge_history_section(actor(cm), kept).context["merges"]
        assert shown.record.full_name == "Tesfai Gebremedhin"
        assert shown.merged_by.username == "leitung.kreis"


def test_a_demo_loaded_before_leitung_kreis_existed_gets_her_on_the_next_run(demo):
    User.objects.filter(username="leitung.kreis").delete()
    call_command("load_demo", stdout=StringIO())
    user = User.objects.get(username="leitung.kreis")
    assert user.memberships.count() == 2


def test_a_share_an_ended_share_an_expired_emergency_access_and_a_conference(demo, client):
    from django.urls import reverse

    hassan = Case.objects.get(
        tenant=demo, person__family_name="Al-Hassan", person__given_names="Mohammed", status="open"
    )
    [active] = CaseShare.objects.filter(case=hassan)
    assert active.state() == "active" and active.consent_id is not None
    assert active.to_unit.code == "ABH" and active.parts == ["base", "residence"]
    ended = CaseShare.objects.get(case__person__family_name="Popescu")
    assert ended.state() == "ended" and ended.end_reason
    [access] = EmergencyAccess.objects.filter(tenant=demo)
    assert access.user.username == "leitung.sued" and not access.is_running
    assert access.case.unit.code == "NORD"
    conference = CaseConference.objects.get(case__person__family_name="Ivanova")
    assert conference.actions.count() == 2
    assert {p.kind for p in conference.participants.all()} == {"unit", "person"}
    for source in (active, ended, access, conference):
        kind = f"{source._meta.app_label}.{source._meta.model_name}"
        assert Disclosure.objects.filter(source_type=kind, source_id=source.pk).exists(), kind

    # abh sees exactly the shared parts of Mohammed Al-Hassan's case
    client.force_login(User.objects.get(username="abh"))
    html = client.get(reverse("cases:detail", args=[hassan.pk])).content.decode()
    assert "Aufenthalt und Rechtskreise" in html
    assert "Verlauf der Kontakte" not in html and "Hilfeplan" not in html
    assert client.get(reverse("cases:detail", args=[ended.case_id])).status_code == 404
    # datenschutz lists the expired emergency access
    client.force_login(User.objects.get(username="datenschutz"))
    listed = client.get(reverse("cases:emergency_list")).content.decode()
    assert access.case.number in listed and "Südhausen" in listed
    # … and finds Mohammed Al-Hassan for an access request, as the README's tour says
    found = client.post(
        reverse("disclosures:access_request"), {"name": "Al-Hassan", "reason": "Ersuchen"}
    ).content.decode()
    assert reverse("disclosures:log", args=[hassan.person_id]) in found
    log = client.get(reverse("disclosures:log", args=[hassan.person_id])).content.decode()
    assert "Ausländer- und Einbürgerungsbehörde" in log


def test_cm_nord_has_clients_in_every_pre_check_situation(demo):
    from django.utils import timezone

    from kim.residence.eligibility import MET, NOT_MET, UNKNOWN
    from kim.residence.potential import potential_of

    today = timezone.localdate()
    rows = {
        (row.person.family_name, row.result.check): row
        for row in potential_of(actor("cm.nord"), today)
    }
    assert rows[("Okonkwo", "stag10")].result.status == MET  # eligible now
    soon = rows[("Haidari", "stag10")]  # eligible in three months
    assert soon.result.status == NOT_MET and today < soon.ready_on <= today + timedelta(days=90)
    language = {c.code: c.status for c in rows[("Petrova", "stag10")].result.criteria}
    assert language["language"] == NOT_MET and language["residence"] == MET
    benefits = {c.code: c.status for c in rows[("Mensah", "stag10")].result.criteria}
    assert benefits["livelihood"] == NOT_MET and benefits["language"] == MET
    assert rows[("Rahimi", "stag10")].result.status == UNKNOWN  # facts missing
    assert rows[("Yousef", "aufenthg25a")].result.status == MET


def test_the_authority_has_procedures_in_every_stage_with_an_audited_history(demo):
    from kim.residence.backlog import backlog
    from kim.residence.models import Procedure, ProcedureStep

    procedures = Procedure.objects.filter(tenant=demo)
    assert set(procedures.values_list("stage", flat=True)) == set(Procedure.Stage.values)
    assert set(procedures.values_list("kind", flat=True)) == set(Procedure.Kind.values)
    assert procedures.count() >= len(PROCEDURE_PLANS)
    today = timezone.localdate()
    assert procedures.filter(opened_on__lt=today - timedelta(days=365)).exists()
    # Withdrawn and rejected with a reason; every step audited.
    for stage in ("withdrawn", "rejected"):
        assert not ProcedureStep.objects.filter(tenant=demo, stage=stage, note="").exists()
    steps = ProcedureStep.objects.filter(tenant=demo)
    assert AuditEvent.objects.filter(action="procedure.move").count() == steps.count() - (
        procedures.count()
    )
    # The backlog page has something to show: a median for every stage and a trend.
    figures = backlog(actor("abh"))
    assert all(stage.open and stage.median_days for stage in figures.stages)
    assert sum(month.received for month in figures.months) >= 10
    assert figures.months[-1].open_at_end == figures.open
