"""The synthetic persons, cases and contacts of one tenant, as plain data.

A plan is drawn from a seeded random generator, so the same seed and the same
day give the same data. Writers (services for the demo, COPY for the statewide
set) turn a plan into rows.
"""

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from kim.demo.families import draw_family
from kim.demo.process import INTAKE, Course, choose_outcome, fit_to_talks, plan_course
from kim.demo.structure import Place, Structure, Team
from kim.demo.texts import CLOSING_NOTE, INTAKE_OPEN_NOTE
from kim.demo.vocabulary import (
    CLOSING_NOTES,
    CYRILLIC,
    EMAIL_DOMAINS,
    INTAKE_NOTES,
    NOTES,
    PHONE_BLOCKS,
    REASONS,
    REGIONS,
    STREETS,
    VARIANTS,
    Region,
)
from kim.people.names import fold


@dataclass(frozen=True)
class Profile:
    """How much history a tenant has."""

    history_days: int = 540  # cases opened within the last 18 months
    max_contacts: int = 15
    duplicate_share: float = 0.02
    family_share: float = 0.0  # persons with cases who get a household of partner and children


DEMO_PROFILE = Profile(family_share=0.12)
STATEWIDE_PROFILE = Profile(history_days=1460, max_contacts=29)

# (contact date, minutes, mode, interpreter used, language, note, field codes, author)
ContactPlan = tuple


@dataclass
class CasePlan:
    team: Team
    manager: object  # User
    opened_on: date
    closed_on: date | None
    reason: str
    field_codes: list[str]
    contacts: list[ContactPlan] = field(default_factory=list)
    course: Course | None = None

    @property
    def last_contact_on(self) -> date | None:
        return max((c[0] for c in self.contacts), default=None)


@dataclass
class PersonPlan:
    unit: object  # Unit
    author: object  # User
    fields: dict
    aliases: list[dict]
    cases: list[CasePlan] = field(default_factory=list)
    region: str = ""
    key: str = ""  # names a person of the fixed demo cast
    role: str = ""  # "partner" or "child" of `head`, for household members
    head: "PersonPlan | None" = None
    kin: list["PersonPlan"] = field(default_factory=list)


SEXES = [("f", 48), ("m", 48), ("d", 1.5), ("x", 2.5)]
CASE_COUNTS = [(0, 7), (1, 52), (2, 32), (3, 9)]
LEAD_FIELDS = [
    ("orientierung", 14), ("aufenthalt", 16), ("sprache", 10), ("arbeit", 14), ("existenz", 12),
    ("wohnen", 10), ("familie", 8), ("gesundheit", 6), ("kita", 4), ("bildung", 4), ("teilhabe", 2),
]  # fmt: skip
MODES = [("in_person", 55), ("phone", 25), ("email", 8), ("video", 4), ("outreach", 8)]
MINUTES = {
    "in_person": [30, 45, 60, 60, 90],
    "phone": [5, 10, 15, 20, 30],
    "email": [5, 10, 15],
    "video": [30, 45],
    "outreach": [60, 90, 120],
}
NATIVE_LEVELS = [("C2", 70), ("C1", 15), ("", 15)]
LEVELS_BY_YEARS = [  # years in Germany -> weighted German levels
    (1, [("0", 30), ("A1", 45), ("A2", 10), ("", 15)]),
    (3, [("0", 5), ("A1", 25), ("A2", 35), ("B1", 20), ("", 15)]),
    (6, [("A1", 10), ("A2", 25), ("B1", 35), ("B2", 15), ("", 15)]),
    (99, [("A2", 15), ("B1", 30), ("B2", 25), ("C1", 15), ("", 15)]),
]


def seeded(key) -> random.Random:
    """A generator that gives the same data for the same key: reproducible on purpose."""
    return random.Random(key)  # noqa: S311 - synthetic data, not cryptography


_TABLES: dict[int, tuple] = {}


def weighted(rng: random.Random, pairs: list[tuple]):
    """One value of [(value, weight), ...]; the cumulative table is built once per list."""
    table = _TABLES.get(id(pairs))
    if table is None or table[0] is not pairs:
        cumulative = list(accumulate(w for _, w in pairs))
        table = (pairs, [v for v, _ in pairs], cumulative, cumulative[-1])
        _TABLES[id(pairs)] = table  # holds the list, so its id stays unique
    return table[1][bisect(table[2], rng.random() * table[3])]


