"""The half-year report to politics: create it (the draft is written in the
background), edit it, have it written again. Every write is audited.

The coordination (`steering.manage`) writes reports; whoever reads the bodies
(coordination, team leads) reads them. A report holds counts only, never a person.
"""

import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import Tenant
from kim.steering import report_draft as draft
from kim.steering.bodies import may_manage_bodies, may_read_bodies
from kim.steering.models import SteeringReport
from kim.steering.report_figures import half_year, key_figures

logger = logging.getLogger(__name__)

State = SteeringReport.State
ALL, FIGURES = "all", "figures"
# A report waiting longer than this for the worker gets a hint on its page.
WORKER_PATIENCE_SECONDS = 120
EDITABLE = [
    "title",
    "report_type",
    "department",
    "office",
    "clerk",
    "clerk_phone",
    "clerk_email",
    "dated_on",
    "document_number",
    "public",
    "committee",
    "meeting_on",
    "resolution_quality",
    "reason",
    "proposal",
    "approvals",
    "explanation",
    "climate",
    "climate_reason",
]
# Carried over from the tenant's last report into a new one: who writes, for whom.
CARRIED_OVER = [
    "report_type",
    "department",
    "office",
    "clerk",
    "clerk_phone",
    "clerk_email",
    "committee",
    "resolution_quality",
    "reason",
    "proposal",
    "approvals",
]


def may_manage_reports(actor: Actor) -> bool:
    return may_manage_bodies(actor)


def visible_reports(actor: Actor) -> QuerySet[SteeringReport]:
    if not may_read_bodies(actor):
        return SteeringReport.objects.none()
    return SteeringReport.objects.filter(tenant_id=actor.tenant_id)


def default_half_year(today: date) -> tuple[int, int]:
    """The half-year a report written today most likely covers: the one a month ago
    (a report in May for the June committee covers January to June; one in early
    July still the first half-year)."""
    before = today - timedelta(days=30)
    return before.year, 1 if before.month <= 6 else 2


def proposed(actor: Actor, today: date | None = None) -> dict:
    """What a new report starts with: the last finished half-year, the header of the
    tenant's previous report, else the writer's name and e-mail."""
    today = today or timezone.localdate()
    year, half = default_half_year(today)
    values = {"year": year, "half": half, "dated_on": today}
    previous = (
        SteeringReport.objects.filter(tenant_id=actor.tenant_id)
        .order_by("-created_at", "-id")
        .first()
    )
    if previous is not None:
        values |= {name: getattr(previous, name) for name in CARRIED_OVER}
    else:
        user = actor.user
        values |= {
            "clerk": user.get_full_name() if user else "",
            "clerk_email": user.email if user else "",
            "committee": SteeringReport._meta.get_field("committee").default,
            "resolution_quality": SteeringReport._meta.get_field("resolution_quality").default,
            "proposal": SteeringReport._meta.get_field("proposal").default,
            "report_type": SteeringReport._meta.get_field("report_type").default,
        }
        with translation.override("de"):
            values["reason"] = draft.default_reason(values["committee"])
    return values


def _require_manage(actor: Actor, tenant_id: int) -> None:
    if not may_manage_reports(actor) or tenant_id != actor.tenant_id:
        raise NotAllowed


