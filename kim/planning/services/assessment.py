"""Assessment versions: a re-assessment is a new version, never an edit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import StaleEdit
from kim.planning.models import Assessment, AssessmentItem, Barrier
from kim.planning.services.barriers import barrier_flag
from kim.planning.services.common import locked_case, not_in_future, require, same_tenant


def _item_snapshot(items) -> dict:
    """Flat {"<field of action>.<aspect>": value}, so that the audit diff shows each change."""
    return {
        f"{item.field.name}.{aspect}": getattr(item, aspect)
        for item in items
        for aspect in AssessmentItem.ASPECTS
        if getattr(item, aspect)
    }


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    case: Case,
    based_on: int,
    assessed_on: date,
    items: list[dict],
    note: str = "",
    barrier: dict | None = None,
) -> Assessment:
    """Record a new version of the case's assessment.

    `based_on` is the number of the version the user started from (0 for the
    first); if someone recorded a newer one meanwhile, StaleEdit carries it.
    `items` are dicts with field, situation, needs, resources, urgency; empty
    ones are left out. `barrier` optionally holds the arguments of
    `barrier_flag` for a barrier noticed during the assessment.
    """
    case = locked_case(case.pk)
    require(actor, case, "assess")
    previous = (
        Assessment.objects.filter(case=case)
        .select_related("created_by")
        .prefetch_related("items__field")
        .order_by("-number")
        .first()
    )
    if (previous.number if previous else 0) != based_on:
        raise StaleEdit(previous)
    not_in_future("assessed_on", assessed_on, _("Ein Assessment kann nicht in der Zukunft liegen."))
    assessment = Assessment(
        tenant_id=case.tenant_id,
        case=case,
        number=based_on + 1,
        assessed_on=assessed_on,
        note=note,
        created_by=actor.user,
    )
    rows = _assessment_items(case, assessment, items)
    assessment.full_clean(exclude=["tenant", "case", "created_by"])
    assessment.save()
    for row in rows:
        row.assessment = assessment
    AssessmentItem.objects.bulk_create(rows)
    changes = diff(_item_snapshot(previous.items.all()) if previous else {}, _item_snapshot(rows))
    audit(
        actor=actor,
        action="assessment.create",
        obj=assessment,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=changes | {"case": case.number, "number": [based_on or None, assessment.number]},
    )
    if barrier:
        barrier_flag(
            actor=actor,
            case=case,
            source=Barrier.Source.ASSESSMENT,
            source_id=assessment.pk,
            **barrier,
        )
    return assessment


def _assessment_items(case: Case, assessment: Assessment, items: list[dict]) -> list:
    rows, seen = [], set()
    for data in items:
        values = {aspect: (data.get(aspect) or "").strip() for aspect in AssessmentItem.ASPECTS}
        if not any(values.values()):
            continue
        field = data["field"]
        same_tenant(case, field=field)
        if field.pk in seen:
            raise ValidationError(
                _("Das Handlungsfeld %(name)s ist doppelt angegeben.") % {"name": field.name}
            )
        seen.add(field.pk)
        row = AssessmentItem(tenant_id=case.tenant_id, assessment=assessment, field=field, **values)
        try:
            row.full_clean(exclude=["tenant", "assessment"])
        except ValidationError as error:
            raise ValidationError(
                [f"{field.name}: {message}" for message in error.messages]
            ) from error
        rows.append(row)
    if not rows:
        raise ValidationError(_("Bitte schätzen Sie mindestens ein Handlungsfeld ein."))
    return rows
