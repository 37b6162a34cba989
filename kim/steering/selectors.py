"""Reads of the steering level: counts only, never a person or a case."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.actor import Actor
from kim.core.models import FieldOfAction, Tenant, Town, Unit
from kim.planning.models import Barrier, BarrierCategory, LegalDomain
from kim.planning.sections import may_see_barrier_counts
from kim.steering.suppression import TOTAL, Margins, Protected, Shown, Table, protect

NO_TOWN = "none"

# The dimensions a barrier is counted by, in the order the page offers them.
DIMENSIONS = {
    "category": gettext_lazy("Art der Hürde"),
    "quarter": gettext_lazy("Quartal"),
    "field": gettext_lazy("Handlungsfeld"),
    "legal_domain": gettext_lazy("Rechtskreis"),
    "town": gettext_lazy("Ort"),
    "unit": gettext_lazy("Einheit"),
}
ROW_DIMENSIONS = ["category", "field", "legal_domain"]


def may_see_barrier_overview(actor: Actor) -> bool:
    return actor.tenant_id is not None and may_see_barrier_counts(actor)


def threshold_of(actor: Actor) -> int:
    return Tenant.objects.only("disclosure_threshold").get(pk=actor.tenant_id).disclosure_threshold


def barrier_years(actor: Actor) -> list[int]:
    """The years with barriers, newest first, and always the current one (one query)."""
    years = {
        d.year
        for d in Barrier.objects.filter(tenant_id=actor.tenant_id)
        .dates("flagged_on", "year")
        .order_by()
    }
    years.add(date.today().year)
    return sorted(years, reverse=True)


@dataclass
class Overview:
    """All tables of one year, protected together (they share their margins)."""

    year: int
    labels: dict[str, list[tuple[object, str]]]  # dimension → [(key, label)] in order
    protected: Protected

    def entry(self, row_dim: str, row, col_dim: str, col) -> Shown:
        """One entry of the table row_dim × col_dim as it may be shown; `TOTAL` for a
        margin. A table whose dimension has a single used value is its margins."""
        margins = self.protected.margins
        show = self.protected.shown
        if row is TOTAL and col is TOTAL:
            return show(margins.grand_total, margins.grand_hidden)
        if col is TOTAL or row is TOTAL:
            dim, key = (row_dim, row) if col is TOTAL else (col_dim, col)
            return show(margins.totals[dim].get(key, 0), margins.hidden.get((dim, key), ""))
        table = self._table(row_dim, col_dim)
        if table is not None:
            cell = (row, col) if table.row_dim == row_dim else (col, row)
            return show(table.value(*cell), table.hidden.get(cell, ""))
        # No table of its own: one of the dimensions has a single value with counts.
        if len(_used(margins, col_dim)) <= 1:
            if margins.totals[col_dim].get(col, 0) == 0:
                return show(0, "")
            return self.entry(row_dim, row, col_dim, TOTAL)
        if margins.totals[row_dim].get(row, 0) == 0:
            return show(0, "")
        return self.entry(row_dim, TOTAL, col_dim, col)

    def _table(self, row_dim: str, col_dim: str) -> Table | None:
        for table in self.protected.tables:
            if {table.row_dim, table.col_dim} == {row_dim, col_dim}:
                return table
        return None


def _used(margins: Margins, dim: str) -> list:
    return [key for key, n in margins.totals[dim].items() if n > 0]


def barrier_overview(actor: Actor, *, year: int) -> Overview:
    """The barriers of the actor's tenant flagged in the year, counted by every pair of
    dimensions, small numbers suppressed across all tables at once. Counts only: the
    query groups in the database and returns no case, person or free text."""
    rows = (
        Barrier.objects.filter(tenant_id=actor.tenant_id, flagged_on__year=year)
        .annotate(month=ExtractMonth("flagged_on"))
        .values_list(
            "category_id",
            "month",
            "field_id",
            "legal_domain",
            "case__person__town_id",
            "case__unit_id",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    records: Counter = Counter()
    for category, month, field, domain, town, unit, n in rows:
        quarter = (month - 1) // 3 + 1
        records[(category, quarter, field, domain, town or NO_TOWN, unit)] += n
    labels = _labels(actor, records)
    dims = list(DIMENSIONS)
    margins = Margins(totals={dim: Counter() for dim in dims}, grand_total=sum(records.values()))
    for record, n in records.items():
        for dim, key in zip(dims, record, strict=True):
            margins.totals[dim][key] += n
    tables = []
    for row_dim in ROW_DIMENSIONS:
        for col_dim in dims:
            if col_dim == row_dim or (
                col_dim in ROW_DIMENSIONS and dims.index(col_dim) < dims.index(row_dim)
            ):
                continue
            if len(_used(margins, row_dim)) <= 1 or len(_used(margins, col_dim)) <= 1:
                # Nothing but its margins (e.g. every barrier in the same town): protecting
                # it as a table of its own would only spread suppression to other tables.
                continue
            i, j = dims.index(row_dim), dims.index(col_dim)
            cells: Counter = Counter()
            for record, n in records.items():
                cells[(record[i], record[j])] += n
            tables.append(
                Table(
                    row_dim,
                    col_dim,
                    [key for key, _label in labels[row_dim]],
                    [key for key, _label in labels[col_dim]],
                    dict(cells),
                )
            )
    return Overview(year, labels, protect(tables, margins, threshold_of(actor)))


def _labels(actor: Actor, records: Counter) -> dict[str, list[tuple[object, str]]]:
    """Every active catalogue entry, and inactive ones that were used (four queries)."""
    used = {dim: {record[i] for record in records} for i, dim in enumerate(DIMENSIONS)}
    tenant = actor.tenant_id
    categories = BarrierCategory.objects.filter(tenant_id=tenant).order_by("position", "name")
    fields = FieldOfAction.objects.filter(tenant_id=tenant).order_by("position", "name")
    towns = Town.objects.filter(tenant_id=tenant).order_by("name")
    units = Unit.objects.filter(tenant_id=tenant, pk__in=used["unit"]).order_by("name")
    town_labels = [(t.pk, t.name) for t in towns]
    if NO_TOWN in used["town"]:
        town_labels.append((NO_TOWN, _("ohne Ort")))
    return {
        "category": [(c.pk, c.name) for c in categories if c.active or c.pk in used["category"]],
        "quarter": [(q, _("%(q)s. Quartal") % {"q": q}) for q in range(1, 5)],
        "field": [(f.pk, f.name) for f in fields if f.active or f.pk in used["field"]],
        "legal_domain": [(value, str(label)) for value, label in LegalDomain.choices],
        "town": town_labels,
        "unit": [(u.pk, u.name) for u in units],
    }
