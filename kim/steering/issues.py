"""Structural issues: reads (permission-scoped) and writes (one function per use case,
each with its audit event). No personal data is read or written here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.planning.models import Barrier, LegalDomain
from kim.steering.issue_states import (
    Status,
    allowed_transitions,
    note_required,
    work_required,
)
from kim.steering.models import StructuralIssue, StructuralIssueNote, StructuralIssueStep
from kim.steering.selectors import barrier_overview

# --- reads -----------------------------------------------------------------------------


def _fed_by_user(user_id: int):
    """Issues naming a category of a barrier this user flagged (an indexable subquery)."""
    return Exists(
        Barrier.objects.filter(
            tenant_id=OuterRef("tenant_id"),
            created_by_id=user_id,
            category_id__in=StructuralIssue.categories.through.objects.filter(
                structuralissue_id=OuterRef(OuterRef("pk"))
            ).values("barriercategory_id"),
        )
    )


def visible_issues(actor: Actor) -> QuerySet[StructuralIssue]:
    from kim.steering.abilities import may_read_all_issues

    if actor.tenant_id is None:
        return StructuralIssue.objects.none()
    issues = StructuralIssue.objects.filter(tenant_id=actor.tenant_id)
    if may_read_all_issues(actor):
        return issues
    if actor.user is None:
        return StructuralIssue.objects.none()
    return issues.filter(_fed_by_user(actor.user.pk))


def fed_by(issue: StructuralIssue, actor: Actor) -> bool:
    if actor.user is None or actor.tenant_id != issue.tenant_id:
        return False
    return Barrier.objects.filter(
        tenant_id=issue.tenant_id,
        created_by_id=actor.user.pk,
        category__in=issue.categories.all(),
    ).exists()


def issues_fed_by(actor: Actor) -> QuerySet[StructuralIssue]:
    """The issues the actor's own barrier reports fed, for their start page."""
    if actor.tenant_id is None or actor.user is None:
        return StructuralIssue.objects.none()
    return StructuralIssue.objects.filter(tenant_id=actor.tenant_id).filter(
        _fed_by_user(actor.user.pk)
    )


# --- writes ----------------------------------------------------------------------------


def _require_manage(actor: Actor, tenant_id: int | None = None) -> None:
    from kim.steering.abilities import may_manage_issues

    if not may_manage_issues(actor) or (tenant_id is not None and tenant_id != actor.tenant_id):
        raise NotAllowed


def _clean(actor: Actor, **given) -> dict:
    """The issue's fields, checked and normalised; German messages per field."""
    tenant_id = actor.tenant_id
    values = {
        "title": (given["title"] or "").strip(),
        "description": (given["description"] or "").strip(),
        "owner": given["owner"],
        "legal_domains": sorted(set(given.get("legal_domains") or ())),
        "categories": list(given.get("categories") or ()),
        "fields": list(given.get("fields") or ()),
        "offices": list(given.get("offices") or ()),
    }
    errors = {}
    if not values["title"]:
        errors["title"] = _("Bitte einen Titel angeben.")
    if not values["description"]:
        errors["description"] = _("Bitte beschreiben, was strukturell nicht funktioniert.")
    if any(d not in LegalDomain.values for d in values["legal_domains"]):
        errors["legal_domains"] = _("Unbekannter Rechtskreis.")
    for name in ("categories", "fields", "offices"):
        if any(row.tenant_id != tenant_id for row in values[name]):
            errors[name] = _("Bitte nur Einträge dieser Kommune wählen.")
    owner = values["owner"]
    if owner is None or owner.tenant_id != tenant_id:
        errors["owner"] = _("Bitte eine verantwortliche Person der Koordination wählen.")
    if errors:
        raise ValidationError(errors)
    return values


def _apply(issue: StructuralIssue, values: dict) -> None:
    """Write the checked values: the row first, then its relations."""
    issue.title, issue.description = values["title"], values["description"]
    issue.owner, issue.legal_domains = values["owner"], values["legal_domains"]
    issue.save()
    issue.categories.set(values["categories"])
    issue.fields.set(values["fields"])
    issue.offices.set(values["offices"])


def _snapshot(issue: StructuralIssue) -> dict:
    return {
        "title": issue.title,
        "description": issue.description,
        "categories": sorted(c.pk for c in issue.categories.all()),
        "fields": sorted(f.pk for f in issue.fields.all()),
        "legal_domains": sorted(issue.legal_domains),
        "offices": sorted(o.pk for o in issue.offices.all()),
        "owner": issue.owner_id,
    }


