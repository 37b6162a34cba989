"""Demo for Baustein 3 at the authority: forty procedures of the Ausländer- und
Einbürgerungsbehörde, of all three kinds, begun over the last eighteen months, with
their steps back-dated through the stage machine – so that every stage has procedures
(withdrawn and rejected ones with their reasons) and the backlog page shows medians and
a trend. Run by `abh` and `abh2` through the services, so every step is audited.
Synthetic names; dates relative to the day the demo is loaded."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kim.core.actor import get_actor
from kim.demo.vocabulary import REGIONS
from kim.people.services import person_register
from kim.residence.models import Procedure
from kim.residence.procedures import FINAL, checklist, document_mark, procedure_move, procedure_open

Stage = Procedure.Stage
Kind = Procedure.Kind

SEED = "kim-demo-procedures"
HISTORY_DAYS = 545  # about eighteen months
ORIGINS = ["SY", "AF", "IQ", "UA", "TR", "ER"]
PATH = [Stage.COUNSELLING, Stage.RECEIVED, Stage.COMPLETE, Stage.CHECKS, Stage.DECISION]

# Days a procedure stays in a stage (from, to), per kind: naturalisation waits longest,
# in the checks for the security enquiry.
STAYS = {
    Kind.NATURALISATION: {
        Stage.COUNSELLING: (14, 60),
        Stage.RECEIVED: (30, 120),
        Stage.COMPLETE: (5, 30),
        Stage.CHECKS: (90, 240),
        Stage.DECISION: (14, 45),
    },
    Kind.YOUNG: {
        Stage.COUNSELLING: (7, 30),
        Stage.RECEIVED: (20, 75),
        Stage.COMPLETE: (3, 20),
        Stage.CHECKS: (30, 100),
        Stage.DECISION: (7, 30),
    },
    Kind.SUSTAINED: {
        Stage.COUNSELLING: (7, 30),
        Stage.RECEIVED: (20, 90),
        Stage.COMPLETE: (3, 20),
        Stage.CHECKS: (30, 120),
        Stage.DECISION: (7, 30),
    },
}
WITHDRAWN_BECAUSE = [
    "Antrag zurückgenommen: Umzug in einen anderen Kreis.",
    "Antrag zurückgenommen, um zuerst das Sprachzertifikat B1 nachzuholen.",
    "Nach der Beratung zurückgenommen: die Voraufenthaltszeit ist noch nicht erfüllt.",
]
REJECTED_BECAUSE = [
    "Lebensunterhalt nicht ohne Leistungen nach SGB II gesichert; keine Ausnahme ersichtlich.",
    "Identität nicht geklärt; die angeforderten Nachweise wurden trotz Erinnerung nicht vorgelegt.",
    "Die erforderlichen Deutschkenntnisse wurden nicht nachgewiesen.",
    "Erhebliche Verurteilung steht der Erteilung entgegen (Ergebnis der Sicherheitsabfrage).",
]


@dataclass(frozen=True)
class Plan:
    kind: str
    ends_in: str  # the stage the procedure stands in today
    days_in_it: tuple[int, int]  # how long it has stood there (from, to)


def _plans() -> list[Plan]:
    """Forty procedures: most concluded or still in the checks, every stage present."""
    n, y, s = Kind.NATURALISATION, Kind.YOUNG, Kind.SUSTAINED
    rows = [
        (Stage.COUNSELLING, (2, 40), [n, n, y, s]),
        (Stage.RECEIVED, (5, 150), [n, n, n, y, s, s]),
        (Stage.COMPLETE, (2, 25), [n, y, s]),
        (Stage.CHECKS, (10, 200), [n, n, n, n, n, y, s, s]),
        (Stage.DECISION, (3, 30), [n, n, s]),
        (Stage.CONCLUDED, (5, 330), [n, n, n, n, y, y, s, s, s]),
        (Stage.WITHDRAWN, (10, 300), [n, y, s]),
        (Stage.REJECTED, (10, 300), [n, n, y, s]),
    ]
    return [Plan(kind, stage, days) for stage, days, kinds in rows for kind in kinds]


PLANS = _plans()  # one new person each


def _person(rng: random.Random, kind: str, today: date) -> dict:
    region = REGIONS[rng.choice(ORIGINS)]
    sex = rng.choice(["f", "m"])
    # § 25a: young people under 27; the others adults.
    age = rng.randint(17, 25) if kind == Kind.YOUNG else rng.randint(24, 58)
    born = today - timedelta(days=age * 365 + rng.randint(0, 364))
    return {
        "family_name": rng.choice(region.family),
        "given_names": rng.choice(region.female if sex == "f" else region.male),
        "sex": sex,
        "birth_date": born,
        "languages": [region.languages[0][0], "de"],
        "german_level": rng.choice(["A2", "B1", "B1", "B2"]),
    }


def _steps(rng: random.Random, plan: Plan, today: date) -> list[tuple[str, date, str]]:
    """The procedure's steps (stage, day, reason), back from today."""
    if plan.ends_in in PATH:
        path = PATH[: PATH.index(plan.ends_in) + 1]
    elif plan.ends_in == Stage.CONCLUDED:
        path = [*PATH, Stage.CONCLUDED]
    elif plan.ends_in == Stage.REJECTED:
        path = [*PATH[: rng.randint(2, 4)], Stage.REJECTED]
    else:  # withdrawn
        path = [*PATH[: rng.randint(1, 3)], Stage.WITHDRAWN]
    stays = [rng.randint(*STAYS[plan.kind][stage]) for stage in path[:-1]]
    last = rng.randint(*plan.days_in_it)
    last = min(last, max(0, HISTORY_DAYS - sum(stays)))
    day = today - timedelta(days=last + sum(stays))
    steps = []
    for stage, stay in zip(path, [*stays, 0], strict=True):
        reason = ""
        if stage == Stage.WITHDRAWN:
            reason = rng.choice(WITHDRAWN_BECAUSE)
        elif stage == Stage.REJECTED:
            reason = rng.choice(REJECTED_BECAUSE)
        steps.append((stage, day, reason))
        day += timedelta(days=stay)
    return steps


