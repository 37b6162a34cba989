"""Barrier counts for the coordination: small numbers never identify people."""

from django.utils.translation import gettext as _

from kim.cases.dashboards import suppress


def suppressed_table(rows: list[tuple[str, int]], threshold: int) -> dict:
    """Rows of (label, shown value) and the shown total of one table of counts.

    Counts below the threshold show as "< n" (primary suppression). If exactly
    one cell of a table is suppressed, it could be recomputed from the total,
    so the smallest other non-zero cell is withheld as well ("gesperrt").
    """
    small = [i for i, (_label, n) in enumerate(rows) if 0 < n < threshold]
    withheld = set()
    if len(small) == 1:
        others = [(n, i) for i, (_label, n) in enumerate(rows) if n > 0 and i not in small]
        if others:
            withheld.add(min(others)[1])
    shown = [
        (label, _("gesperrt") if i in withheld else suppress(n, threshold))
        for i, (label, n) in enumerate(rows)
    ]
    total = sum(n for _label, n in rows)
    return {"rows": shown, "total": suppress(total, threshold), "withheld": bool(withheld)}