def evidence_for(actor: Actor, categories, year: int) -> dict:
    """The overview's row of each category for the year (by quarter), exactly as the
    page shows it – suppressed values stay suppressed in the issue."""
    from kim.steering.suppression import TOTAL

    overview = barrier_overview(actor, year=year)
    quarters = overview.labels["quarter"]
    rows = []
    for category in categories:
        cells = [overview.entry("category", category.pk, "quarter", q) for q, _l in quarters]
        total = overview.entry("category", category.pk, "quarter", TOTAL)
        rows.append(
            {
                "category": category.name,
                "quarters": [c.text or _("gesperrt") for c in cells],
                "total": total.text or _("gesperrt"),
            }
        )
    return {
        "year": year,
        "quarters": [label for _q, label in quarters],
        "rows": rows,
        "threshold": overview.protected.threshold,
    }


@transaction.atomic
def issue_create(
    *,
    actor: Actor,
    title: str,
    description: str,
    owner,
    categories=(),
    fields=(),
    legal_domains=(),
    offices=(),
    evidence_year: int | None = None,
) -> StructuralIssue:
    _require_manage(actor)
    values = _clean(
        actor,
        title=title,
        description=description,
        owner=owner,
        categories=categories,
        fields=fields,
        legal_domains=legal_domains,
        offices=offices,
    )
    issue = StructuralIssue(
        tenant_id=actor.tenant_id,
        created_by=actor.user,
        evidence=evidence_for(actor, values["categories"], evidence_year)
        if values["categories"] and evidence_year
        else {},
    )
    _apply(issue, values)
    StructuralIssueStep.objects.create(
        tenant_id=actor.tenant_id, issue=issue, status=Status.REPORTED, changed_by=actor.user
    )
    audit(actor=actor, action="structural_issue.create", obj=issue, changes=_snapshot(issue))
    return issue


def _locked(issue: StructuralIssue) -> StructuralIssue:
    return StructuralIssue.objects.select_for_update().get(pk=issue.pk, tenant_id=issue.tenant_id)


@transaction.atomic
def issue_update(
    *,
    actor: Actor,
    issue: StructuralIssue,
    version: int,
    title: str,
    description: str,
    owner,
    categories=(),
    fields=(),
    legal_domains=(),
    offices=(),
) -> StructuralIssue:
    _require_manage(actor, issue.tenant_id)
    current = _locked(issue)
    if current.version != version:
        raise StaleEdit(current)
    values = _clean(
        actor,
        title=title,
        description=description,
        owner=owner,
        categories=categories,
        fields=fields,
        legal_domains=legal_domains,
        offices=offices,
    )
    before = _snapshot(current)
    current.version += 1
    _apply(current, values)
    audit(
        actor=actor,
        action="structural_issue.update",
        obj=current,
        changes=diff(before, _snapshot(current)) | {"version": [version, current.version]},
    )
    return current


@transaction.atomic
def issue_move(
    *,
    actor: Actor,
    issue: StructuralIssue,
    version: int,
    to: str,
    note: str = "",
    work: str = "",
    on: date | None = None,
) -> StructuralIssue:
    """One step along the path: the next status, or rejected; a new history row."""
    _require_manage(actor, issue.tenant_id)
    current = _locked(issue)
    if current.version != version:
        raise StaleEdit(current)
    on = on or timezone.localdate()
    note, work = (note or "").strip(), (work or "").strip()
    errors = {}
    if to not in allowed_transitions(current.status):
        errors["to"] = _("Dieser Schritt ist vom Stand „%(status)s“ aus nicht möglich.") % {
            "status": current.get_status_display()
        }
    if note_required(to) and not note:
        errors["note"] = (
            _("Bitte angeben, was entschieden wurde.")
            if to == Status.DECIDED
            else _("Bitte den Grund der Ablehnung angeben.")
        )
    if work_required(to) and not work:
        errors["work"] = _("Bitte das Projekt oder die Arbeitsgruppe angeben.")
    if on > timezone.localdate():
        errors["on"] = _("Das Datum darf nicht in der Zukunft liegen.")
    if errors:
        raise ValidationError(errors)
    before = current.status
    current.status = to
    if work:
        current.work = work[:200]
    current.version += 1
    current.save()
    StructuralIssueStep.objects.create(
        tenant_id=current.tenant_id,
        issue=current,
        status=to,
        changed_on=on,
        changed_by=actor.user,
        note=note,
    )
    audit(
        actor=actor,
        action="structural_issue.move",
        obj=current,
        changes={
            "status": [before, to],
            "on": on.isoformat(),
            "version": [version, current.version],
        },
    )
    return current


@transaction.atomic
def issue_add_note(*, actor: Actor, issue: StructuralIssue, text: str) -> StructuralIssueNote:
    _require_manage(actor, issue.tenant_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Bitte einen Text eingeben.")})
    note = StructuralIssueNote.objects.create(
        tenant_id=issue.tenant_id, issue=issue, text=text, added_by=actor.user
    )
    audit(actor=actor, action="structural_issue.note", obj=issue, changes={"note": note.pk})
    return note
