"""Key figures of case management for the half-year report: counts only, protected
against disclosure before they are stored or shown.

Four tables, each a cross-tabulation with its margins, protected with the joint
suppression of `suppression.py` (small counts "< n", further entries "gesperrt" so
that none can be computed back from totals or differences):

1. cases accompanied in the half-year: carried over / opened in it × closed in it /
   still open at its end – so opened, closed and active cases are all read off one
   table and its margins;
2. fields of action of those cases × carried over / new (several per case);
3. target groups of those cases × carried over / new (several per case);
4. referrals sent in the half-year: where they stand now × quarter of sending.

Only rows and columns with counts enter a table: an empty line would tell the
reader that its hidden entries are zeros. The tables are stored as shown, so the
report never holds a number that may not be shown.
"""

from collections import Counter
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import formats
from django.utils.translation import gettext as _

from kim.cases.models import Case, TargetGroup
from kim.core.models import FieldOfAction, Tenant
from kim.network.models import Referral
from kim.network.referral_states import Outcome, Status
from kim.steering.suppression import COMPLEMENT, TOTAL, Margins, Table, protect

CARRIED, NEW = "carried", "new"
CLOSED, STILL_OPEN = "closed", "open"
NONE = "none"


def half_year(year: int, half: int) -> tuple[date, date]:
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def key_figures(tenant_id: int, year: int, half: int) -> dict:
    """The four tables of the half-year as they may be shown (eight queries)."""
    start, end = half_year(year, half)
    threshold = Tenant.objects.filter(pk=tenant_id).values_list("disclosure_threshold", flat=True)[
        0
    ]
    end_text = formats.date_format(end, "d.m.Y")
    begin_labels = [(CARRIED, _("fortgeführt")), (NEW, _("im Halbjahr eröffnet"))]
    tables = [
        _cases_table(tenant_id, start, end, threshold, end_text),
        _per_case_table(
            tenant_id,
            "fields",
            "fieldofaction_id",
            key="fields",
            title=_("Handlungsfelder der begleiteten Fälle"),
            row_head=_("Handlungsfeld"),
            labels=dict(
                FieldOfAction.objects.filter(tenant_id=tenant_id)
                .order_by("position", "name")
                .values_list("pk", "name")
            ),
            none_label=_("ohne Handlungsfeld"),
            start=start,
            end=end,
            threshold=threshold,
            cols=begin_labels,
        ),
        _per_case_table(
            tenant_id,
            "target_groups",
            "targetgroup_id",
            key="target_groups",
            title=_("Zielgruppen der begleiteten Fälle"),
            row_head=_("Zielgruppe"),
            labels=dict(
                TargetGroup.objects.filter(tenant_id=tenant_id)
                .order_by("position", "name")
                .values_list("pk", "name")
            ),
            none_label=_("ohne Zielgruppe"),
            start=start,
            end=end,
            threshold=threshold,
            cols=begin_labels,
        ),
        _referrals_table(tenant_id, year, half, start, end, threshold),
    ]
    return {
        "year": year,
        "half": half,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "threshold": threshold,
        "tables": tables,
    }


def _accompanied(start: date, end: date, prefix: str = "") -> Q:
    """Cases open at some time in the half-year."""
    return Q(**{f"{prefix}opened_on__lte": end}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": start})
    )


