"""Bodies (Gremien), their members, meetings with agenda, results, decisions and tasks.

Writes belong to the coordination (`steering.manage`); a task's owner may mark it
done. Every write is audited. Members are people of the administration, welfare
providers, migrant organisations and politics – not clients: their names are
shown to those who read the bodies, their e-mail addresses only to the coordination.
"""

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.ics import ics_event
from kim.steering.models import AgendaItem, Body, BodyMember, Meeting, MeetingTask, StructuralIssue

# --- who ---------------------------------------------------------------------------------


def may_manage_bodies(actor: Actor) -> bool:
    from kim.steering.abilities import may_manage_issues

    return may_manage_issues(actor)


def may_read_bodies(actor: Actor) -> bool:
    from kim.steering.abilities import may_read_all_issues

    return may_read_all_issues(actor)


def _require_manage(actor: Actor, tenant_id: int | None = None) -> None:
    if not may_manage_bodies(actor) or (tenant_id is not None and tenant_id != actor.tenant_id):
        raise NotAllowed


# --- reads -------------------------------------------------------------------------------


def visible_bodies(actor: Actor) -> QuerySet[Body]:
    if not may_read_bodies(actor):
        return Body.objects.none()
    return Body.objects.filter(tenant_id=actor.tenant_id)


def visible_meetings(actor: Actor) -> QuerySet[Meeting]:
    if not may_read_bodies(actor):
        return Meeting.objects.none()
    return Meeting.objects.filter(tenant_id=actor.tenant_id)


def open_tasks_of(actor: Actor) -> QuerySet[MeetingTask]:
    """The actor's own open tasks from meetings, soonest first."""
    if actor.tenant_id is None or actor.user is None:
        return MeetingTask.objects.none()
    return (
        MeetingTask.objects.filter(
            tenant_id=actor.tenant_id, owner_id=actor.user.pk, done_on__isnull=True
        )
        .select_related("meeting", "meeting__body")
        .order_by("due_on", "id")
    )


# --- bodies ------------------------------------------------------------------------------


def _body_values(**given) -> dict:
    values = {
        "name": (given["name"] or "").strip(),
        "kind": given["kind"],
        "purpose": (given["purpose"] or "").strip(),
        "started_on": given["started_on"],
        "state": given.get("state") or Body.State.ACTIVE,
    }
    errors = {}
    if not values["name"]:
        errors["name"] = _("Bitte einen Namen angeben.")
    if values["kind"] not in Body.Kind.values:
        errors["kind"] = _("Bitte eine Art wählen.")
    if not values["purpose"]:
        errors["purpose"] = _("Bitte den Zweck des Gremiums angeben.")
    if values["started_on"] is None:
        errors["started_on"] = _("Bitte angeben, seit wann das Gremium besteht.")
    if values["state"] not in Body.State.values:
        errors["state"] = _("Bitte einen Stand wählen.")
    if errors:
        raise ValidationError(errors)
    return values


def _body_snapshot(body: Body) -> dict:
    return {k: getattr(body, k) for k in ("name", "kind", "purpose", "started_on", "state")}


@transaction.atomic
def body_create(*, actor: Actor, **given) -> Body:
    _require_manage(actor)
    body = Body.objects.create(tenant_id=actor.tenant_id, **_body_values(**given))
    audit(actor=actor, action="body.create", obj=body, changes=diff({}, _body_snapshot(body)))
    return body


@transaction.atomic
def body_update(*, actor: Actor, body: Body, version: int, **given) -> Body:
    _require_manage(actor, body.tenant_id)
    current = Body.objects.select_for_update().get(pk=body.pk)
    if current.version != version:
        raise StaleEdit(current)
    before = _body_snapshot(current)
    for name, value in _body_values(**given).items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="body.update",
        obj=current,
        changes=diff(before, _body_snapshot(current)) | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    body: Body,
    name: str,
    sector: str,
    joined_on: date,
    organisation: str = "",
    role: str = "",
    email: str = "",
) -> BodyMember:
    _require_manage(actor, body.tenant_id)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Bitte den Namen angeben.")
    if sector not in BodyMember.Sector.values:
        errors["sector"] = _("Bitte einen Bereich wählen.")
    if joined_on is None:
        errors["joined_on"] = _("Bitte angeben, seit wann die Person Mitglied ist.")
    if errors:
        raise ValidationError(errors)
    member = BodyMember.objects.create(
        tenant_id=body.tenant_id,
        body=body,
        name=name,
        sector=sector,
        joined_on=joined_on,
        organisation=(organisation or "").strip(),
        role=(role or "").strip(),
        email=(email or "").strip(),
    )
    audit(actor=actor, action="body.member_add", obj=body, changes={"member": member.pk})
    return member


@transaction.atomic
def member_leave(*, actor: Actor, member: BodyMember, on: date) -> BodyMember:
    _require_manage(actor, member.tenant_id)
    if on < member.joined_on:
        raise ValidationError({"on": _("Das Ausscheiden liegt vor dem Beitritt.")})
    BodyMember.objects.filter(pk=member.pk).update(left_on=on)
    member.left_on = on
    audit(
        actor=actor,
        action="body.member_leave",
        obj=member.body,
        changes={"member": member.pk, "left_on": on.isoformat()},
    )
    return member


# --- meetings ----------------------------------------------------------------------------


