"""Small numbers never identify people: suppression of linked tables of counts.

The coordination sees barriers counted along several dimensions (category, field
of action, legal domain, quarter, town, unit). Every table is a cross-tabulation
of two dimensions with its margins: row totals, column totals and the grand
total. The tables of one period share their margins – the count per category is
the same in the table by quarter and in the table by town – so they are
protected together.

1. **Primary suppression**: every count with 0 < n < threshold is hidden ("< 5").
2. **Complementary suppression**: a hidden count must not be computable from what
   is shown. In a table with margins, each row and each column is an equation
   (the cells add up to the total). A hidden entry can be computed back exactly
   when it is not on a cycle of hidden entries – seen as a graph whose nodes are
   the rows and columns (the margins included) and whose edges are the hidden
   entries, an entry is determined exactly when it is a bridge. So further
   entries are hidden ("gesperrt") until no line holds a single hidden entry and
   no hidden entry is a bridge, in every table, with the margins hidden in one
   table hidden in all. The cheapest entry is chosen each time: an inner cell
   before a total (a total is shared by every table of the year, so hiding one
   spreads), a nonzero count before a zero, the smallest first.

3. **The tables together**: each table alone then gives nothing away, but tables
   sharing margins might together. An exact check (elimination over all hidden
   entries of the year, modulo a large prime) finds every entry the shown numbers
   pin down; beside each, one more entry is hidden, and the steps repeat.

Every combination of the dimensions can occur, so a hidden zero guards as well
as any other hidden count; zeros are hidden only where no nonzero cell can.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

SMALL = "small"  # below the threshold
COMPLEMENT = "complement"  # hidden so that a small count cannot be computed back

Key = Hashable


@dataclass
class Table:
    """Counts of `row_dim` × `col_dim`: cells[(row key, col key)], rows and cols in order."""

    row_dim: str
    col_dim: str
    rows: Sequence[Key]
    cols: Sequence[Key]
    cells: dict[tuple[Key, Key], int]
    hidden: dict[tuple[Key, Key], str] = field(default_factory=dict)

    def value(self, row: Key, col: Key) -> int:
        return self.cells.get((row, col), 0)


@dataclass
class Margins:
    """The totals per value of each dimension and the grand total, shared by every table."""

    totals: dict[str, dict[Key, int]]
    grand_total: int
    hidden: dict[tuple[str, Key], str] = field(default_factory=dict)
    grand_hidden: str = ""


@dataclass
class Protected:
    tables: list[Table]
    margins: Margins
    threshold: int

    def shown(self, value: int, reason: str) -> "Shown":
        if reason == SMALL:
            return Shown(None, f"< {self.threshold}", SMALL)
        if reason:
            return Shown(None, "", COMPLEMENT)
        return Shown(value, str(value), "")


@dataclass(frozen=True)
class Shown:
    """One entry as the page shows it: the number, or None when it is hidden."""

    value: int | None
    text: str  # "12", "< 5"; empty for complementary suppression (the page words it)
    hidden: str  # "", SMALL or COMPLEMENT


# A node of one table's graph: ("r", row key) or ("c", col key); the margins are the
# extra row ("r", TOTAL) and column ("c", TOTAL).
TOTAL = ("__total__",)


def protect(tables: list[Table], margins: Margins, threshold: int) -> Protected:
    """Hide what must be hidden in all the tables, in place; returns them for display."""
    if threshold > 1:
        for table in tables:
            for cell, n in table.cells.items():
                if 0 < n < threshold:
                    table.hidden[cell] = SMALL
        for dim, totals in margins.totals.items():
            for key, n in totals.items():
                if 0 < n < threshold:
                    margins.hidden[(dim, key)] = SMALL
        if 0 < margins.grand_total < threshold:
            margins.grand_hidden = SMALL
        while True:
            changed = True
            while changed:
                changed = False
                for table in tables:
                    changed |= _protect_table(table, margins)
            # Each table alone now gives nothing away; together they still might,
            # through the margins they share. The exact check decides.
            determined = _determined_jointly(tables, margins)
            if not determined or not _close_determined(tables, margins, determined):
                break
    return Protected(tables, margins, threshold)


class _Grid:
    """One table with its margins as a bipartite graph of hidden entries."""

    def __init__(self, table: Table, margins: Margins):
        self.table = table
        self.margins = margins
        self.rows = [*table.rows, TOTAL]
        self.cols = [*table.cols, TOTAL]

    def value(self, row, col) -> int:
        if row is TOTAL and col is TOTAL:
            return self.margins.grand_total
        if col is TOTAL:
            return self.margins.totals[self.table.row_dim].get(row, 0)
        if row is TOTAL:
            return self.margins.totals[self.table.col_dim].get(col, 0)
        return self.table.value(row, col)

    def is_hidden(self, row, col) -> bool:
        if row is TOTAL and col is TOTAL:
            return bool(self.margins.grand_hidden)
        if col is TOTAL:
            return (self.table.row_dim, row) in self.margins.hidden
        if row is TOTAL:
            return (self.table.col_dim, col) in self.margins.hidden
        return (row, col) in self.table.hidden

    def hide(self, row, col) -> None:
        if row is TOTAL and col is TOTAL:
            self.margins.grand_hidden = self.margins.grand_hidden or COMPLEMENT
        elif col is TOTAL:
            self.margins.hidden.setdefault((self.table.row_dim, row), COMPLEMENT)
        elif row is TOTAL:
            self.margins.hidden.setdefault((self.table.col_dim, col), COMPLEMENT)
        else:
            self.table.hidden.setdefault((row, col), COMPLEMENT)

    def lines(self):
        for row in self.rows:
            yield [(row, col) for col in self.cols]
        for col in self.cols:
            yield [(row, col) for row in self.rows]

    def cost(self, entry) -> tuple:
        row, col = entry
        margin = row is TOTAL or col is TOTAL
        value = self.value(row, col)
        # Inner cells before totals (a total is shared by every table of the year, so
        # hiding one spreads), nonzero before zero, small before large; then a stable
        # order, so that the same data always gives the same page.
        return (margin, value == 0, value, str(row), str(col))

    def hidden_edges(self) -> list[tuple]:
        return [(r, c) for r in self.rows for c in self.cols if self.is_hidden(r, c)]


def _protect_table(table: Table, margins: Margins) -> bool:
    grid = _Grid(table, margins)
    changed = False
    while True:
        if _close_single_lines(grid):
            changed = True
            continue
        bridge = _find_bridge(grid)
        if bridge is None or not _close_bridge(grid, bridge):
            return changed  # nothing left to hide (the whole table is hidden)
        changed = True


def _close_single_lines(grid: _Grid) -> bool:
    """A line with exactly one hidden entry gives it away: hide the cheapest other one."""
    changed = False
    for line in grid.lines():
        hidden = [entry for entry in line if grid.is_hidden(*entry)]
        if len(hidden) != 1:
            continue
        candidates = [entry for entry in line if not grid.is_hidden(*entry)]
        if candidates:
            grid.hide(*min(candidates, key=grid.cost))
            changed = True
    return changed


def _components(edges: list[tuple]) -> dict:
    """Connected components of the graph (node → component id)."""
    neighbours: dict = {}
    for row, col in edges:
        neighbours.setdefault(("r", row), []).append(("c", col))
        neighbours.setdefault(("c", col), []).append(("r", row))
    component: dict = {}
    for start in neighbours:
        if start in component:
            continue
        component[start] = start
        stack = [start]
        while stack:
            node = stack.pop()
            for other in neighbours[node]:
                if other not in component:
                    component[other] = start
                    stack.append(other)
    return component


def _find_bridge(grid: _Grid):
    """A hidden entry on no cycle of hidden entries (so computable), or None.
    Tarjan's bridge search: one depth-first walk, linear in the hidden entries."""
    edges = grid.hidden_edges()
    neighbours: dict = {}
    for row, col in edges:
        neighbours.setdefault(("r", row), []).append(("c", col))
        neighbours.setdefault(("c", col), []).append(("r", row))
    order: dict = {}
    low: dict = {}
    for root in neighbours:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, None, iter(neighbours[root]))]
        while stack:
            node, parent, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        row_node, col_node = (parent, node) if parent[0] == "r" else (node, parent)
                        return (row_node[1], col_node[1])
                continue
            if child == parent:
                continue  # the edge we came by (the graph has no parallel edges)
            if child in order:
                low[node] = min(low[node], order[child])
            else:
                order[child] = low[child] = len(order)
                stack.append((child, node, iter(neighbours[child])))
    return None


