"""The coordination's pages. Counts only: nothing here names or links a person or a case."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.views import crumbs
from kim.steering.abilities import may_manage_issues
from kim.steering.forms import BarrierOverviewForm
from kim.steering.selectors import (
    DIMENSIONS,
    barrier_overview,
    barrier_years,
    may_see_barrier_overview,
)
from kim.steering.suppression import COMPLEMENT, TOTAL

DEFAULT_ROWS, DEFAULT_COLUMNS = "category", "quarter"


@login_required
def barrier_overview_page(request):
    actor = get_actor(request.user)
    if not may_see_barrier_overview(actor):
        raise Http404
    years = barrier_years(actor)
    initial = {"jahr": years[0], "zeilen": DEFAULT_ROWS, "spalten": DEFAULT_COLUMNS}
    form = BarrierOverviewForm(request.GET or None, years=years, initial=initial)
    choice = dict(initial)
    if form.is_bound and form.is_valid():
        choice = form.cleaned_data
    overview = barrier_overview(actor, year=int(choice["jahr"]))
    grid = display_grid(overview, choice["zeilen"], choice["spalten"])
    return render(
        request,
        "steering/barriers.html",
        {
            "form": form,
            "year": overview.year,
            "grid": grid,
            "threshold": overview.protected.threshold,
            "row_label": DIMENSIONS[choice["zeilen"]],
            "col_label": DIMENSIONS[choice["spalten"]],
            "chart": chart_data(grid) if choice["spalten"] == "quarter" else None,
            "can_create_issue": may_manage_issues(actor),
            "nav_active": "barriers",
            "breadcrumbs": crumbs((_("Hürden in der Kommune"), None)),
        },
    )


def display_grid(overview, row_dim: str, col_dim: str) -> dict:
    """The table as the page shows it: every entry with its text, the margins included."""

    def entry(row, col):
        return overview.entry(row_dim, row, col_dim, col)

    cols = overview.labels[col_dim]
    body = [
        {"label": label, "cells": [entry(key, col) for col, _l in cols], "total": entry(key, TOTAL)}
        for key, label in overview.labels[row_dim]
    ]
    totals = [entry(TOTAL, col) for col, _l in cols]
    total = entry(TOTAL, TOTAL)
    every = [cell for row in body for cell in (*row["cells"], row["total"])] + [*totals, total]
    return {
        "columns": [label for _key, label in cols],
        "rows": body,
        "totals": totals,
        "total": total,
        "complement": any(cell.hidden == COMPLEMENT for cell in every),
    }


def chart_data(grid: dict) -> dict:
    """The trend chart's data: the numbers the table shows, hidden ones as gaps."""
    return {
        "labels": grid["columns"],
        "datasets": [
            {"label": row["label"], "data": [cell.value for cell in row["cells"]]}
            for row in grid["rows"]
            if any(cell.value for cell in row["cells"])
        ],
    }


@login_required
def coordination_overview(request):
    """The coordination's overview: priority themes, open recommendations, upcoming
    meetings, tasks due and the barrier trend of the year – counts only."""
    from django.utils import timezone

    from kim.steering.abilities import may_read_all_issues
    from kim.steering.bodies import open_tasks_of, visible_meetings
    from kim.steering.issue_states import Status
    from kim.steering.issues import visible_issues
    from kim.steering.models import Meeting
    from kim.steering.recommendations import OPEN, visible_recommendations

    actor = get_actor(request.user)
    if not may_read_all_issues(actor):
        raise Http404
    today = timezone.localdate()
    overview = barrier_overview(actor, year=today.year)
    trend = display_grid(overview, "category", "quarter")
    priority = (
        visible_issues(actor)
        .filter(status__in=[Status.PRIORITISED, Status.IN_WORK, Status.RECOMMENDATION])
        .select_related("owner")
        .order_by("status", "title")
    )
    counts = dict(visible_issues(actor).values_list("status").annotate(n=Count("id")).order_by())
    return render(
        request,
        "steering/overview.html",
        {
            "priority": list(priority),
            "issue_counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "recommendations": list(
                visible_recommendations(actor)
                .filter(status__in=OPEN)
                .select_related("body")
                .order_by("-created_at")[:10]
            ),
            "meetings": list(
                visible_meetings(actor)
                .filter(starts_at__gte=timezone.now(), state=Meeting.State.PLANNED)
                .select_related("body")
                .order_by("starts_at")[:5]
            ),
            "tasks": list(open_tasks_of(actor)),
            "year": today.year,
            "grid": trend,
            "chart": chart_data(trend),
            "threshold": overview.protected.threshold,
            "nav_active": "overview",
            "breadcrumbs": crumbs((_("Überblick der Koordination"), None)),
        },
    )
