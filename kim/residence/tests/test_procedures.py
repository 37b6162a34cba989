"""Procedures at the authority: the stage machine (every allowed and every refused
step), the document checklist gate, reasons for withdrawal and rejection, who may
run them, and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent
from kim.residence import procedures as svc
from kim.residence.models import Procedure
from kim.testing.factories import register_person

Stage = Procedure.Stage
OPEN = [Stage.COUNSELLING, Stage.RECEIVED, Stage.COMPLETE, Stage.CHECKS, Stage.DECISION]


@pytest.fixture
def procedure(world):
    person = register_person(world.authority, world.unit_authority, family_name="Antrag")
    return svc.procedure_open(
        actor=get_actor(world.authority),
        person=person,
        unit=world.unit_authority,
        kind=Procedure.Kind.NATURALISATION,
        opened_on=timezone.localdate() - timedelta(days=60),
    )


def move(world, procedure, to, **kwargs):
    procedure.refresh_from_db()
    return svc.procedure_move(
        actor=get_actor(world.authority),
        procedure=procedure,
        version=procedure.version,
        to=to,
        **kwargs,
    )


def all_documents(world, procedure, day=None):
    for code, _label in svc.checklist(procedure.kind):
        svc.document_mark(
            actor=get_actor(world.authority),
            procedure=procedure,
            code=code,
            received_on=day or timezone.localdate() - timedelta(days=30),
        )


def force(procedure, stage):
    Procedure.objects.filter(pk=procedure.pk).update(
        stage=stage, stage_since=timezone.localdate() - timedelta(days=50)
    )
    procedure.refresh_from_db()


@pytest.mark.parametrize("start", list(Stage.values))
@pytest.mark.parametrize("to", list(Stage.values))
def test_the_stage_machine(world, procedure, start, to):
    all_documents(world, procedure)
    force(procedure, start)
    allowed = to in svc.TRANSITIONS[start]
    note = "Antrag zurückgezogen" if to in svc.NEEDS_REASON else ""
    if allowed:
        moved = move(world, procedure, to, note=note)
        assert moved.stage == to
        assert moved.steps.last().stage == to
    else:
        with pytest.raises(ValidationError) as error:
            move(world, procedure, to, note=note)
        assert "nicht möglich" in error.value.message_dict["to"][0]


def test_the_full_path_to_the_certificate(world, procedure):
    move(world, procedure, Stage.RECEIVED)
    with pytest.raises(ValidationError) as error:
        move(world, procedure, Stage.COMPLETE)
    assert error.value.message_dict["to"][0].startswith(
        "Es fehlen noch Unterlagen: Gültiger Pass oder Passersatz, "
    )
    all_documents(world, procedure)
    for to in (Stage.COMPLETE, Stage.CHECKS, Stage.DECISION, Stage.CONCLUDED):
        move(world, procedure, to)
    procedure.refresh_from_db()
    assert procedure.stage == Stage.CONCLUDED
    assert [s.stage for s in procedure.steps.all()] == [
        "counselling", "received", "complete", "checks", "decision", "concluded"
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="procedure.move").count() == 5
    assert AuditEvent.objects.filter(
        action="procedure.document", person_id=procedure.person_id
    ).count() == len(svc.checklist(procedure.kind))


def test_rejection_and_withdrawal_need_a_reason(world, procedure):
    move(world, procedure, Stage.RECEIVED)
    for to in (Stage.REJECTED, Stage.WITHDRAWN):
        with pytest.raises(ValidationError) as error:
            move(world, procedure, to)
        assert error.value.message_dict["note"] == ["Bitte den Grund angeben."]
    assert move(world, procedure, Stage.REJECTED, note="Lebensunterhalt nicht gesichert").stage == (
        Stage.REJECTED
    )


def test_dates_in_the_future_or_before_the_last_step_are_refused(world, procedure):
    with pytest.raises(ValidationError) as error:
        move(world, procedure, Stage.RECEIVED, on=timezone.localdate() + timedelta(days=1))
    assert "Zukunft" in error.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as error:
        move(world, procedure, Stage.RECEIVED, on=date(2000, 1, 1))
    assert "vor dem letzten Schritt" in error.value.message_dict["on"][0]


def test_a_stale_version_is_refused(world, procedure):
    old = procedure.version
    move(world, procedure, Stage.RECEIVED)
    with pytest.raises(StaleEdit):
        svc.procedure_move(
            actor=get_actor(world.authority), procedure=procedure, version=old, to=Stage.COMPLETE
        )


def test_the_checklist_says_what_is_present_and_missing(world, procedure):
    svc.document_mark(
        actor=get_actor(world.authority),
        procedure=procedure,
        code="passport",
        received_on=date(2026, 1, 5),
    )
    state = {row["code"]: row["received_on"] for row in svc.documents_state(procedure)}
    assert state["passport"] == date(2026, 1, 5)
    assert state["test_certificate"] is None
    with pytest.raises(ValidationError):
        svc.document_mark(
            actor=get_actor(world.authority),
            procedure=procedure,
            code="school_reports",
            received_on=date(2026, 1, 5),
        )
    svc.document_mark(
        actor=get_actor(world.authority), procedure=procedure, code="passport", received_on=None
    )
    assert "Gültiger Pass oder Passersatz" in svc.missing_documents(procedure)


@pytest.mark.parametrize("username", ["cm", "lead", "coordination", "outsider", "data_protection"])
def test_only_the_authority_runs_procedures(world, procedure, username):
    actor = get_actor(getattr(world, username))
    assert not svc.may_run_procedures(actor)
    assert not svc.visible_procedures(actor).exists()
    with pytest.raises(NotAllowed):
        svc.procedure_move(
            actor=actor, procedure=procedure, version=procedure.version, to=Stage.RECEIVED
        )
    with pytest.raises(NotAllowed):
        svc.procedure_open(
            actor=actor,
            person=procedure.person,
            unit=world.unit_authority,
            kind=Procedure.Kind.NATURALISATION,
        )


def test_the_authority_cannot_open_a_procedure_for_a_person_it_does_not_see(world):
    stranger = register_person(world.cm, world.unit_a, family_name="Fremd")
    with pytest.raises(NotAllowed):
        svc.procedure_open(
            actor=get_actor(world.authority),
            person=stranger,
            unit=world.unit_authority,
            kind=Procedure.Kind.YOUNG,
        )