def _close_bridge(grid: _Grid, bridge: tuple) -> bool:
    """Hide the cheapest entry that puts the bridge on a cycle: one that joins the two
    sides the bridge separates. After the line rule each side has another row and
    column, so such an entry exists; failing that, grow a side by its cheapest entry."""
    rest = [e for e in grid.hidden_edges() if e != bridge]
    component = _components(rest)
    row_side = component.get(("r", bridge[0]), ("r", bridge[0]))
    col_side = component.get(("c", bridge[1]), ("c", bridge[1]))

    def side(node):
        return component.get(node, node)

    joining = [
        (row, col)
        for row in grid.rows
        for col in grid.cols
        if not grid.is_hidden(row, col)
        and {side(("r", row)), side(("c", col))} == {row_side, col_side}
    ]
    if joining:
        grid.hide(*min(joining, key=grid.cost))
        return True
    growing = [
        (row, col)
        for row in grid.rows
        for col in grid.cols
        if not grid.is_hidden(row, col) and (row == bridge[0] or col == bridge[1])
    ]
    if growing:
        grid.hide(*min(growing, key=grid.cost))
        return True
    return False


# --- the joint check -----------------------------------------------------------------------

PRIME = (1 << 61) - 1  # exact enough: the coefficients are -1, 0 and 1


