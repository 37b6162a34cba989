"""The course of a planned case through the DGCC phases, as plain data.

Both writers use it: the bulk writer stores the phase and its history, the
service writer replays the steps through the services. Phase changes happen
at counselling contacts: the first talks after the opening carry a case
through intake, assessment and planning; evaluating, closing and pausing
happen at the last talk.
"""

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from kim.cases.phases import Phase

INTAKE, ASSESSMENT, PLANNING = Phase.INTAKE.value, Phase.ASSESSMENT.value, Phase.PLANNING.value
IMPLEMENTATION, EVALUATION = Phase.IMPLEMENTATION.value, Phase.EVALUATION.value
CLOSED, PAUSED = Phase.CLOSED.value, Phase.PAUSED.value

# How a case ended: (outcome, closing reason of kim.cases.models.CaseClosure.Reason).
CLOSING_REASONS = {
    "goals_reached": "goals_reached",
    "not_indicated": "other",  # intake found no need for case management
    "withdrawn": "other",  # the person wants no further support
    "moved_away": "moved_away",
    "unreachable": "unreachable",
    "handed_over": "handed_over",
}
# Short cases end early more often; long ones mostly with an evaluation.
CLOSINGS_SHORT = [
    ("not_indicated", 35),
    ("withdrawn", 20),
    ("unreachable", 20),
    ("goals_reached", 25),
]
CLOSINGS_LONG = [("goals_reached", 60), ("moved_away", 12), ("unreachable", 12), ("handed_over", 8),
                 ("withdrawn", 8)]  # fmt: skip
# The phase an open case is in, by its age in days.
OPEN_BY_AGE = [
    (10, [(INTAKE, 1)]),
    (30, [(INTAKE, 3), (ASSESSMENT, 7)]),
    (60, [(ASSESSMENT, 35), (PLANNING, 45), (IMPLEMENTATION, 20)]),
    (120, [(PLANNING, 15), (IMPLEMENTATION, 70), (PAUSED, 15)]),
    (99999, [(IMPLEMENTATION, 58), (EVALUATION, 22), (PAUSED, 15), ("reopened", 5)]),
]

# Reasons are required for going back, pausing and reopening (kim.cases.phases).
REASSESS = [
    "Neue Lebenssituation nach Trennung: Bedarfe werden neu eingeschätzt.",
    "Arbeitsplatz verloren; Existenzsicherung und Ziele müssen neu bewertet werden.",
    "Familiennachzug der Kinder: die Situation der Familie hat sich grundlegend geändert.",
    "Gesundheitliche Krise; Re-Assessment mit der behandelnden Beratungsstelle vereinbart.",
    "Aufenthaltsrechtliche Lage hat sich geändert, Bedarfe neu klären.",
]
REPLAN = [
    "Ziel nicht erreicht: Kursplatz ist weggefallen, Hilfeplan wird angepasst.",
    "Zwischenbilanz: zwei Ziele erreicht, ein neues Ziel zur Arbeitsaufnahme kommt hinzu.",
    "Maßnahme beim Träger abgebrochen; Alternativen werden im Hilfeplan festgehalten.",
]
PAUSE = [
    "Person ist für zwei Monate bei der Familie im Herkunftsland; Wiederaufnahme nach Rückkehr vereinbart.",
    "Längerer Krankenhausaufenthalt, Kontakt ruht auf Wunsch der Person.",
    "Integrationskurs in Vollzeit; die Person meldet sich nach der Prüfung wieder.",
    "Geburt eines Kindes; Beratung ruht während der ersten Monate.",
]
PAUSE_UNREACHABLE = "Seit mehreren Wochen nicht erreichbar; Briefe und Anrufe blieben ohne Antwort."
RESUME = "Person hat sich zurückgemeldet, Begleitung wird fortgesetzt."
REOPEN = [
    "Person meldet sich erneut: Kündigung der Wohnung, neuer Unterstützungsbedarf.",
    "Erneute Anfrage nach Ablehnung des Verlängerungsantrags durch die Ausländerbehörde.",
    "Jobcenter bittet um erneute Begleitung nach Abbruch der Maßnahme.",
]


@dataclass
class Course:
    """What happens to a case: the outcome and the dated phase changes after the opening.

    `steps` are (day, to_phase, reason); `outcome` is an open phase, "reopened",
    or a key of CLOSING_REASONS.
    """

    outcome: str
    steps: list[tuple[date, str, str]]

    @property
    def phase(self) -> str:
        return self.steps[-1][1] if self.steps else INTAKE

    @property
    def paused_from(self) -> str:
        if self.phase != PAUSED:
            return ""
        before = [to for _, to, _ in self.steps[:-1]]
        return before[-1] if before else INTAKE

    @property
    def closing_reason(self) -> str:
        return CLOSING_REASONS.get(self.outcome, "")

    @property
    def left_intake(self) -> bool:
        """Whether intake found case management indicated, with consent."""
        return any(to not in (INTAKE, CLOSED) for _, to, _ in self.steps)


