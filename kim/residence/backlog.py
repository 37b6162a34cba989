"""Processing times and backlog of the authority's procedures: counts and medians of
the procedures the actor runs (`visible_procedures`), never a person.

- Open: a procedure that has begun and is not concluded, withdrawn or rejected;
  "decision" (granted, certificate not yet handed over) is still open.
- Age: since the procedure began (`opened_on`) and since it entered its current stage
  (`stage_since`), in calendar months: "unter 1 Monat" is later than the same day one
  month ago, the day itself already counts as "1 bis 3 Monate".
- Duration of a stage: from the day a procedure entered it to the day it entered the
  next one, from the append-only steps; a stay still going on is not counted.
- Total duration: from "Antrag eingegangen" to the decision (granted or rejected) and
  to the conclusion (certificate handed over / title issued).
- Trend: the last twelve complete calendar months and the current one (up to today).

Two queries whatever the number of procedures: the procedures, and their steps in
order; everything else is counted in Python.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby, pairwise

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.actor import Actor
from kim.residence.eligibility import add_months
from kim.residence.models import Procedure, ProcedureStep
from kim.residence.procedures import FINAL, visible_procedures

Stage = Procedure.Stage
Kind = Procedure.Kind

OPEN_STAGES = [Stage.COUNSELLING, Stage.RECEIVED, Stage.COMPLETE, Stage.CHECKS, Stage.DECISION]
DECIDED = frozenset({Stage.DECISION, Stage.REJECTED})
AGE_MONTHS = (1, 3, 6, 12)
AGE_LABELS = [
    _("unter 1 Monat"),
    _("1 bis 3 Monate"),
    _("3 bis 6 Monate"),
    _("6 bis 12 Monate"),
    _("12 Monate und mehr"),
]
TREND_MONTHS = 12  # complete months before the current one


@dataclass(frozen=True)
class StageFigures:
    stage: str
    label: str
    open: int
    since_opened: list[int]  # per age bucket (AGE_LABELS)
    in_stage: list[int]
    median_days: float | None  # of the completed stays
    stays: int


@dataclass(frozen=True)
class KindFigures:
    kind: str  # "" for all kinds together
    label: str
    open_by_stage: list[int]  # per OPEN_STAGES
    to_decision_days: float | None  # median, received → granted or rejected
    decided: int
    to_conclusion_days: float | None  # median, received → concluded
    concluded: int

    @property
    def open(self) -> int:
        return sum(self.open_by_stage)


@dataclass(frozen=True)
class MonthFigures:
    month: date  # first day
    until: date  # last day, or today in the current month
    received: int
    granted: int
    rejected: int
    concluded: int
    withdrawn: int
    open_at_end: int
    current: bool  # the month of today, counted up to today


@dataclass(frozen=True)
class Backlog:
    today: date
    kind: str | None
    unit_id: int | None
    stages: list[StageFigures]
    kinds: list[KindFigures]  # one per kind in view, then all together when several
    months: list[MonthFigures]

    @property
    def open(self) -> int:
        return sum(s.open for s in self.stages)


def age_bucket(day: date, today: date) -> int:
    """The index in AGE_LABELS of something that began on `day`."""
    for index, months in enumerate(AGE_MONTHS):
        if day > add_months(today, -months):
            return index
    return len(AGE_MONTHS)


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else middle


@dataclass
class _History:
    kind: str
    steps: list[tuple[str, date]]

    def first(self, stages) -> date | None:
        return next((on for stage, on in self.steps if stage in stages), None)


def _histories(procedures, kind_of: dict[int, str]) -> list[_History]:
    steps = (
        ProcedureStep.objects.filter(procedure__in=procedures.values("id"))
        .order_by("procedure_id", "on", "id")
        .values_list("procedure_id", "stage", "on")
    )
    return [
        _History(kind=kind_of[pk], steps=[(stage, on) for _pk, stage, on in group])
        for pk, group in groupby(steps, key=lambda row: row[0])
    ]


def _kind_figures(kind: str, label, rows, histories) -> KindFigures:
    open_counts = Counter(stage for _pk, k, stage, _o, _s in rows if not kind or k == kind)
    to_decision, to_conclusion = [], []
    for history in histories:
        received = history.first({Stage.RECEIVED})
        if received is None:
            continue
        if (decided := history.first(DECIDED)) is not None:
            to_decision.append((decided - received).days)
        if (concluded := history.first({Stage.CONCLUDED})) is not None:
            to_conclusion.append((concluded - received).days)
    return KindFigures(
        kind=kind,
        label=label,
        open_by_stage=[open_counts[stage] for stage in OPEN_STAGES],
        to_decision_days=_median(to_decision),
        decided=len(to_decision),
        to_conclusion_days=_median(to_conclusion),
        concluded=len(to_conclusion),
    )


def _stage_figures(rows, histories, today: date) -> list[StageFigures]:
    stays: dict[str, list[int]] = defaultdict(list)
    for history in histories:
        for (stage, began), (_next, ended) in pairwise(history.steps):
            stays[stage].append((ended - began).days)
    figures = []
    for stage in OPEN_STAGES:
        current = [(opened, since) for _pk, _k, s, opened, since in rows if s == stage]
        since_opened = Counter(age_bucket(opened, today) for opened, _since in current)
        in_stage = Counter(age_bucket(since, today) for _opened, since in current)
        figures.append(
            StageFigures(
                stage=stage,
                label=Stage(stage).label,
                open=len(current),
                since_opened=[since_opened[i] for i in range(len(AGE_LABELS))],
                in_stage=[in_stage[i] for i in range(len(AGE_LABELS))],
                median_days=_median(stays[stage]),
                stays=len(stays[stage]),
            )
        )
    return figures


def _months(histories, today: date) -> list[MonthFigures]:
    current = today.replace(day=1)
    firsts = [add_months(current, -back) for back in range(TREND_MONTHS, -1, -1)]
    events: Counter = Counter()
    spans = []  # (opened, closed or None)
    for history in histories:
        for stage, on in history.steps:
            events[(on.year, on.month, stage)] += 1
        spans.append((history.steps[0][1], history.first(FINAL)))
    months = []
    for first in firsts:
        until = min(add_months(first, 1) - timedelta(days=1), today)
        key = (first.year, first.month)
        months.append(
            MonthFigures(
                month=first,
                until=until,
                received=events[(*key, Stage.RECEIVED)],
                granted=events[(*key, Stage.DECISION)],
                rejected=events[(*key, Stage.REJECTED)],
                concluded=events[(*key, Stage.CONCLUDED)],
                withdrawn=events[(*key, Stage.WITHDRAWN)],
                open_at_end=sum(
                    1
                    for opened, closed in spans
                    if opened <= until and (closed is None or closed > until)
                ),
                current=first == current,
            )
        )
    return months


def backlog(
    actor: Actor, *, kind: str | None = None, unit_id: int | None = None, today: date | None = None
) -> Backlog:
    """The figures of the procedures the actor runs, of one kind and one unit if given."""
    today = today or timezone.localdate()
    procedures = visible_procedures(actor)
    if kind:
        procedures = procedures.filter(kind=kind)
    if unit_id:
        procedures = procedures.filter(unit_id=unit_id)
    rows = list(
        procedures.order_by().values_list("id", "kind", "stage", "opened_on", "stage_since")
    )
    open_rows = [row for row in rows if row[2] not in FINAL]
    histories = _histories(procedures, {row[0]: row[1] for row in rows}) if rows else []
    kinds = [kind] if kind else list(Kind.values)
    per_kind = [
        _kind_figures(k, Kind(k).label, open_rows, [h for h in histories if h.kind == k])
        for k in kinds
    ]
    if len(kinds) > 1:
        per_kind.append(_kind_figures("", _("alle Verfahren"), open_rows, histories))
    return Backlog(
        today=today,
        kind=kind,
        unit_id=unit_id,
        stages=_stage_figures(open_rows, histories, today),
        kinds=per_kind,
        months=_months(histories, today),
    )