def _equations(tables: list[Table], margins: Margins):
    """Every line of every table as {hidden entry: coefficient}; shown entries are known
    and drop out. Entries are named ("cell", table index, row, col), ("margin", dim, key)
    or ("grand",)."""
    for index, table in enumerate(tables):
        grid = _Grid(table, margins)

        def name(row, col, index=index, table=table):
            if row is TOTAL and col is TOTAL:
                return ("grand",)
            if col is TOTAL:
                return ("margin", table.row_dim, row)
            if row is TOTAL:
                return ("margin", table.col_dim, col)
            return ("cell", index, row, col)

        for line in grid.lines():
            equation = {}
            for row, col in line:
                if grid.is_hidden(row, col):
                    total = row is TOTAL or col is TOTAL
                    # The total is the last entry of its line: cells - total = 0.
                    is_line_total = (row, col) == line[-1]
                    equation[name(row, col)] = PRIME - 1 if (total and is_line_total) else 1
            if equation:
                yield equation


def _determined_jointly(tables: list[Table], margins: Margins) -> list[tuple]:
    """The hidden entries that all the shown numbers together pin down: those whose
    unit vector lies in the row space of the equations (sparse elimination mod p)."""
    pivots: dict = {}  # pivot entry -> reduced row (pivot coefficient 1)
    for equation in _equations(tables, margins):
        row = dict(equation)
        for pivot, pivot_row in list(pivots.items()):
            factor = row.get(pivot)
            if factor:
                for entry, value in pivot_row.items():
                    updated = (row.get(entry, 0) - factor * value) % PRIME
                    if updated:
                        row[entry] = updated
                    else:
                        row.pop(entry, None)
        if not row:
            continue
        pivot = min(row, key=str)
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        row = {entry: value * inverse % PRIME for entry, value in row.items()}
        for other_row in pivots.values():
            factor = other_row.get(pivot)
            if factor:
                for entry, value in row.items():
                    updated = (other_row.get(entry, 0) - factor * value) % PRIME
                    if updated:
                        other_row[entry] = updated
                    else:
                        other_row.pop(entry, None)
        pivots[pivot] = row
    return [pivot for pivot, row in pivots.items() if len(row) == 1]


def _close_determined(tables: list[Table], margins: Margins, determined: list[tuple]) -> bool:
    """Hide one more entry beside the first determined one: the cheapest shown entry
    of its row or column in a table that shows it."""
    for name in sorted(determined, key=str):
        for index, table in enumerate(tables):
            grid = _Grid(table, margins)
            spot = _spot(name, index, table)
            if spot is None:
                continue
            row, col = spot
            candidates = [
                entry
                for entry in (
                    *((row, c) for c in grid.cols),
                    *((r, col) for r in grid.rows),
                )
                if not grid.is_hidden(*entry)
            ]
            if candidates:
                grid.hide(*min(candidates, key=grid.cost))
                return True
    return False


def _spot(name: tuple, index: int, table: Table):
    """Where the named entry stands in this table, if it does."""
    if name[0] == "cell":
        return (name[2], name[3]) if name[1] == index else None
    if name[0] == "grand":
        return (TOTAL, TOTAL)
    _, dim, key = name
    if dim == table.row_dim:
        return (key, TOTAL)
    if dim == table.col_dim:
        return (TOTAL, key)
    return None