def _clean(values: dict, *, today: date) -> dict:
    """Strip texts; German errors per field."""
    cleaned = {
        name: value.strip() if isinstance(value, str) else value for name, value in values.items()
    }
    errors = {}
    if "year" in cleaned and not (2020 <= (cleaned["year"] or 0) <= today.year):
        errors["year"] = _("Bitte ein Jahr zwischen 2020 und %(year)s angeben.") % {
            "year": today.year
        }
    if "half" in cleaned and cleaned["half"] not in SteeringReport.Half.values:
        errors["half"] = _("Bitte das 1. oder 2. Halbjahr wählen.")
    if (
        "year" in cleaned
        and "half" in cleaned
        and not errors
        and half_year(cleaned["year"], cleaned["half"])[0] > today
    ):
        errors["half"] = _("Dieses Halbjahr hat noch nicht begonnen.")
    if "dated_on" in cleaned and cleaned["dated_on"] is None:
        errors["dated_on"] = _("Bitte das Datum der Vorlage angeben.")
    if "committee" in cleaned and not cleaned["committee"]:
        errors["committee"] = _("Bitte das Gremium nennen, dem berichtet wird.")
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = _("Bitte einen Titel angeben.")
    if "climate" in cleaned and cleaned["climate"] not in SteeringReport.Climate.values:
        errors["climate"] = _("Bitte eine Angabe zum Klimacheck wählen.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def report_create(*, actor: Actor, year: int, half: int, **header) -> SteeringReport:
    """A new report; its draft is written in the background (`generate`)."""
    if actor.tenant_id is None:
        raise NotAllowed
    _require_manage(actor, actor.tenant_id)
    values = _clean({"year": year, "half": half, **header}, today=timezone.localdate())
    with transaction.atomic():
        report = SteeringReport(
            tenant_id=actor.tenant_id,
            created_by=actor.user,
            state=State.QUEUED,
            queued_at=timezone.now(),
            **{name: value for name, value in values.items() if value is not None},
        )
        if not report.title:
            report.title = _("Halbjahresbericht %(period)s") % {
                "period": draft.period_label(year, half)
            }
        report.save()
        audit(
            actor=actor,
            action="steering_report.create",
            obj=report,
            changes={"year": year, "half": half},
        )
        _enqueue(report.pk, ALL)
    return report


def report_update(*, actor: Actor, report: SteeringReport, version: int, **given) -> SteeringReport:
    _require_manage(actor, report.tenant_id)
    values = _clean(
        {name: value for name, value in given.items() if name in EDITABLE},
        today=timezone.localdate(),
    )
    with transaction.atomic():
        current = SteeringReport.objects.select_for_update().get(pk=report.pk)
        if current.version != version:
            raise StaleEdit(current)
        if current.state in (State.QUEUED, State.RUNNING):
            raise ValidationError(
                _("Der Bericht wird gerade erstellt. Bitte warten Sie, bis er fertig ist.")
            )
        before = {name: _plain(getattr(current, name)) for name in values}
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        after = {name: _plain(getattr(current, name)) for name in values}
        audit(
            actor=actor,
            action="steering_report.update",
            obj=current,
            changes=diff(before, after) | {"version": [version, current.version]},
        )
    return current


def report_regenerate(
    *, actor: Actor, report: SteeringReport, version: int, what: str
) -> SteeringReport:
    """Have the figures, or the whole draft, written again from today's data. "all"
    replaces the explanation; the header and the other texts stay."""
    _require_manage(actor, report.tenant_id)
    if what not in (ALL, FIGURES):
        raise ValidationError(_("Unbekannte Auswahl."))
    with transaction.atomic():
        current = SteeringReport.objects.select_for_update().get(pk=report.pk)
        if current.version != version:
            raise StaleEdit(current)
        if current.state in (State.QUEUED, State.RUNNING):
            raise ValidationError(_("Der Bericht wird bereits erstellt."))
        current.state = State.QUEUED
        current.progress = 0
        current.progress_step = ""
        current.error = ""
        current.queued_at = timezone.now()
        current.version += 1
        current.save()
        audit(actor=actor, action="steering_report.regenerate", obj=current, changes={"what": what})
        _enqueue(current.pk, what)
    return current


def _enqueue(report_id: int, what: str) -> None:
    from kim.steering.tasks import build_steering_report

    transaction.on_commit(lambda: build_steering_report.enqueue(report_id, what))


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# --- the background work --------------------------------------------------------------------


def _step(report_id: int, percent: int, label: str) -> None:
    """Visible at once to the page that polls: an update outside any transaction."""
    SteeringReport.objects.filter(pk=report_id).update(progress=percent, progress_step=label)


def generate(report_id: int, what: str = ALL) -> str:
    """Write the report's draft (or only its figures) from the data; returns the state.
    A failure is recorded on the report, not raised: the page offers to try again."""
    report = SteeringReport.objects.filter(pk=report_id).first()
    if report is None or report.state not in (State.QUEUED, State.FAILED):
        return report.state if report else ""
    SteeringReport.objects.filter(pk=report_id).update(state=State.RUNNING, progress=1)
    try:
        with translation.override("de"):
            values = _build(report, what)
    except Exception as error:  # recorded on the report, shown as a German message
        logger.exception("Bericht %s konnte nicht erstellt werden", report_id)
        SteeringReport.objects.filter(pk=report_id).update(
            state=State.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        return State.FAILED
    SteeringReport.objects.filter(pk=report_id).update(
        state=State.READY,
        progress=100,
        progress_step="",
        error="",
        updated_at=timezone.now(),
        **values,
    )
    return State.READY


def figures_half_year(year: int, half: int, today: date) -> tuple[int, int]:
    """The half-year whose key figures a report shows: its own once it has ended, else
    the one before. Figures only ever cover whole half-years, so two reports can never
    be subtracted from each other to reveal the counts of a few weeks."""
    if half_year(year, half)[1] < today:
        return year, half
    return (year, 1) if half == 2 else (year - 1, 2)


def _build(report: SteeringReport, what: str) -> dict:
    tenant_id, year, half = report.tenant_id, report.year, report.half
    today = timezone.localdate()
    until = min(report.dated_on, today)
    figures_year, figures_half = figures_half_year(year, half, today)
    values: dict = {}
    if what == ALL:
        _step(report.pk, 10, _("Gremien und Sitzungen"))
        _start, end = draft.period(year, half, until)
        bodies = draft.steering_bodies(tenant_id, end)
        draft.prefetch_bodies(bodies)
        tenant = Tenant.objects.only("name").get(pk=tenant_id).name
        parts = [draft.intro(tenant, year, half, bodies, until)]
        parts += [draft.body_section(body, year, half, until) for body in bodies]
        _step(report.pk, 35, _("Fallrekonstruktionen"))
        parts.append(draft.reconstruction_section(tenant_id, year, half, until))
        _step(report.pk, 50, _("Schwerpunkte und Strukturthemen"))
        parts.append(draft.priorities_section(tenant_id, year, half, until))
        _step(report.pk, 60, _("Arbeitsgruppen"))
        parts.append(draft.groups_section(tenant_id, year, half, until))
        parts.append(draft.figures_paragraph(report.committee, figures_year, figures_half))
        values["explanation"] = "\n\n".join(part for part in parts if part)
        if not report.explanation or report.title.startswith(_("Halbjahresbericht")):
            values["title"] = draft.title(year, half, bodies[0] if bodies else None)
    _step(report.pk, 70, _("Kennzahlen aus dem Case Management"))
    values["figures"] = key_figures(tenant_id, figures_year, figures_half)
    values["figures_at"] = timezone.now()
    _step(report.pk, 95, _("Fertigstellen"))
    return values
