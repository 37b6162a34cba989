"""Recommendations of bodies: drafted → submitted (to the committee, the council or the
administration) → adopted or rejected → implemented. Every step is a history row with
the date, who, the paper that carried it and a note; every write is audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.steering.bodies import may_manage_bodies, may_read_bodies
from kim.steering.models import Body, Recommendation, RecommendationStep

Status = Recommendation.Status

TRANSITIONS = {
    Status.DRAFTED: [Status.SUBMITTED],
    Status.SUBMITTED: [Status.ADOPTED, Status.REJECTED],
    Status.ADOPTED: [Status.IMPLEMENTED],
    Status.REJECTED: [],
    Status.IMPLEMENTED: [],
}
OPEN = frozenset({Status.DRAFTED, Status.SUBMITTED, Status.ADOPTED})


def allowed_transitions(status: str) -> list[str]:
    return list(TRANSITIONS.get(status, []))


def visible_recommendations(actor: Actor) -> QuerySet[Recommendation]:
    if not may_read_bodies(actor):
        return Recommendation.objects.none()
    return Recommendation.objects.filter(tenant_id=actor.tenant_id)


def _require_manage(actor: Actor, tenant_id: int) -> None:
    if not may_manage_bodies(actor) or tenant_id != actor.tenant_id:
        raise NotAllowed


@transaction.atomic
def recommendation_create(
    *, actor: Actor, body: Body, addressee: str, title: str, text: str, issues=()
) -> Recommendation:
    _require_manage(actor, body.tenant_id)
    title, text, issues = (title or "").strip(), (text or "").strip(), list(issues)
    errors = {}
    if not title:
        errors["title"] = _("Bitte einen Titel angeben.")
    if not text:
        errors["text"] = _("Bitte die Empfehlung formulieren.")
    if addressee not in Recommendation.Addressee.values:
        errors["addressee"] = _("Bitte angeben, an wen die Empfehlung geht.")
    if any(issue.tenant_id != body.tenant_id for issue in issues):
        errors["issues"] = _("Bitte nur Strukturthemen dieser Kommune wählen.")
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        tenant_id=body.tenant_id, body=body, addressee=addressee, title=title, text=text
    )
    recommendation.issues.set(issues)
    RecommendationStep.objects.create(
        tenant_id=body.tenant_id,
        recommendation=recommendation,
        status=Status.DRAFTED,
        changed_on=timezone.localdate(),
        changed_by=actor.user,
    )
    audit(
        actor=actor,
        action="recommendation.create",
        obj=recommendation,
        changes={"body": body.pk, "issues": [i.pk for i in issues]},
    )
    return recommendation


@transaction.atomic
def recommendation_move(
    *,
    actor: Actor,
    recommendation: Recommendation,
    version: int,
    to: str,
    on: date | None = None,
    document: str = "",
    note: str = "",
) -> Recommendation:
    _require_manage(actor, recommendation.tenant_id)
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.version != version:
        raise StaleEdit(current)
    on = on or timezone.localdate()
    document, note = (document or "").strip(), (note or "").strip()
    errors = {}
    if to not in allowed_transitions(current.status):
        errors["to"] = _("Dieser Schritt ist vom Stand „%(status)s“ aus nicht möglich.") % {
            "status": current.get_status_display()
        }
    if to in (Status.SUBMITTED, Status.ADOPTED, Status.REJECTED) and not document:
        errors["document"] = _("Bitte die Vorlage oder Drucksache angeben, die sie trug.")
    if to == Status.REJECTED and not note:
        errors["note"] = _("Bitte den Grund der Ablehnung angeben.")
    if on > timezone.localdate():
        errors["on"] = _("Das Datum darf nicht in der Zukunft liegen.")
    if errors:
        raise ValidationError(errors)
    before = current.status
    current.status = to
    current.version += 1
    current.save()
    RecommendationStep.objects.create(
        tenant_id=current.tenant_id,
        recommendation=current,
        status=to,
        changed_on=on,
        changed_by=actor.user,
        document=document,
        note=note,
    )
    audit(
        actor=actor,
        action="recommendation.move",
        obj=current,
        changes={"status": [before, to], "document": document, "on": on.isoformat()},
    )
    return current