def _documents(rng, *, actor, procedure, steps, today: date) -> None:
    """Every document by "documents complete"; some of them while still "received"."""
    days = {stage: day for stage, day, _reason in steps}
    received = days.get(Stage.RECEIVED)
    if received is None:
        return
    until = days.get(Stage.COMPLETE)
    documents = checklist(procedure.kind)
    if until is None:  # not complete (yet): some documents are missing
        documents = rng.sample(documents, k=rng.randint(1, len(documents) - 1))
        last_stage, last_day, _reason = steps[-1]
        until = last_day if last_stage in FINAL else today
    for code, _label in documents:
        day = received + timedelta(days=rng.randint(0, max(0, (until - received).days)))
        document_mark(actor=actor, procedure=procedure, code=code, received_on=day)


def add_procedures(structure, *, today: date) -> bool:
    """Once per demo: skipped when the tenant already has procedures other than those
    taken up from a referral (the hand-over demo in `kim/demo/residence.py` makes one)."""
    staff = [structure.users.get("abh"), structure.users.get("abh2")]
    if (
        None in staff
        or Procedure.objects.filter(tenant=structure.tenant, referral__isnull=True).exists()
    ):
        return False
    actors = [get_actor(user) for user in staff]
    unit = structure.authority_unit
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not cryptography
    for number, plan in enumerate(PLANS):
        actor = actors[number % 2]
        person = person_register(actor=actor, unit=unit, **_person(rng, plan.kind, today))
        steps = _steps(rng, plan, today)
        procedure = procedure_open(
            actor=actor, person=person, unit=unit, kind=plan.kind, opened_on=steps[0][1]
        )
        _documents(rng, actor=actor, procedure=procedure, steps=steps, today=today)
        for stage, day, reason in steps[1:]:
            procedure = procedure_move(
                actor=actor,
                procedure=procedure,
                version=procedure.version,
                to=stage,
                on=day,
                note=reason,
            )
    return True
