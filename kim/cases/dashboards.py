"""Start page sections of case management, and the same figures for the team lead."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case, Contact
from kim.cases.phases import STEPS, Phase
from kim.cases.selectors import incoming_handovers, my_cases, visible_cases
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.permissions import CASE_DOCUMENT, CASE_MANAGE, CASE_VIEW, STATISTICS_VIEW
from kim.core.slots import PERSON_DETAIL, START, Section, register


def no_contact_days(actor: Actor) -> int:
    """The tenant's time without contact after which a case needs attention."""
    from kim.core.models import Tenant

    return (
        Tenant.objects.filter(pk=actor.tenant_id)
        .values_list("followup_no_contact_days", flat=True)
        .first()
        or 42
    )


def due_condition(days: int, today=None) -> Q:
    today = today or timezone.localdate()
    limit = today - timedelta(days=days)
    return Q(last_contact_on__lt=limit) | Q(last_contact_on__isnull=True, opened_on__lt=limit)


@register(START)
def my_cases_section(actor: Actor, obj=None) -> Section | None:
    if not actor.has(CASE_VIEW) or actor.user is None:
        return None
    # What is due is shown by the follow-ups section; this one lists the cases.
    mine = my_cases(actor).select_related("person", "unit", "case_manager")
    recent = list(mine.order_by("-last_contact_on", "-opened_on")[:10])
    return Section("cases/start_mine.html", 10, {"recent": recent, "open_count": mine.count()})


@register(START)
def unit_overview_section(actor: Actor, obj=None) -> Section | None:
    if not actor.has(CASE_MANAGE):
        return None
    units = actor.units(CASE_MANAGE)
    cases = visible_cases(actor).filter(unit_id__in=units, status=Case.Status.OPEN)
    month_start = timezone.localdate().replace(day=1)
    days = no_contact_days(actor)
    per_manager = (
        cases.values("case_manager__first_name", "case_manager__last_name", "case_manager_id")
        .annotate(open=Count("id"), due=Count("id", filter=due_condition(days)))
        .order_by("case_manager__last_name", "case_manager__first_name")
    )
    totals = cases.aggregate(open=Count("id"), due=Count("id", filter=due_condition(days)))
    by_phase = dict(cases.values_list("phase").annotate(n=Count("id")).order_by())
    opened_this_month = (
        visible_cases(actor).filter(unit_id__in=units, opened_on__gte=month_start).count()
    )
    contacts_this_month = Contact.objects.filter(
        tenant_id=actor.tenant_id, case__unit_id__in=units, date__gte=month_start
    ).count()
    return Section(
        "cases/start_unit.html",
        5,
        {
            "per_manager": list(per_manager),
            "totals": totals,
            "per_phase": [
                (phase, Phase(phase).label, by_phase.get(phase, 0))
                for phase in (*STEPS, Phase.PAUSED)
            ],
            "opened_this_month": opened_this_month,
            "contacts_this_month": contacts_this_month,
            "unit_names": [actor.unit_names[u] for u in sorted(units) if u in actor.unit_names],
            "no_contact_days": days,
        },
    )


@register(START)
def incoming_handovers_section(actor: Actor, obj=None) -> Section | None:
    """Übergaben an Sie: cases other case managers want to hand to the actor or their unit."""
    if not actor.has(CASE_DOCUMENT) or actor.user is None:
        return None
    # Only the parties the table shows: the API's decided-by columns would make this
    # a ten-table join on every start page.
    handovers = list(
        incoming_handovers(actor)
        .select_related(None)
        .select_related("case__person", "from_user", "from_unit", "to_user", "to_unit")[:50]
    )
    if not handovers:
        return None
    audit(
        actor=actor,
        action="handover.list",
        changes={
            "ids": [h.pk for h in handovers],
            "person_ids": [h.case.person_id for h in handovers],
        },
    )
    return Section("cases/start_handovers.html", 2, {"handovers": handovers})


def suppress(value: int, threshold: int) -> str:
    """Small numbers never identify people: below the threshold show "< n"."""
    return f"< {threshold}" if 0 < value < threshold else str(value)


@register(START)
def key_figures_section(actor: Actor, obj=None) -> Section | None:
    """Anonymous tenant-wide figures for the coordination (no case content)."""
    if not actor.has(STATISTICS_VIEW):
        return None
    from kim.core.models import Tenant

    threshold = (
        Tenant.objects.only("disclosure_threshold").get(pk=actor.tenant_id).disclosure_threshold
    )
    year_start = timezone.localdate().replace(month=1, day=1)
    cases = Case.objects.filter(tenant_id=actor.tenant_id)
    figures = cases.aggregate(
        open=Count("id", filter=Q(status=Case.Status.OPEN)),
        opened_this_year=Count("id", filter=Q(opened_on__gte=year_start)),
        closed_this_year=Count("id", filter=Q(closed_on__gte=year_start)),
    )
    contacts = Contact.objects.filter(tenant_id=actor.tenant_id, date__gte=year_start).count()
    return Section(
        "cases/start_figures.html",
        20,
        {
            "figures": [
                (label, suppress(value, threshold))
                for label, value in [
                    (_("Offene Fälle"), figures["open"]),
                    (_("Eröffnet seit Jahresbeginn"), figures["opened_this_year"]),
                    (_("Abgeschlossen seit Jahresbeginn"), figures["closed_this_year"]),
                    (_("Beratungskontakte seit Jahresbeginn"), contacts),
                ]
            ],
            "threshold": threshold,
        },
    )


@register(PERSON_DETAIL)
def person_cases_section(actor: Actor, person) -> Section | None:
    if not actor.has(CASE_VIEW):
        return None
    cases = list(
        visible_cases(actor)
        .filter(person=person)
        .select_related("unit", "case_manager")
        .order_by("-opened_on")
    )
    return Section("cases/person_cases.html", 10, {"cases": cases})