def _meeting_times(starts_at: datetime | None, ends_at: datetime | None, place: str) -> dict:
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("Bitte Datum und Uhrzeit des Beginns angeben.")
    if ends_at is None:
        errors["ends_at"] = _("Bitte das Ende angeben.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("Das Ende liegt vor dem Beginn.")
    if not (place or "").strip():
        errors["place"] = _("Bitte den Ort angeben (oder „Videokonferenz“).")
    if errors:
        raise ValidationError(errors)
    return {"starts_at": starts_at, "ends_at": ends_at, "place": place.strip()}


@transaction.atomic
def meeting_create(
    *, actor: Actor, body: Body, starts_at: datetime, ends_at: datetime, place: str
) -> Meeting:
    _require_manage(actor, body.tenant_id)
    if body.state == Body.State.ENDED:
        raise ValidationError(_("Das Gremium ist beendet; es tagt nicht mehr."))
    meeting = Meeting.objects.create(
        tenant_id=body.tenant_id,
        body=body,
        uid=f"{uuid.uuid4()}@kim-plattform",
        **_meeting_times(starts_at, ends_at, place),
    )
    audit(actor=actor, action="meeting.create", obj=meeting, changes={"body": body.pk})
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Actor,
    meeting: Meeting,
    version: int,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    state: str,
    minutes: str = "",
) -> Meeting:
    _require_manage(actor, meeting.tenant_id)
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.version != version:
        raise StaleEdit(current)
    values = _meeting_times(starts_at, ends_at, place)
    if state not in Meeting.State.values:
        raise ValidationError({"state": _("Bitte einen Stand wählen.")})
    if state == Meeting.State.HELD and values["starts_at"] > timezone.now():
        raise ValidationError(
            {"state": _("Eine Sitzung in der Zukunft hat noch nicht stattgefunden.")}
        )
    before = {"starts_at": current.starts_at, "place": current.place, "state": current.state}
    for name, value in values.items():
        setattr(current, name, value)
    current.state, current.minutes = state, (minutes or "").strip()
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="meeting.update",
        obj=current,
        changes=diff(
            before, {"starts_at": current.starts_at, "place": current.place, "state": state}
        )
        | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, meeting: Meeting, title: str, issue: StructuralIssue | None = None
) -> AgendaItem:
    _require_manage(actor, meeting.tenant_id)
    title = (title or "").strip() or (issue.title if issue else "")
    if not title:
        raise ValidationError({"title": _("Bitte den Tagesordnungspunkt benennen.")})
    if issue is not None and issue.tenant_id != meeting.tenant_id:
        raise ValidationError({"issue": _("Bitte nur Strukturthemen dieser Kommune wählen.")})
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("position"))["n"] or 0
    item = AgendaItem.objects.create(
        tenant_id=meeting.tenant_id, meeting=meeting, position=last + 1, title=title, issue=issue
    )
    audit(
        actor=actor,
        action="meeting.agenda_add",
        obj=meeting,
        changes={"item": item.pk, "issue": issue.pk if issue else None},
    )
    return item


@transaction.atomic
def agenda_item_record(*, actor: Actor, item: AgendaItem, result: str, decision: str) -> AgendaItem:
    _require_manage(actor, item.tenant_id)
    before = {"result": item.result, "decision": item.decision}
    AgendaItem.objects.filter(pk=item.pk).update(
        result=(result or "").strip(), decision=(decision or "").strip()
    )
    item.refresh_from_db()
    audit(
        actor=actor,
        action="meeting.agenda_record",
        obj=item.meeting,
        changes={"item": item.pk}
        | diff(before, {"result": item.result, "decision": item.decision}),
    )
    return item


@transaction.atomic
def task_add(
    *,
    actor: Actor,
    meeting: Meeting,
    what: str,
    due_on: date,
    owner=None,
    owner_name: str = "",
    item: AgendaItem | None = None,
) -> MeetingTask:
    _require_manage(actor, meeting.tenant_id)
    errors = {}
    what = (what or "").strip()
    if not what:
        errors["what"] = _("Bitte die Aufgabe beschreiben.")
    if owner is None and not (owner_name or "").strip():
        errors["owner"] = _("Bitte angeben, wer die Aufgabe übernimmt.")
    if owner is not None and owner.tenant_id != meeting.tenant_id:
        errors["owner"] = _("Bitte nur Personen dieser Kommune wählen.")
    if due_on is None:
        errors["due_on"] = _("Bitte ein Fälligkeitsdatum angeben.")
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = _("Der Tagesordnungspunkt gehört zu einer anderen Sitzung.")
    if errors:
        raise ValidationError(errors)
    task = MeetingTask.objects.create(
        tenant_id=meeting.tenant_id,
        meeting=meeting,
        item=item,
        what=what,
        owner=owner,
        owner_name=(owner_name or "").strip(),
        due_on=due_on,
    )
    audit(actor=actor, action="meeting.task_add", obj=meeting, changes={"task": task.pk})
    return task


@transaction.atomic
def task_done(*, actor: Actor, task: MeetingTask, on: date | None = None) -> MeetingTask:
    """The coordination, or the task's owner, marks it done."""
    own = actor.user is not None and task.owner_id == actor.user.pk
    if task.tenant_id != actor.tenant_id or not (own or may_manage_bodies(actor)):
        raise NotAllowed
    on = on or timezone.localdate()
    MeetingTask.objects.filter(pk=task.pk).update(done_on=on)
    task.done_on = on
    audit(actor=actor, action="meeting.task_done", obj=task.meeting, changes={"task": task.pk})
    return task


# --- the calendar file -------------------------------------------------------------------


def meeting_ics(meeting: Meeting, items: list[AgendaItem]) -> str:
    """The invitation as an iCalendar file (one VEVENT, times in UTC)."""
    agenda = "\n".join(f"{item.position}. {item.title}" for item in items)
    return ics_event(
        product="Gremien",
        uid=meeting.uid,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.body.name,
        location=meeting.place,
        description=_("Tagesordnung:") + "\n" + agenda if agenda else "",
        cancelled=meeting.state == Meeting.State.CANCELLED,
        sequence=meeting.version,
    )
