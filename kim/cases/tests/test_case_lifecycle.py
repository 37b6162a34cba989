"""Phases, intake, closing and reopening through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.cases import checks
from kim.cases.models import Case, CaseClosure, CasePhaseChange, TargetGroup
from kim.cases.phases import Phase
from kim.cases.services import (
    case_change_phase,
    case_reopen,
    case_update,
    contact_record,
    handover_request,
)
from kim.cases.tests.conftest import close, move, record_intake
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent


def history(case):
    return list(
        CasePhaseChange.objects.filter(case=case)
        .order_by("changed_at", "id")
        .values_list("from_phase", "to_phase", "changed_by__username", "reason")
    )


def last_event():
    return AuditEvent.objects.order_by("-id").first()


def change(user, case, to_phase, reason=""):
    case.refresh_from_db()
    return case_change_phase(
        actor=get_actor(user), case=case, version=case.version, to_phase=to_phase, reason=reason
    )


# --- phases ----------------------------------------------------------------------------


def test_opening_a_case_writes_the_first_history_row(process):
    assert process.case.phase == Phase.INTAKE
    assert process.case.status == Case.Status.OPEN
    assert history(process.case) == [("", "intake", "cm", "")]


def test_a_phase_change_appends_a_row_with_who_and_why_and_keeps_the_case_open(process):
    world = process.world
    record_intake(world.cm, process.case)
    before = process.fresh().version

    case = change(world.cm, process.case, Phase.ASSESSMENT, reason="Erstgespräch geführt")

    assert case.phase == Phase.ASSESSMENT
    assert case.status == Case.Status.OPEN
    assert case.version == before + 1
    assert history(case)[-1] == ("intake", "assessment", "cm", "Erstgespräch geführt")
    event = last_event()
    assert (event.action, event.person_id, event.reason) == (
        "case.phase",
        process.person.pk,
        "Erstgespräch geführt",
    )
    assert event.changes["phase"] == ["intake", "assessment"]


def test_history_rows_cannot_be_changed(process):
    row = CasePhaseChange.objects.get(case=process.case)
    row.reason = "umgeschrieben"
    with pytest.raises(PermissionError):
        row.save()


def test_a_disallowed_transition_is_refused_with_a_german_message(process):
    record_intake(process.world.cm, process.case)
    with pytest.raises(ValidationError) as error:
        change(process.world.cm, process.case, Phase.IMPLEMENTATION)
    assert error.value.message_dict["to_phase"] == [
        "Aus der Phase „Intake / Klärung“ kann der Fall nicht in „Umsetzung und Monitoring“ wechseln."
    ]
    assert len(history(process.case)) == 1


def test_closing_is_not_a_plain_phase_change(process):
    with pytest.raises(ValidationError) as error:
        change(process.world.cm, process.case, Phase.CLOSED)
    assert "Fall abschließen" in error.value.message_dict["to_phase"][0]
    assert process.fresh().status == Case.Status.OPEN


def test_assessment_needs_an_intake_that_indicates_case_management_and_consent(process):
    with pytest.raises(ValidationError) as error:
        change(process.world.cm, process.case, Phase.ASSESSMENT)
    assert error.value.message_dict["to_phase"] == [
        "Im Intake ist noch nicht festgehalten, dass Case Management angezeigt ist.",
        "Im Intake ist noch keine Einwilligung festgehalten.",
    ]
    record_intake(process.world.cm, process.case, consent_status=Case.ConsentStatus.ORAL)
    assert change(process.world.cm, process.case, Phase.ASSESSMENT).phase == Phase.ASSESSMENT


def test_going_back_needs_a_reason(process):
    case = move(
        process.world.cm, process.case, Phase.ASSESSMENT, Phase.PLANNING, Phase.IMPLEMENTATION
    )
    with pytest.raises(ValidationError) as error:
        change(process.world.cm, case, Phase.ASSESSMENT, reason="  ")
    assert "Grund" in error.value.message_dict["reason"][0]
    case = change(process.world.cm, case, Phase.ASSESSMENT, reason="Neue Lage: Trennung")
    assert case.phase == Phase.ASSESSMENT


def test_a_paused_case_resumes_only_the_phase_it_was_paused_from(process):
    world = process.world
    case = move(world.cm, process.case, Phase.ASSESSMENT, Phase.PLANNING)
    with pytest.raises(ValidationError):
        change(world.cm, case, Phase.PAUSED)  # no reason
    case = change(world.cm, case, Phase.PAUSED, reason="Klientin im Krankenhaus")
    assert (case.phase, case.paused_from, case.status) == ("paused", "planning", "open")
    with pytest.raises(ValidationError):
        change(world.cm, case, Phase.IMPLEMENTATION)
    case = change(world.cm, case, Phase.PLANNING)
    assert (case.phase, case.paused_from) == ("planning", "")
    assert [row[:2] for row in history(case)][-2:] == [
        ("planning", "paused"),
        ("paused", "planning"),
    ]


def test_a_stale_phase_change_is_refused(process):
    record_intake(process.world.cm, process.case)
    case = process.fresh()
    old_version = case.version
    change(process.world.lead, case, Phase.ASSESSMENT)
    with pytest.raises(StaleEdit) as stale:
        case_change_phase(
            actor=get_actor(process.world.cm),
            case=case,
            version=old_version,
            to_phase=Phase.PAUSED,
            reason="Urlaub",
        )
    assert stale.value.current.phase == Phase.ASSESSMENT


@pytest.mark.parametrize("who", ["colleague", "cm_b", "coordination", "outsider"])
def test_only_the_responsible_case_manager_and_the_team_lead_change_phases(process, who):
    user = getattr(process, who, None) or getattr(process.world, who)
    with pytest.raises(NotAllowed):
        change(user, process.case, Phase.PAUSED, reason="x")


# --- intake ----------------------------------------------------------------------------


def test_the_intake_is_recorded_with_target_groups_and_audited(process):
    groups = list(
        TargetGroup.objects.filter(tenant=process.world.tenant, code__in=["eu", "fachkraefte"])
    )
    case = record_intake(
        process.world.cm,
        process.case,
        access_route=Case.AccessRoute.SCHOOL,
        target_groups=groups,
        cm_indicated=Case.CmIndicated.OPEN,
        consent_status=Case.ConsentStatus.PENDING,
    )
    assert case.access_route == "school"
    assert sorted(g.code for g in case.target_groups.all()) == ["eu", "fachkraefte"]
    event = last_event()
    assert event.action == "case.intake"
    assert event.person_id == process.person.pk
    assert event.changes["access_route"] == ["", "school"]
    assert event.changes["target_groups"] == [[], ["EU-Zugewanderte", "Fachkräfte"]]


def test_no_case_management_needs_a_reason(process):
    with pytest.raises(ValidationError) as error:
        record_intake(process.world.cm, process.case, cm_indicated=Case.CmIndicated.NO)
    assert error.value.message_dict["cm_indicated_reason"] == [
        "Bitte begründen Sie, warum kein Case Management angezeigt ist."
    ]


def test_intake_refuses_unknown_choices_and_foreign_target_groups(process):
    from kim.cases.catalogues import seed_target_groups

    foreign = seed_target_groups(process.world.other_tenant)[0]
    with pytest.raises(ValidationError) as error:
        record_intake(process.world.cm, process.case, target_groups=[foreign])
    assert "target_groups" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_intake(process.world.cm, process.case, access_route="taxi")
    assert "access_route" in error.value.message_dict


def test_seeding_target_groups_twice_keeps_one_set(process):
    from kim.cases.catalogues import DEFAULT_TARGET_GROUPS, seed_target_groups

    seed_target_groups(process.world.tenant)
    assert TargetGroup.objects.filter(tenant=process.world.tenant).count() == len(
        DEFAULT_TARGET_GROUPS
    )


# --- closing ---------------------------------------------------------------------------


def test_closing_records_reason_summary_and_makes_the_case_read_only(process):
    world = process.world
    case = close(world.cm, process.case, summary="Nach Köln verzogen, Kontakt übergeben.")

    assert (case.phase, case.status, case.closed_on) == ("closed", "closed", timezone.localdate())
    closure = CaseClosure.objects.get(case=case)
    assert (closure.reason, closure.summary, closure.closed_by) == (
        "moved_away",
        "Nach Köln verzogen, Kontakt übergeben.",
        world.cm,
    )
    assert history(case)[-1] == ("intake", "closed", "cm", "verzogen")
    event = last_event()
    assert event.action == "case.close"
    assert event.changes["status"] == ["open", "closed"]
    assert abilities(world.cm, case) == {
        "view": True,
        "document": False,
        "change": False,
        "assign": False,
    }
    with pytest.raises(NotAllowed):
        contact_record(actor=get_actor(world.cm), case=case, date="2026-01-05", duration_minutes=5)
    with pytest.raises(NotAllowed):
        case_update(
            actor=get_actor(world.lead), case=case, version=case.version, reason="", fields=[]
        )
    with pytest.raises(NotAllowed):
        change(world.lead, case, Phase.INTAKE)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"summary": "   "}, "summary", "Bitte fassen Sie den Verlauf"),
        ({"reason": "bored"}, "reason", "Bitte wählen Sie einen Abschlussgrund."),
        ({"reason": "goals_reached"}, "reason", "setzt eine Evaluation voraus"),
        ({"closed_on": timezone.localdate() + timedelta(days=1)}, "closed_on", "Zukunft"),
        (
            {"closed_on": timezone.localdate() - timedelta(days=400)},
            "closed_on",
            "vor der Eröffnung",
        ),
    ],
)
def test_closing_validates_with_german_messages(process, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        close(process.world.cm, process.case, **kwargs)
    assert message in error.value.message_dict[field][0]
    assert process.fresh().status == Case.Status.OPEN


def test_goals_reached_closes_a_case_after_its_evaluation(process):
    case = move(
        process.world.cm,
        process.case,
        Phase.ASSESSMENT,
        Phase.PLANNING,
        Phase.IMPLEMENTATION,
        Phase.EVALUATION,
    )
    assert close(process.world.cm, case, reason="goals_reached").status == Case.Status.CLOSED


def test_a_paused_case_can_be_closed(process):
    case = change(process.world.cm, process.case, Phase.PAUSED, reason="nicht erreichbar")
    case = close(process.world.cm, case, reason="unreachable")
    assert (case.phase, case.paused_from) == ("closed", "")


def test_registered_closure_checks_hold_a_case_open(process, monkeypatch):
    monkeypatch.setattr(
        checks,
        "_CLOSURE_CHECKS",
        [*checks._CLOSURE_CHECKS, lambda case: ["Ziel „Sprachkurs“ ist nicht bewertet."]],
    )
    assert checks.closure_problems(process.case) == ["Ziel „Sprachkurs“ ist nicht bewertet."]
    with pytest.raises(ValidationError) as error:
        close(process.world.cm, process.case)
    assert error.value.messages == ["Ziel „Sprachkurs“ ist nicht bewertet."]


def test_a_pending_handover_holds_a_case_open(process):
    handover_request(
        actor=get_actor(process.world.cm),
        case=process.case,
        to_unit=process.world.unit_b,
        to_user=process.world.cm_b,
        note="Umzug nach Süd",
    )
    with pytest.raises(ValidationError) as error:
        close(process.world.cm, process.case)
    assert "Übergabe" in error.value.messages[0]


def test_a_stale_close_is_refused(process):
    case = process.fresh()
    record_intake(process.world.lead, case)
    with pytest.raises(StaleEdit):
        from kim.cases.services import case_close

        case_close(
            actor=get_actor(process.world.cm),
            case=case,
            version=case.version - 1,
            reason="other",
            summary="x",
        )


# --- reopening -------------------------------------------------------------------------


def test_only_the_team_lead_reopens_and_states_why(process):
    world = process.world
    case = close(world.cm, process.case)
    with pytest.raises(NotAllowed):
        case_reopen(
            actor=get_actor(world.cm),
            case=case,
            version=case.version,
            to_phase="intake",
            reason="x",
        )
    with pytest.raises(ValidationError) as error:
        case_reopen(
            actor=get_actor(world.lead),
            case=case,
            version=case.version,
            to_phase="planning",
            reason="",
        )
    assert set(error.value.message_dict) == {"to_phase", "reason"}

    case = case_reopen(
        actor=get_actor(world.lead),
        case=case,
        version=case.version,
        to_phase=Phase.ASSESSMENT,
        reason="Familie ist zurückgezogen",
    )

    assert (case.phase, case.status, case.closed_on) == ("assessment", "open", None)
    assert history(case)[-1] == ("closed", "assessment", "lead", "Familie ist zurückgezogen")
    assert CaseClosure.objects.filter(case=case).count() == 1  # the earlier closing stays
    assert last_event().action == "case.reopen"
    assert abilities(world.cm, case)["document"] is True