def pick(rng: random.Random, pairs: list[tuple]):
    cumulative = list(accumulate(w for _, w in pairs))
    return pairs[bisect(cumulative, rng.random() * cumulative[-1])][0]


def choose_outcome(rng: random.Random, opened: date, closed: date | None, today: date) -> str:
    if closed is not None:
        return pick(rng, CLOSINGS_SHORT if (closed - opened).days < 45 else CLOSINGS_LONG)
    age = (today - opened).days
    for limit, phases in OPEN_BY_AGE:
        if age <= limit:
            return pick(rng, phases)
    raise AssertionError("unreachable")


WORKING = [INTAKE, ASSESSMENT, PLANNING, IMPLEMENTATION, EVALUATION]


def fit_to_talks(outcome: str, talks: int) -> str:
    """A drawn open case got no further than its talks after the opening carried it:
    one phase per talk."""
    if outcome == "reopened" and talks < 7:
        outcome = IMPLEMENTATION
    if outcome == PAUSED and talks < 2:
        outcome = WORKING[talks]
    if outcome in WORKING and WORKING.index(outcome) > talks:
        outcome = WORKING[talks]
    return outcome


# Anchors: "next" is the next talk after the opening, "mid" a talk halfway
# through the rest, "last" the last talk (the closing day for closed cases).
FORWARD = [(ASSESSMENT, "", "next"), (PLANNING, "", "next"), (IMPLEMENTATION, "", "next")]


def _path(rng: random.Random, outcome: str, age: int) -> list[tuple[str, str, str]]:
    detour = []
    if age > 150 and rng.random() < 0.2:
        if rng.random() < 0.6:
            detour = [(ASSESSMENT, rng.choice(REASSESS), "mid"), (PLANNING, "", "next"),
                      (IMPLEMENTATION, "", "next")]  # fmt: skip
        else:
            detour = [(PAUSED, rng.choice(PAUSE), "mid"), (IMPLEMENTATION, RESUME, "next")]
    if outcome == INTAKE:
        return []
    if outcome in (ASSESSMENT, PLANNING, IMPLEMENTATION):
        return FORWARD[: [ASSESSMENT, PLANNING, IMPLEMENTATION].index(outcome) + 1] + (
            detour if outcome == IMPLEMENTATION else []
        )
    if outcome == EVALUATION:
        return [*FORWARD, *detour, (EVALUATION, "", "last")]
    if outcome == PAUSED:
        if age < 60 and rng.random() < 0.3:
            return [FORWARD[0], (PAUSED, rng.choice(PAUSE), "last")]
        return [*FORWARD, (PAUSED, rng.choice(PAUSE), "last")]
    if outcome == "reopened":
        return [*FORWARD, (EVALUATION, "", "mid"), (CLOSED, "", "next"),
                (ASSESSMENT, rng.choice(REOPEN), "next"), (PLANNING, "", "next"),
                (IMPLEMENTATION, "", "next")]  # fmt: skip
    if outcome == "goals_reached":
        replan = []
        if rng.random() < 0.1:
            replan = [(PLANNING, rng.choice(REPLAN), "mid"), (IMPLEMENTATION, "", "next"),
                      (EVALUATION, "", "next")]  # fmt: skip
        return [*FORWARD, *detour, (EVALUATION, "", "next"), *replan, (CLOSED, "", "last")]
    if outcome == "not_indicated":
        return [(CLOSED, "", "last")]
    if outcome == "withdrawn":
        if age > 60:
            return [*FORWARD, (CLOSED, "", "last")]
        return [FORWARD[0], (CLOSED, "", "last")] if rng.random() < 0.6 else [(CLOSED, "", "last")]
    if outcome == "unreachable" and rng.random() < 0.5:
        return [*FORWARD, (PAUSED, PAUSE_UNREACHABLE, "next"), (CLOSED, "", "last")]
    return [*FORWARD, (CLOSED, "", "last")]  # moved away, unreachable, handed over


def plan_course(
    rng: random.Random,
    *,
    opened: date,
    closed: date | None,
    talks: list[date],
    today: date,
    outcome: str,
) -> Course:
    """The steps for `outcome`, dated at the case's talks (contact dates)."""
    later = sorted({day for day in talks if opened < day <= (closed or today)})
    # An open case changed phase at its talks, so no later than the last one.
    end = closed or (later[-1] if later else opened)
    path = _path(rng, outcome, ((closed or today) - opened).days)
    steps, previous, used = [], opened, 0
    for k, (phase, reason, anchor) in enumerate(path):
        left = len(path) - k
        if anchor == "last":
            day = closed or (later[-1] if later else previous)
        elif anchor == "mid" and used < len(later) - 1:
            used += (len(later) - used) // 2
            day = later[used]
            used += 1
        elif anchor in ("next", "mid") and used < len(later) - (1 if path[-1][2] == "last" else 0):
            day = later[used]
            used += 1
        else:  # not enough talks: spread the rest evenly up to the end
            day = previous + timedelta(days=max(0, (end - previous).days // (left + 1)))
        day = min(max(day, previous), end)
        steps.append((day, phase, reason))
        previous = day
    return Course(outcome, steps)