def _cases_table(tenant_id, start, end, threshold, end_text) -> dict:
    rows = Case.objects.filter(_accompanied(start, end), tenant_id=tenant_id).aggregate(
        carried_closed=Count("id", filter=Q(opened_on__lt=start, closed_on__lte=end)),
        carried_open=Count(
            "id", filter=Q(opened_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        ),
        new_closed=Count("id", filter=Q(opened_on__gte=start, closed_on__lte=end)),
        new_open=Count(
            "id",
            filter=Q(opened_on__gte=start) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        ),
    )
    cells = {
        (CARRIED, CLOSED): rows["carried_closed"],
        (CARRIED, STILL_OPEN): rows["carried_open"],
        (NEW, CLOSED): rows["new_closed"],
        (NEW, STILL_OPEN): rows["new_open"],
    }
    return _shown(
        key="cases",
        title=_("Begleitete Fälle im Halbjahr"),
        note=_(
            "Fälle, die im Halbjahr mindestens einen Tag offen waren: aus dem vorigen "
            "Zeitraum fortgeführt oder neu eröffnet, im Halbjahr abgeschlossen oder am "
            "Ende des Halbjahres weiter offen."
        ),
        row_head=_("Fälle"),
        rows=[
            (CARRIED, _("aus dem vorigen Zeitraum fortgeführt")),
            (NEW, _("im Halbjahr eröffnet")),
        ],
        cols=[
            (CLOSED, _("im Halbjahr abgeschlossen")),
            (STILL_OPEN, _("am %(day)s offen") % {"day": end_text}),
        ],
        cells=cells,
        threshold=threshold,
    )


def _per_case_table(
    tenant_id,
    relation,
    id_field,
    *,
    key,
    title,
    row_head,
    labels,
    none_label,
    start,
    end,
    threshold,
    cols,
) -> dict:
    """Entries of a many-to-many of the accompanied cases (fields of action, target
    groups) × carried over / new; cases without an entry are a row of their own."""
    through = getattr(Case, relation).through.objects.filter(case__tenant_id=tenant_id)
    grouped = (
        through.filter(_accompanied(start, end, "case__"))
        .values(id_field)
        .annotate(
            carried=Count("id", filter=Q(case__opened_on__lt=start)),
            new=Count("id", filter=Q(case__opened_on__gte=start)),
        )
        .order_by()
    )
    cells: dict = {}
    for row in grouped:
        cells[(row[id_field], CARRIED)] = row["carried"]
        cells[(row[id_field], NEW)] = row["new"]
    without = (
        Case.objects.filter(_accompanied(start, end), tenant_id=tenant_id)
        .filter(**{f"{relation}__isnull": True})
        .aggregate(
            carried=Count("id", filter=Q(opened_on__lt=start)),
            new=Count("id", filter=Q(opened_on__gte=start)),
        )
    )
    cells[(NONE, CARRIED)] = without["carried"]
    cells[(NONE, NEW)] = without["new"]
    return _shown(
        key=key,
        title=title,
        note=_("Mehrfachnennungen möglich: Summen zählen Nennungen, nicht Fälle."),
        row_head=row_head,
        rows=[*labels.items(), (NONE, none_label)],
        cols=cols,
        cells=cells,
        threshold=threshold,
    )


REFERRAL_ROWS = [
    "open",
    Outcome.RECEIVED,
    Outcome.PARTLY,
    Outcome.NOT_TAKEN_UP,
    Outcome.NOT_POSSIBLE,
    "completed",
    Status.DECLINED,
    Status.CANCELLED,
]


def _referral_row(status: str, outcome: str) -> str:
    if status == Status.COMPLETED:
        return outcome or "completed"
    if status in (Status.DECLINED, Status.CANCELLED):
        return status
    return "open"


def _referrals_table(tenant_id, year, half, start, end, threshold) -> dict:
    grouped = (
        Referral.objects.filter(
            tenant_id=tenant_id, sent_at__date__gte=start, sent_at__date__lte=end
        )
        .exclude(status=Status.DRAFT)
        .annotate(month=ExtractMonth("sent_at"))
        .values_list("month", "status", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells: Counter = Counter()
    for month, status, outcome, n in grouped:
        cells[(_referral_row(status, outcome), (month - 1) // 3 + 1)] += n
    first = 1 if half == 1 else 3
    labels = {
        "open": _("noch offen bei der Partnerstelle"),
        Outcome.RECEIVED: _("abgeschlossen: %(outcome)s") % {"outcome": Outcome.RECEIVED.label},
        Outcome.PARTLY: _("abgeschlossen: %(outcome)s") % {"outcome": Outcome.PARTLY.label},
        Outcome.NOT_TAKEN_UP: _("abgeschlossen: %(outcome)s")
        % {"outcome": Outcome.NOT_TAKEN_UP.label},
        Outcome.NOT_POSSIBLE: _("abgeschlossen: %(outcome)s")
        % {"outcome": Outcome.NOT_POSSIBLE.label},
        "completed": _("abgeschlossen ohne Rückmeldung"),
        Status.DECLINED: _("von der Partnerstelle abgelehnt"),
        Status.CANCELLED: _("abgebrochen"),
    }
    return _shown(
        key="referrals",
        title=_("Vermittlungen an Partnerstellen"),
        note=_("Im Halbjahr gesendete Vermittlungen nach ihrem heutigen Stand."),
        row_head=_("Stand"),
        rows=[(row, labels[row]) for row in REFERRAL_ROWS],
        cols=[
            (q, _("%(q)s. Quartal %(year)s") % {"q": q, "year": year}) for q in (first, first + 1)
        ],
        cells=dict(cells),
        threshold=threshold,
    )


def _shown(*, key, title, note, row_head, rows, cols, cells, threshold) -> dict:
    """Protect one table with its margins; returns it as text, as every output shows it."""
    row_totals: Counter = Counter()
    col_totals: Counter = Counter()
    for (row, col), n in cells.items():
        row_totals[row] += n
        col_totals[col] += n
    rows = [(k, label) for k, label in rows if row_totals[k] > 0]
    cols = [(k, label) for k, label in cols if col_totals[k] > 0]
    table = Table(
        "rows",
        "cols",
        [k for k, _label in rows],
        [k for k, _label in cols],
        {cell: n for cell, n in cells.items() if n},
    )
    margins = Margins(
        totals={"rows": dict(row_totals), "cols": dict(col_totals)},
        grand_total=sum(row_totals.values()),
    )
    # A table of a single row or column is protected as a table all the same: its
    # entries equal its margins, and the line rule still applies to the other way.
    protected = protect([table], margins, threshold)
    show = protected.shown

    def text(value: int, reason: str) -> str:
        shown = show(value, reason)
        return _("gesperrt") if shown.hidden == COMPLEMENT else shown.text

    def cell(row, col) -> str:
        if row is TOTAL and col is TOTAL:
            return text(margins.grand_total, margins.grand_hidden)
        if col is TOTAL:
            return text(row_totals[row], margins.hidden.get(("rows", row), ""))
        if row is TOTAL:
            return text(col_totals[col], margins.hidden.get(("cols", col), ""))
        return text(table.value(row, col), table.hidden.get((row, col), ""))

    body = [
        {"label": str(label), "cells": [cell(r, c) for c, _l in cols] + [cell(r, TOTAL)]}
        for r, label in rows
    ]
    total = [cell(TOTAL, c) for c, _l in cols] + [cell(TOTAL, TOTAL)]
    shown = {entry for line in body for entry in line["cells"]} | set(total)
    return {
        "key": key,
        "title": str(title),
        "note": str(note),
        "row_head": str(row_head),
        "cols": [str(label) for _k, label in cols] + [_("Summe")],
        "rows": body,
        "total": total,
        "small": any(entry.startswith("<") for entry in shown),
        "complement": _("gesperrt") in shown,
    }