class Planner:
    def __init__(self, structure: Structure, *, rng: random.Random, today: date, profile: Profile):
        self.s = structure
        self.rng = rng
        self.today = today
        self.profile = profile
        self.regions = [(code, region.weight) for code, region in REGIONS.items()]
        self.fields = [(code, w) for code, w in LEAD_FIELDS if code in structure.fields]
        self.team_weights = [(team, team.weight) for team in structure.teams]
        self._pools: dict[tuple, list] = {}
        # The course of each case draws from its own generator, so that persons,
        # cases and contacts stay what they were before phases existed.
        self.process_rng = random.Random(f"process:{rng.getstate()[1][:4]}")  # noqa: S311 - synthetic data, not cryptography

    # --- persons ------------------------------------------------------------------

    def persons(self, count: int) -> list[PersonPlan]:
        """`count` persons: most with cases, some held only by the authority, a few
        registered twice under another spelling."""
        plans: list[PersonPlan] = []
        rng = self.rng
        while len(plans) < count:
            if plans and rng.random() < self.profile.duplicate_share:
                twin = self.near_duplicate(rng.choice(plans))
                if twin is not None:
                    plans.append(twin)
                    continue
            if rng.random() < 0.04 and self.s.authority_staff:
                author = rng.choice(self.s.authority_staff)
                plans.append(self.person(self.s.authority_unit, author, rng.choice(self.s.places)))
                continue
            team = weighted(rng, self.team_weights)
            plan = self.person(team.unit, self.manager(team), rng.choice(team.places))
            plan.cases = self.cases(team, plan, weighted(rng, CASE_COUNTS))
            plans.append(plan)
            if (
                plan.cases
                and self.profile.family_share
                and rng.random() < self.profile.family_share
            ):
                plans += draw_family(self, team, plan, room=count - len(plans))
        return plans

    def manager(self, team: Team):
        rng = self.rng
        if team.lead is not None and rng.random() < 0.05:
            return team.lead
        return rng.choice(team.case_managers)

    def person(
        self, unit, author, place: Place, *, region_code: str | None = None, **fixed
    ) -> PersonPlan:
        rng = self.rng
        code = region_code or weighted(rng, self.regions)
        region = REGIONS[code]
        sex = fixed.pop("sex", None) or weighted(rng, SEXES)
        names = (
            region.female
            if sex == "f"
            else region.male
            if sex == "m"
            else rng.choice([region.female, region.male])
        )
        given = fixed.pop("given_names", None) or rng.choice(names)
        family = fixed.pop("family_name", None) or rng.choice(region.family)
        if code == "BG" and sex == "f" and family.endswith(("ov", "ev")):
            family += "a"
        birth, precision = self._birth(region)
        arrival = self._arrival(region, birth)
        level = self._german_level(region, arrival)
        main_language = weighted(rng, region.languages)
        languages = [main_language]
        if level in ("A2", "B1", "B2", "C1", "C2") and "de" not in languages:
            languages.append("de")
        if rng.random() < 0.25:
            extra = rng.choice(region.extra_languages)
            if extra not in languages:
                languages.append(extra)
        nationalities = [region.nationality]
        if region.second_nationality and rng.random() < 0.15:
            nationalities.append(region.second_nationality)
        interpreter = main_language != "de" and (
            (level in ("", "0", "A1") and rng.random() < 0.8)
            or (level == "A2" and rng.random() < 0.3)
        )
        fields = {
            "family_name": family,
            "given_names": given,
            "birth_date": birth,
            "birth_date_precision": precision,
            "sex": sex,
            "nationalities": nationalities,
            "languages": languages,
            "german_level": level,
            "arrival_date": arrival,
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}{'a' if rng.random() < 0.05 else ''}",
            "postcode": place.postcode,
            "town": place.town,
            "district": place.district,
            "phone": f"{rng.choice(PHONE_BLOCKS)}{rng.randint(0, 999):03d}"
            if rng.random() < 0.8
            else "",
            "email": self._email(given, family) if rng.random() < 0.35 else "",
            "interpreter_needed": interpreter,
            "interpreter_language": main_language if interpreter else "",
        }
        fields.update(fixed)
        return PersonPlan(
            unit, author, fields, self._aliases(code, sex, given, family), region=code
        )

    def near_duplicate(self, original: PersonPlan) -> PersonPlan | None:
        """The same person registered again: other spelling, a slip in the birth date."""
        if original.role:
            return None  # children and partners were not registered twice
        rng = self.rng
        f = original.fields
        given, family = _respell(f["given_names"], rng), _respell(f["family_name"], rng)
        if (given, family) == (f["given_names"], f["family_name"]):
            return None
        birth, precision = f["birth_date"], f["birth_date_precision"]
        if birth and precision == "day":
            if birth.day <= 12 and birth.day != birth.month:
                birth = birth.replace(month=birth.day, day=birth.month)
            else:
                birth, precision = birth.replace(month=1, day=1), "year"
        team = weighted(rng, self.team_weights)
        twin = self.person(
            team.unit,
            self.manager(team),
            rng.choice(team.places),
            region_code=original.region,
            sex=f["sex"],
            given_names=given,
            family_name=family,
            birth_date=birth,
            birth_date_precision=precision,
            nationalities=f["nationalities"],
        )
        twin.aliases = []
        if rng.random() < 0.5:
            twin.cases = self.cases(team, twin, 1)
        return twin

    def _birth(self, region: Region) -> tuple[date, str]:
        rng = self.rng
        # A few unaccompanied minors; most are adults of working age.
        age = rng.choice([16, 17]) if rng.random() < 0.03 else int(rng.triangular(18, 72, 32))
        year = self.today.year - age
        if rng.random() < region.year_only_share:
            return date(year, 1, 1), "year"
        month = rng.randint(1, 12)
        if rng.random() < 0.02:
            return date(year, month, 1), "month"
        return date(year, month, rng.randint(1, 28)), "day"

    def _arrival(self, region: Region, birth: date) -> date | None:
        first, last = region.arrival_years
        if not first:
            return None
        rng = self.rng
        latest = self.today - timedelta(days=14)
        start = max(date(first, 1, 1), birth + timedelta(days=365))
        end = min(date(last, 12, 31), latest)
        if start >= end:
            return end
        return start + timedelta(days=rng.randint(0, (end - start).days))

    def _german_level(self, region: Region, arrival: date | None) -> str:
        if arrival is None:
            return weighted(self.rng, NATIVE_LEVELS)
        years = (self.today - arrival).days / 365
        for limit, levels in LEVELS_BY_YEARS:
            if years < limit:
                return weighted(self.rng, levels)
        return ""

    def _email(self, given: str, family: str) -> str:
        local = f"{fold(given)}.{fold(family)}".replace(" ", "")
        if self.rng.random() < 0.5:
            local += str(self.rng.randint(1, 99))
        return f"{local}@{self.rng.choice(EMAIL_DOMAINS)}"

    def _aliases(self, region: str, sex: str, given: str, family: str) -> list[dict]:
        rng = self.rng
        aliases = []
        if (given in VARIANTS or family in VARIANTS) and rng.random() < 0.3:
            aliases.append(
                {
                    "kind": "spelling",
                    "given_names": _respell(given, rng),
                    "family_name": _respell(family, rng),
                }
            )
        if region == "UA" and given in CYRILLIC and family in CYRILLIC and rng.random() < 0.25:
            aliases.append(
                {
                    "kind": "document",
                    "given_names": CYRILLIC[given],
                    "family_name": CYRILLIC[family],
                }
            )
        if region in ("DE", "RO", "TR") and sex == "f" and rng.random() < 0.15:
            aliases.append(
                {
                    "kind": "birth",
                    "given_names": "",
                    "family_name": rng.choice(REGIONS[region].family),
                }
            )
        return aliases

    # --- cases and contacts ---------------------------------------------------------------

    def cases(self, team: Team, person: PersonPlan, count: int) -> list[CasePlan]:
        """`count` consecutive cases; only the last one may still be open."""
        if count == 0:
            return []
        rng = self.rng
        today = self.today
        earliest = today - timedelta(days=self.profile.history_days)
        arrival = person.fields["arrival_date"]
        if arrival and arrival > earliest:
            earliest = arrival
        span = (today - earliest).days
        if span < 2:
            return []
        starts = sorted({earliest + timedelta(days=rng.randint(0, span - 1)) for _ in range(count)})
        author = person.author
        in_team = author in team.case_managers or author == team.lead
        manager = author if in_team else self.manager(team)
        plans = []
        for i, opened in enumerate(starts):
            if i + 1 < len(starts):
                gap = (starts[i + 1] - opened).days
                if gap < 15:
                    continue
                closed = opened + timedelta(days=rng.randint(14, gap - 1))
            else:
                age = (today - opened).days
                p_open = 0.9 if age < 180 else 0.6 if age < 365 else 0.35 if age < 730 else 0.15
                closed = None
                if rng.random() >= p_open and age > 30:
                    closed = opened + timedelta(days=rng.randint(30, min(age, 540)))
            plans.append(self.case(team, manager, person, opened, closed))
        return plans

    def case(
        self,
        team: Team,
        manager,
        person: PersonPlan,
        opened: date,
        closed: date | None,
        outcome: str = "",
    ) -> CasePlan:
        rng = self.rng
        f = person.fields
        pool = self._field_pool("DE" in f["nationalities"], f["german_level"] in ("C1", "C2"))
        lead = weighted(rng, pool)
        codes = [lead]
        for _ in range(rng.choice([0, 1, 1, 2])):
            other = weighted(rng, pool)
            if other not in codes:
                codes.append(other)
        case = CasePlan(team, manager, opened, closed, rng.choice(REASONS[lead]), codes)
        case.contacts = self._contacts(case, person)
        process = self.process_rng
        if not outcome:
            talks = len({c[0] for c in case.contacts if c[0] > opened})
            outcome = choose_outcome(process, opened, closed, self.today)
            outcome = outcome if closed else fit_to_talks(outcome, talks)
        case.course = plan_course(
            process,
            opened=opened,
            closed=closed,
            talks=[c[0] for c in case.contacts],
            today=self.today,
            outcome=outcome,
        )
        # The notes of the first and last talk fit what happened in them.
        first, last = case.contacts[0], case.contacts[-1]
        if case.course.phase == INTAKE:
            case.contacts[0] = (*first[:5], INTAKE_OPEN_NOTE, *first[6:])
        if closed and len(case.contacts) > 1 and outcome in CLOSING_NOTE:
            case.contacts[-1] = (*last[:5], CLOSING_NOTE[outcome], *last[6:])
        return case

    def _field_pool(self, german: bool, fluent: bool) -> list[tuple[str, int]]:
        # No residence questions for Germans, no language course for fluent speakers.
        key = (german, fluent)
        if key not in self._pools:
            self._pools[key] = [
                (code, w)
                for code, w in self.fields
                if not (code == "aufenthalt" and german) and not (code == "sprache" and fluent)
            ]
        return self._pools[key]

    def _contacts(self, case: CasePlan, person: PersonPlan) -> list[ContactPlan]:
        rng = self.rng
        end = case.closed_on or self.today
        span = (end - case.opened_on).days
        count = min(rng.randint(1, self.profile.max_contacts), 1 + span // 7)
        if case.closed_on and span:
            count = max(count, 2)  # intake and closing talk
        dates = [case.opened_on]
        if count > 1:
            dates += sorted(
                case.opened_on + timedelta(days=rng.randint(1, span)) for _ in range(count - 1)
            )
        if case.closed_on and count > 1:
            dates[-1] = case.closed_on
        f = person.fields
        interpreter_language = f["interpreter_language"]
        speaks_german = f["german_level"] in ("B1", "B2", "C1", "C2")
        main_language = f["languages"][0]
        others = [m for m in case.team.case_managers if m != case.manager]
        contacts = []
        last = len(dates) - 1
        for i, day in enumerate(dates):
            mode = "in_person" if i == 0 else weighted(rng, MODES)
            interpreter = (
                bool(interpreter_language)
                and mode in ("in_person", "video", "outreach")
                and rng.random() < 0.7
            )
            if interpreter:
                language = interpreter_language
            elif speaks_german or rng.random() < 0.8:
                language = "de"
            else:
                language = main_language
            if i == 0:
                note, codes = INTAKE_NOTES[interpreter][rng.randrange(2)], list(case.field_codes)
            elif i == last and case.closed_on:
                note, codes = rng.choice(CLOSING_NOTES), list(case.field_codes)
            else:
                code = rng.choice(case.field_codes)
                note, codes = rng.choice(NOTES[code]), [code]
            author = rng.choice(others) if others and rng.random() < 0.1 else case.manager
            contacts.append(
                (day, rng.choice(MINUTES[mode]), mode, interpreter, language, note, codes, author)
            )
        return contacts


def _respell(name: str, rng: random.Random) -> str:
    """Another common spelling of a name, or a transliteration slip."""
    if name in VARIANTS:
        return rng.choice(VARIANTS[name])
    if "-" in name:
        return name.replace("-", "")
    for a, b in (("ss", "s"), ("ch", "kh"), ("y", "i"), ("ou", "u"), ("ee", "i"), ("k", "c")):
        if a in name:
            return name.replace(a, b, 1)
    return name
