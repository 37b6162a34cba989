"""The half-year report: created by the coordination, written in the background from
the bodies' work, the issues, recommendations and reconstructions, edited, written
again; failures are recorded, not raised; every write audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent
from kim.steering import report as svc
from kim.steering.models import (
    SteeringReport,
)

from .reports import create


def test_a_new_report_proposes_the_half_year_and_the_writer(world):
    actor = get_actor(world.coordination)
    values = svc.proposed(actor, today=date(2026, 7, 20))
    assert (values["year"], values["half"]) == (2026, 1)
    assert svc.proposed(actor, today=date(2026, 11, 21))["half"] == 2
    assert svc.proposed(actor, today=date(2027, 1, 10))["year"] == 2026
    assert values["committee"] == "Integrationsausschuss"
    assert values["proposal"] == "Kenntnisnahme ohne Beschluss"
    assert values["resolution_quality"] == "Entgegennahme o. B."
    assert values["clerk_email"] == world.coordination.email
    assert "halbjährliche Berichterstattung" in values["reason"]


def test_the_draft_is_written_from_the_data(
    steering, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = create(steering.world)
    report.refresh_from_db()
    assert report.state == SteeringReport.State.READY
    assert report.progress == 100
    assert report.title == (
        "Kommunales Integrationsmanagement: Bericht aus dem Lenkungskreis Integration, "
        "1. Halbjahr 2026"
    )
    text = report.explanation
    assert "## Bericht aus dem Lenkungskreis Integration" in text
    assert "Dem Lenkungskreis Integration gehören 3 Mitglieder an" in text
    assert "Die Sitzung am 28.04.2026 befasste sich mit „Gesundheitliche Versorgung" in text
    assert "Beschluss: Angebots- und Maßnahmenpaket erarbeiten." in text
    assert "„Clearingstelle Gesundheit“ – Stand: eingebracht (seit 02.05.2026)" in text
    assert "VO/0565/26" in text
    assert "Die nächste Sitzung ist für den 10.09.2026 geplant." in text
    assert "1. Gesundheitliche Versorgung von EU-Zugewanderten (priorisiert)" in text
    assert "AK EU (Arbeitsgruppe, Start geplant September 2026, aktiv)" in text
    # Members are counted by sector, never listed with their names.
    assert "Vera Vorsitz" not in text
    tables = {t["key"] for t in report.figures["tables"]}
    assert tables == {"cases", "fields", "target_groups", "referrals"}


def test_a_report_before_the_half_year_ends_shows_the_last_whole_half_year_figures():
    assert svc.figures_half_year(2026, 2, date(2026, 11, 21)) == (2026, 1)
    assert svc.figures_half_year(2026, 1, date(2026, 5, 16)) == (2025, 2)
    assert svc.figures_half_year(2026, 1, date(2026, 7, 1)) == (2026, 1)


def test_editing_keeps_versions_and_is_audited(
    steering, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = create(steering.world)
    report.refresh_from_db()
    actor = get_actor(steering.world.coordination)
    edited = svc.report_update(
        actor=actor,
        report=report,
        version=report.version,
        explanation="## Eigener Text\nGekürzt.",
        approvals="Dr. Beispiel",
    )
    assert edited.version == report.version + 1
    with pytest.raises(StaleEdit):
        svc.report_update(actor=actor, report=report, version=report.version, approvals="x")
    with pytest.raises(ValidationError) as error:
        svc.report_update(actor=actor, report=edited, version=edited.version, title="  ")
    assert error.value.message_dict["title"] == ["Bitte einen Titel angeben."]
    event = AuditEvent.objects.filter(action="steering_report.update").get()
    assert set(event.changes) >= {"explanation", "approvals", "version"}


def test_figures_are_written_again_without_touching_the_text(
    steering, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = create(steering.world)
    report.refresh_from_db()
    actor = get_actor(steering.world.coordination)
    report = svc.report_update(
        actor=actor, report=report, version=report.version, explanation="Mein Text."
    )
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_regenerate(actor=actor, report=report, version=report.version, what="figures")
    report.refresh_from_db()
    assert report.explanation == "Mein Text."
    assert report.state == SteeringReport.State.READY
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_regenerate(actor=actor, report=report, version=report.version, what="all")
    report.refresh_from_db()
    assert "## Bericht aus dem Lenkungskreis Integration" in report.explanation
    assert AuditEvent.objects.filter(action="steering_report.regenerate").count() == 2


def test_a_failure_is_recorded_on_the_report(
    steering, immediate, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(svc, "key_figures", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = create(steering.world)
    report.refresh_from_db()
    assert report.state == SteeringReport.State.FAILED
    assert "kaputt" in report.error
    # Trying again works once the cause is gone.
    monkeypatch.undo()
    actor = get_actor(steering.world.coordination)
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_regenerate(actor=actor, report=report, version=report.version, what="all")
    report.refresh_from_db()
    assert report.state == SteeringReport.State.READY


def test_while_it_is_written_it_cannot_be_edited(steering):
    report = create(steering.world)  # no worker: it waits
    actor = get_actor(steering.world.coordination)
    with pytest.raises(ValidationError):
        svc.report_update(actor=actor, report=report, version=report.version, approvals="x")
    with pytest.raises(ValidationError):
        svc.report_regenerate(actor=actor, report=report, version=report.version, what="all")


@pytest.mark.parametrize("username", ["lead", "cm", "authority", "outsider", "data_protection"])
def test_only_the_coordination_writes_reports(steering, username):
    actor = get_actor(getattr(steering.world, username))
    with pytest.raises(NotAllowed):
        svc.report_create(actor=actor, year=2026, half=1, dated_on=date(2026, 7, 1))


def test_bad_periods_get_german_messages(world):
    actor = get_actor(world.coordination)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        svc.report_create(actor=actor, year=today.year + 1, half=1, dated_on=today)
    assert "Bitte ein Jahr zwischen 2020 und" in error.value.message_dict["year"][0]
    future_half = 2 if today.month <= 6 else None
    if future_half:
        with pytest.raises(ValidationError) as error:
            svc.report_create(actor=actor, year=today.year, half=2, dated_on=today)
        assert error.value.message_dict["half"] == ["Dieses Halbjahr hat noch nicht begonnen."]
    with pytest.raises(ValidationError) as error:
        svc.report_create(
            actor=actor, year=2026, half=1, dated_on=today - timedelta(days=1), committee=" "
        )
    assert error.value.message_dict["committee"] == [
        "Bitte das Gremium nennen, dem berichtet wird."
    ]
