"""Appointments of a procedure: the authority invites the person (to counselling, to
hand in the application or documents, to receive the certificate), and may cancel. The
invitation goes out as a calendar file and as a letter (kim.residence.letters)."""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.ics import ics_event
from kim.residence.models import Procedure, ProcedureAppointment
from kim.residence.procedures import FINAL, visible_procedures


def _require(actor: Actor, procedure: Procedure) -> None:
    if not visible_procedures(actor).filter(pk=procedure.pk).exists():
        raise NotAllowed


@transaction.atomic
def appointment_create(
    *,
    actor: Actor,
    procedure: Procedure,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    bring: str = "",
) -> ProcedureAppointment:
    _require(actor, procedure)
    place = (place or "").strip()
    errors = {}
    if procedure.stage in FINAL:
        errors["__all__"] = _("Das Verfahren ist abgeschlossen; neue Termine gibt es nicht mehr.")
    if purpose not in ProcedureAppointment.Purpose.values:
        errors["purpose"] = _("Bitte den Anlass des Termins wählen.")
    if starts_at < timezone.now():
        errors["starts_at"] = _("Der Termin darf nicht in der Vergangenheit liegen.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
    if not place:
        errors["place"] = _("Bitte den Ort angeben.")
    if errors:
        raise ValidationError(errors)
    appointment = ProcedureAppointment.objects.create(
        tenant_id=procedure.tenant_id,
        procedure=procedure,
        purpose=purpose,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        bring=(bring or "").strip(),
        uid=f"{uuid.uuid4()}@kim-plattform",
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="procedure.appointment_create",
        obj=procedure,
        person_id=procedure.person_id,
        unit_id=procedure.unit_id,
        changes={"appointment": appointment.pk, "purpose": purpose},
    )
    return appointment


@transaction.atomic
def appointment_cancel(
    *, actor: Actor, appointment: ProcedureAppointment, reason: str = ""
) -> ProcedureAppointment:
    procedure = appointment.procedure
    _require(actor, procedure)
    current = ProcedureAppointment.objects.select_for_update().get(pk=appointment.pk)
    if current.cancelled_at is not None:
        raise ValidationError(_("Der Termin ist bereits abgesagt."))
    current.cancelled_at = timezone.now()
    current.cancelled_by = actor.user
    current.cancel_reason = (reason or "").strip()
    current.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit(
        actor=actor,
        action="procedure.appointment_cancel",
        obj=procedure,
        person_id=procedure.person_id,
        unit_id=procedure.unit_id,
        changes={"appointment": current.pk},
    )
    return current


def appointment_ics(appointment: ProcedureAppointment, unit_name: str) -> str:
    """The invitation for the person's calendar: what, where, what to bring – no name,
    the file may end up in any calendar service."""
    procedure = appointment.procedure
    description = [
        _("Verfahren: %(kind)s") % {"kind": procedure.get_kind_display()},
        _("Anlass: %(purpose)s") % {"purpose": appointment.get_purpose_display()},
    ]
    if appointment.bring:
        description += ["", _("Bitte mitbringen:"), appointment.bring]
    return ics_event(
        product="Verfahren",
        uid=appointment.uid,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=_("Termin bei %(unit)s: %(purpose)s")
        % {"unit": unit_name, "purpose": appointment.get_purpose_display()},
        location=appointment.place,
        description="\n".join(description),
        cancelled=appointment.cancelled_at is not None,
        sequence=1 if appointment.cancelled_at else 0,
    )
