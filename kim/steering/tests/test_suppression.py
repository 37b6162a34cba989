"""Suppression of linked tables: no count below the threshold is shown, and no hidden
count can be computed back from what is shown – not from a row or column total, not
from the difference of two totals, not from the margins another table shares. Checked
against the exact linear algebra on random data."""

from collections import Counter
from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from kim.steering.suppression import COMPLEMENT, SMALL, TOTAL, Margins, Table, protect


def build(records: list[tuple], dims: list[str], values: dict[str, list], pairs):
    margins = Margins(
        totals={d: dict(Counter(r[i] for r in records)) for i, d in enumerate(dims)},
        grand_total=len(records),
    )
    tables = []
    for a, b in pairs:
        ia, ib = dims.index(a), dims.index(b)
        tables.append(
            Table(a, b, values[a], values[b], dict(Counter((r[ia], r[ib]) for r in records)))
        )
    return tables, margins


def entries(tables, margins):
    """Every entry as (variable id, value, hidden reason), and the line equations."""
    variables = {}

    def var(kind, *key):
        return variables.setdefault((kind, *key), len(variables))

    lines = []
    for t, table in enumerate(tables):
        rows, cols = [*table.rows, TOTAL], [*table.cols, TOTAL]

        def ident(row, col, t=t, table=table):
            if row is TOTAL and col is TOTAL:
                return ("grand",)
            if col is TOTAL:
                return ("margin", table.row_dim, row)
            if row is TOTAL:
                return ("margin", table.col_dim, col)
            return ("cell", t, row, col)

        for row in rows:
            lines.append([(ident(row, col), col is TOTAL) for col in cols])
        for col in cols:
            lines.append([(ident(row, col), row is TOTAL) for row in rows])
    for line in lines:
        for ident, _ in line:
            var(*ident)
    return variables, lines


def state(ident, tables, margins, records_value):
    kind = ident[0]
    if kind == "grand":
        return margins.grand_total, margins.grand_hidden
    if kind == "margin":
        _, dim, key = ident
        return margins.totals[dim].get(key, 0), margins.hidden.get((dim, key), "")
    _, t, row, col = ident
    table = tables[t]
    return table.value(row, col), table.hidden.get((row, col), "")


def rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    r = 0
    width = len(rows[0]) if rows else 0
    for c in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c] / rows[r][c]
                rows[i] = [x - factor * y for x, y in zip(rows[i], rows[r], strict=True)]
        r += 1
    return r


def assert_protected(tables, margins, threshold):
    variables, lines = entries(tables, margins)
    hidden_ids = []
    for ident in variables:
        value, reason = state(ident, tables, margins, None)
        if reason:
            assert reason in (SMALL, COMPLEMENT)
            if reason == SMALL:
                assert 0 < value < threshold
            hidden_ids.append(ident)
        else:
            assert value == 0 or value >= threshold, (ident, value)
    if not hidden_ids:
        return
    column = {ident: i for i, ident in enumerate(hidden_ids)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(hidden_ids)
        for ident, is_total in line:
            if ident in column:
                row[column[ident]] += -1 if is_total else 1
        if any(row):
            matrix.append(row)
    full = rank(matrix)
    for ident, k in column.items():
        without = [r[:k] + r[k + 1 :] for r in matrix]
        assert rank(without) != full - 1, f"{ident} can be computed back"


DIMS = ["category", "town", "quarter"]
VALUES = {"category": ["a", "b", "c"], "town": ["x", "y", "z", "w"], "quarter": [1, 2, 3, 4]}
records = st.lists(
    st.tuples(
        st.sampled_from(VALUES["category"]),
        st.sampled_from(VALUES["town"]),
        st.sampled_from(VALUES["quarter"]),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(records=records, threshold=st.integers(min_value=2, max_value=6))
def test_one_table_shows_no_small_count_and_gives_no_hidden_one_away(records, threshold):
    tables, margins = build(records, DIMS, VALUES, [("category", "town")])
    protect(tables, margins, threshold)
    assert_protected(tables, margins, threshold)


@settings(max_examples=150, deadline=None)
@given(records=records, threshold=st.integers(min_value=2, max_value=6))
def test_tables_sharing_margins_give_nothing_away_together(records, threshold):
    pairs = list(combinations(DIMS, 2))
    tables, margins = build(records, DIMS, VALUES, pairs)
    protect(tables, margins, threshold)
    assert_protected(tables, margins, threshold)


def test_a_single_small_cell_takes_a_second_cell_and_the_totals_with_it():
    table = Table(
        "category",
        "town",
        ["a", "b"],
        ["x", "y"],
        {("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 12, ("b", "y"): 20},
    )
    margins = Margins(
        totals={"category": {"a": 13, "b": 32}, "town": {"x": 15, "y": 30}}, grand_total=45
    )
    protect([table], margins, 5)
    assert table.hidden[("a", "x")] == SMALL
    # Row a and column x each need a second hidden entry, and those a cycle.
    assert table.hidden[("a", "y")] == COMPLEMENT
    assert table.hidden[("b", "x")] == COMPLEMENT
    assert table.hidden[("b", "y")] == COMPLEMENT
    assert margins.hidden == {} and margins.grand_hidden == ""


def test_a_small_total_is_hidden_in_every_table_that_shows_it():
    records_ = [("a", "x", 1)] * 2 + [("b", "x", 1)] * 10 + [("b", "y", 2)] * 10
    tables, margins = build(records_, DIMS, VALUES, list(combinations(DIMS, 2)))
    protect(tables, margins, 5)
    assert margins.hidden[("category", "a")] == SMALL
    assert_protected(tables, margins, 5)


def test_a_threshold_of_one_hides_nothing():
    tables, margins = build([("a", "x", 1)], DIMS, VALUES, [("category", "town")])
    protect(tables, margins, 1)
    assert not tables[0].hidden and not margins.hidden
