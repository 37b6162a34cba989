"""Reads of the authority's procedures for its pages: the list with what each row needs
in one query, and the procedure page (audited as a read of the person's data)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.people.selectors.person import visible_persons
from kim.residence.models import Procedure, ProcedureAppointment, ProcedureDocument
from kim.residence.procedures import FINAL, checklist, documents_state, visible_procedures

OPEN = "offen"
ALL = "alle"
OPEN_STAGES = [stage for stage in Procedure.Stage.values if stage not in FINAL]
# Sort keys of the list: the age of the procedure (days open) and the time in the stage.
SORTS = {
    "alter": ("opened_on", "id"),
    "-alter": ("-opened_on", "-id"),
    "stand": ("stage_since", "id"),
    "-stand": ("-stage_since", "-id"),
}


def procedure_rows(actor: Actor, *, kind: str = "", stage: str = OPEN, sort: str = "alter"):
    """The actor's procedures with the number of documents present and the next
    appointment, oldest first by default; open ones unless a stage (or all) is asked for."""
    procedures = visible_procedures(actor)
    if kind in Procedure.Kind.values:
        procedures = procedures.filter(kind=kind)
    if stage in Procedure.Stage.values:
        procedures = procedures.filter(stage=stage)
    elif stage != ALL:
        procedures = procedures.filter(stage__in=OPEN_STAGES)
    present = (
        ProcedureDocument.objects.filter(procedure=OuterRef("pk"), received_on__isnull=False)
        .order_by()
        .values("procedure")
        .annotate(n=Count("id"))
        .values("n")
    )
    upcoming = (
        ProcedureAppointment.objects.filter(
            procedure=OuterRef("pk"), cancelled_at__isnull=True, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return (
        procedures.select_related("person")
        .annotate(
            present_count=Coalesce(Subquery(present, output_field=IntegerField()), Value(0)),
            next_appointment=Subquery(upcoming),
        )
        .order_by(*SORTS.get(sort, SORTS["alter"]))
    )


def days_open(procedure: Procedure, today: date) -> int:
    """Until today, or until the day it ended."""
    end = procedure.stage_since if procedure.stage in FINAL else today
    return (end - procedure.opened_on).days


def missing_count(procedure: Procedure) -> int:
    """Of a row of `procedure_rows` (documents present are counted there)."""
    return max(len(checklist(procedure.kind)) - procedure.present_count, 0)


@dataclass
class ProcedurePage:
    procedure: Procedure
    steps: list
    documents: list[dict]
    appointments: list[ProcedureAppointment]
    person_visible: bool

    @property
    def missing(self) -> list[str]:
        return [row["label"] for row in self.documents if row["received_on"] is None]


def procedure_of(actor: Actor, pk: int) -> Procedure:
    """One of the actor's procedures with what its page shows (DoesNotExist otherwise)."""
    return (
        visible_procedures(actor)
        .select_related("person", "person__town", "unit", "unit__organisation", "referral__unit")
        .get(pk=pk)
    )


def procedure_page(actor: Actor, procedure: Procedure) -> ProcedurePage:
    """Everything on the procedure page; audited as a read of the person's data."""
    audit(
        actor=actor,
        action="procedure.view",
        obj=procedure,
        person_id=procedure.person_id,
        unit_id=procedure.unit_id,
    )
    return ProcedurePage(
        procedure=procedure,
        steps=list(procedure.steps.select_related("by")),
        documents=documents_state(procedure),
        appointments=list(procedure.appointments.select_related("cancelled_by")),
        person_visible=visible_persons(actor).filter(pk=procedure.person_id).exists(),
    )


def person_procedures(actor: Actor, person) -> QuerySet[Procedure]:
    """The person's procedures at the actor's authority (for the person page)."""
    return visible_procedures(actor).filter(person=person).order_by("-opened_on", "-id")
