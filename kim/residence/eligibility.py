"""Eligibility pre-checks for naturalisation (§ 10 StAG) and the residence titles for
well-integrated people (§ 25a, § 25b AufenthG).

A check is made for a date with the rule version in force on that date
(`rule_data.CHECKS`). Each criterion answers met / not met / unknown with the
reason in plain German and its legal reference; a time requirement also says on
which day it is (or will be) met. Missing facts give "unknown", never a guess. The
overall answer is never stronger than its weakest criterion: met only when every
criterion is met, not met as soon as one is not met, unknown otherwise.

This is a pre-check for counselling, not a decision: the authority decides, and it
checks more than is listed here (for example criminal records and the security
enquiry).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kim.residence.rule_data import CHECKS

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STRENGTH = {NOT_MET: 0, UNKNOWN: 1, MET: 2}
STATUS_LABELS = {MET: "erfüllt", NOT_MET: "nicht erfüllt", UNKNOWN: "unbekannt"}
DISCLAIMER = (
    "Dies ist eine Vorprüfung für die Beratung, keine Entscheidung. Ob ein Antrag Erfolg "
    "hat, entscheidet die Ausländer- bzw. Einbürgerungsbehörde; sie prüft weitere "
    "Voraussetzungen (etwa Straffreiheit und Sicherheitsabfrage)."
)

# "0": no German at all (as the person record knows it); below A1.
CEFR = ["0", "A1", "A2", "B1", "B2", "C1", "C2"]
STATUSES = {
    "duldung": "Duldung",
    "gestattung": "Aufenthaltsgestattung",
    "104c": "Aufenthaltserlaubnis nach § 104c AufenthG",
    "title": "andere Aufenthaltserlaubnis",
    "settlement": "Niederlassungserlaubnis oder Daueraufenthalt-EU",
    "eu": "EU-Freizügigkeit",
    "other": "sonstiger Status",
}

# The facts a check works with: name → (type, German label). Types: "date", "bool",
# "int", "cefr", "status". Every fact may be missing (null): the criteria that need
# it answer "unknown".
FACTS: dict[str, tuple[str, str]] = {
    "birth_date": ("date", "Geburtsdatum"),
    "residence_since": ("date", "Rechtmäßiger gewöhnlicher Aufenthalt in Deutschland seit"),
    "status": ("status", "Aufenthaltsstatus"),
    "tolerated_since": ("date", "Geduldet seit"),
    "german_level": ("cefr", "Deutschkenntnisse (GER-Niveau)"),
    "naturalisation_test_passed": ("bool", "Einbürgerungstest bestanden"),
    "integration_course_completed": ("bool", "Integrationskurs erfolgreich abgeschlossen"),
    "special_integration": ("bool", "Besondere Integrationsleistungen"),
    "receives_benefits": ("bool", "Bezieht Leistungen nach SGB II oder SGB XII"),
    "former_guest_worker": ("bool", "Ehemalige Gast- oder Vertragsarbeitnehmer*in"),
    "full_time_months_last_24": ("int", "Monate in Vollzeit in den letzten 24 Monaten"),
    "spouse_of_exempt_with_child": (
        "bool",
        "Ehegatt*in einer solchen Person, mit minderjährigem Kind im Haushalt",
    ),
    "benefits_not_own_fault": ("bool", "Leistungsbezug nicht selbst zu vertreten"),
    "commitment": ("bool", "Bekenntnis zur freiheitlichen demokratischen Grundordnung"),
    "civic_knowledge": ("bool", "Grundkenntnisse der Rechts- und Gesellschaftsordnung"),
    "former_citizenship_given_up_or_exempt": (
        "bool",
        "Bisherige Staatsangehörigkeit wird aufgegeben oder Ausnahme",
    ),
    "livelihood_mostly_by_work": ("bool", "Lebensunterhalt überwiegend durch Arbeit gesichert"),
    "livelihood_prognosis_positive": ("bool", "Positive Prognose zur Sicherung durch Arbeit"),
    "minor_child_in_household": ("bool", "Minderjähriges lediges Kind im Haushalt"),
    "school_age_children": ("bool", "Kinder im schulpflichtigen Alter"),
    "children_attend_school": ("bool", "Die Kinder besuchen die Schule tatsächlich"),
    "school_years_successful": ("int", "Jahre erfolgreichen Schulbesuchs in Deutschland"),
    "recognised_qualification": ("bool", "Anerkannter Schul- oder Berufsabschluss"),
    "integration_prognosis_positive": ("bool", "Positive Integrationsprognose"),
    "identity_deception": ("bool", "Täuschung über Identität oder Staatsangehörigkeit"),
}


class UnknownCheck(ValueError):
    pass


class NoRuleVersion(ValueError):
    pass


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    status: str
    reason: str
    reference: str
    earliest: date | None = None  # a time requirement: the day it is (or will be) met
    deadline: date | None = None  # an age limit: the last day an application counts

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class CheckResult:
    check: str
    title: str
    on: date
    version: Mapping
    status: str
    criteria: list[CriterionResult] = field(default_factory=list)
    disclaimer: str = DISCLAIMER

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def time_requirements_met_on(self) -> date | None:
        """The day every time requirement is met (under today's rules), if all are known."""
        dated = [c for c in self.criteria if c.code in TIME_CRITERIA]
        if not dated or any(c.earliest is None for c in dated):
            return None
        return max(c.earliest for c in dated)

    @property
    def missing(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.status != MET]


TIME_CRITERIA = {"residence", "status"}


def weakest(statuses) -> str:
    """The overall answer: never stronger than the weakest criterion."""
    statuses = list(statuses)
    if not statuses:
        return UNKNOWN
    return min(statuses, key=STRENGTH.__getitem__)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def german(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def version_for(check: str, on: date) -> Mapping:
    if check not in CHECKS:
        raise UnknownCheck(check)
    for version in CHECKS[check]["versions"]:
        until = version["valid_until"]
        if version["valid_from"] <= on and (until is None or on <= until):
            return version
    first = min(v["valid_from"] for v in CHECKS[check]["versions"])
    raise NoRuleVersion(
        f"Für den {german(on)} ist keine Fassung hinterlegt (frühestens ab {german(first)})."
    )


def check(check_code: str, facts: Mapping, on: date) -> CheckResult:
    """The pre-check `check_code` for the facts (already parsed, see `parse_facts`) on
    the given day, with the rule version in force then."""
    version = version_for(check_code, on)
    results = []
    for criterion in version["criteria"]:
        evaluator = EVALUATORS[criterion["evaluator"]]
        status, reason, earliest, deadline = evaluator(facts, on, criterion["params"])
        results.append(
            CriterionResult(
                code=criterion["code"],
                label=criterion["label"],
                status=status,
                reason=reason,
                reference=criterion["reference"],
                earliest=earliest,
                deadline=deadline,
            )
        )
    return CheckResult(
        check=check_code,
        title=CHECKS[check_code]["title"],
        on=on,
        version=version,
        status=weakest(r.status for r in results),
        criteria=results,
    )


# --- evaluators: (facts, on, params) → (status, reason, earliest, deadline) -------------


def _condition(facts: Mapping, condition: list) -> str:
    name, wanted = condition
    value = facts.get(name)
    if value is None:
        return UNKNOWN
    if FACTS[name][0] == "cefr":
        return MET if CEFR.index(value) >= CEFR.index(wanted) else NOT_MET
    return MET if value == wanted else NOT_MET


def residence_years(facts, on, params):
    since = facts.get(params["fact"])
    years = params["years"]
    if since is None:
        return UNKNOWN, "Seit wann die Person in Deutschland lebt, ist nicht erfasst.", None, None
    base = add_years(since, years)
    options = [(base, years, None)]
    for reduction in params["reductions"]:
        options.append((add_years(since, reduction["years"]), reduction["years"], reduction))
    usable, possible = [], []
    for day, n, reduction in options:
        state = (
            MET if reduction is None else weakest(_condition(facts, c) for c in reduction["when"])
        )
        if state == MET:
            usable.append((day, n, reduction))
        elif state == UNKNOWN:
            possible.append((day, n, reduction))
    day, n, reduction = min(usable, key=lambda option: option[0])
    because = f" ({reduction['because']})" if reduction else ""
    if on >= day:
        return (
            MET,
            f"Aufenthalt seit {german(since)}: die {n} Jahre{because} sind seit dem "
            f"{german(day)} erfüllt.",
            day,
            None,
        )
    earlier = [option for option in possible if option[0] < day]
    if earlier and any(on >= option[0] for option in earlier):
        option = min(earlier, key=lambda o: o[0])
        return (
            UNKNOWN,
            f"Aufenthalt seit {german(since)}: {n} Jahre{because} erst am {german(day)}; "
            f"verkürzt auf {option[1]} Jahre ({option[2]['because']}) wären sie schon "
            "erfüllt – dafür fehlen Angaben.",
            day,
            None,
        )
    reason = (
        f"Aufenthalt seit {german(since)}: die {n} Jahre{because} sind am {german(day)} erfüllt."
    )
    if earlier:
        option = min(earlier, key=lambda o: o[0])
        reason += (
            f" Verkürzt auf {option[1]} Jahre ({option[2]['because']}) schon am "
            f"{german(option[0])} – dafür fehlen Angaben."
        )
    return NOT_MET, reason, day, None


def tolerated(facts, on, params):
    status = facts.get("status")
    if status is None:
        return UNKNOWN, "Der Aufenthaltsstatus ist nicht erfasst.", None, None
    if params["with_104c"] and status == "104c":
        return MET, "Die Person hat eine Aufenthaltserlaubnis nach § 104c AufenthG.", None, None
    if status != "duldung":
        return NOT_MET, f"Die Person ist nicht geduldet ({STATUSES[status]}).", None, None
    months = params["months"]
    if not months:
        return MET, "Die Person ist geduldet.", None, None
    since = facts.get("tolerated_since")
    if since is None:
        return UNKNOWN, "Seit wann die Person geduldet ist, ist nicht erfasst.", None, None
    day = add_months(since, months)
    if on >= day:
        return (
            MET,
            f"Geduldet seit {german(since)}: die {months} Monate sind seit dem {german(day)} "
            "erfüllt.",
            day,
            None,
        )
    return (
        NOT_MET,
        f"Geduldet seit {german(since)}: die {months} Monate sind am {german(day)} erfüllt.",
        day,
        None,
    )


def language_at_least(facts, on, params):
    level, wanted = facts.get("german_level"), params["level"]
    if level is None:
        return UNKNOWN, "Die Deutschkenntnisse sind nicht erfasst.", None, None
    if level == "0":
        return NOT_MET, f"Keine Deutschkenntnisse; verlangt ist {wanted}.", None, None
    if CEFR.index(level) >= CEFR.index(wanted):
        return MET, f"Deutsch auf {level}; verlangt ist {wanted}.", None, None
    return NOT_MET, f"Deutsch auf {level}; verlangt ist {wanted}.", None, None


def flag_true(facts, on, params):
    value = facts.get(params["fact"])
    if value is None:
        return UNKNOWN, params["unknown"], None, None
    return (MET, params["met"], None, None) if value else (NOT_MET, params["not_met"], None, None)


def flag_false(facts, on, params):
    value = facts.get(params["fact"])
    if value is None:
        return UNKNOWN, params["unknown"], None, None
    return (NOT_MET, params["not_met"], None, None) if value else (MET, params["met"], None, None)


def all_true(facts, on, params):
    values = [facts.get(name) for name in params["facts"]]
    if any(value is False for value in values):
        return NOT_MET, params["not_met"], None, None
    if all(value is True for value in values):
        return MET, params["met"], None, None
    return UNKNOWN, params["unknown"], None, None


def any_true(facts, on, params):
    values = [facts.get(name) for name in params["facts"]]
    if any(value is True for value in values):
        return MET, params["met"], None, None
    if all(value is False for value in values):
        return NOT_MET, params["not_met"], None, None
    return UNKNOWN, params["unknown"], None, None


EXCEPTIONS: dict[str, tuple[Callable[[Mapping], bool | None], str]] = {
    "former_guest_worker": (
        lambda f: f.get("former_guest_worker"),
        "ehemalige Gast- oder Vertragsarbeitnehmer*in",
    ),
    "full_time_20_of_24": (
        lambda f: (
            None
            if f.get("full_time_months_last_24") is None
            else f["full_time_months_last_24"] >= 20
        ),
        "in Vollzeit erwerbstätig in mindestens 20 der letzten 24 Monate",
    ),
    "spouse_of_exempt_with_child": (
        lambda f: f.get("spouse_of_exempt_with_child"),
        "Ehegatt*in einer solchen Person mit minderjährigem Kind",
    ),
    "not_own_fault": (
        lambda f: f.get("benefits_not_own_fault"),
        "der Leistungsbezug ist nicht selbst zu vertreten",
    ),
}


def livelihood_without_benefits(facts, on, params):
    receives = facts.get("receives_benefits")
    if receives is None:
        return (
            UNKNOWN,
            "Ob Leistungen nach SGB II oder XII bezogen werden, ist nicht erfasst.",
            None,
            None,
        )
    if not receives:
        return MET, "Es werden keine Leistungen nach SGB II oder XII bezogen.", None, None
    answers = [(EXCEPTIONS[name][0](facts), EXCEPTIONS[name][1]) for name in params["exceptions"]]
    for value, label in answers:
        if value is True:
            return MET, f"Leistungsbezug nach SGB II oder XII, aber Ausnahme: {label}.", None, None
    open_ones = [label for value, label in answers if value is None]
    if open_ones:
        return (
            UNKNOWN,
            "Es werden Leistungen nach SGB II oder XII bezogen; ob eine Ausnahme gilt ("
            + "; ".join(open_ones)
            + "), ist nicht erfasst.",
            None,
            None,
        )
    return (
        NOT_MET,
        "Es werden Leistungen nach SGB II oder XII bezogen, und keine Ausnahme trifft zu.",
        None,
        None,
    )


def schooling(facts, on, params):
    years, wanted = facts.get("school_years_successful"), params["years"]
    qualification = facts.get("recognised_qualification")
    if years is not None and years >= wanted:
        return MET, f"{years} Jahre erfolgreicher Schulbesuch; verlangt sind {wanted}.", None, None
    if qualification:
        return MET, "Ein anerkannter Schul- oder Berufsabschluss liegt vor.", None, None
    if years is None or qualification is None:
        return (
            UNKNOWN,
            f"Verlangt sind {wanted} Jahre erfolgreicher Schulbesuch oder ein anerkannter "
            "Abschluss; dazu fehlen Angaben.",
            None,
            None,
        )
    return (
        NOT_MET,
        f"{years} Jahre erfolgreicher Schulbesuch und kein anerkannter Abschluss; verlangt "
        f"sind {wanted} Jahre oder ein Abschluss.",
        None,
        None,
    )


def younger_than(facts, on, params):
    born, age = facts.get("birth_date"), params["age"]
    if born is None:
        return UNKNOWN, "Das Geburtsdatum ist nicht erfasst.", None, None
    birthday = add_years(born, age)
    last = birthday - timedelta(days=1)
    if on < birthday:
        return MET, f"Der Antrag muss bis zum {german(last)} gestellt sein.", None, last
    return (
        NOT_MET,
        f"Die Altersgrenze ist überschritten: Der Antrag hätte bis zum {german(last)} gestellt "
        "sein müssen.",
        None,
        last,
    )


def children_attend_school(facts, on, params):
    children = facts.get("school_age_children")
    if children is None:
        return (
            UNKNOWN,
            "Ob Kinder im schulpflichtigen Alter im Haushalt leben, ist nicht erfasst.",
            None,
            None,
        )
    if not children:
        return MET, "Keine Kinder im schulpflichtigen Alter.", None, None
    attend = facts.get("children_attend_school")
    if attend is None:
        return (
            UNKNOWN,
            "Ob die Kinder die Schule tatsächlich besuchen, ist nicht erfasst.",
            None,
            None,
        )
    if attend:
        return MET, "Die Kinder im schulpflichtigen Alter besuchen die Schule.", None, None
    return (
        NOT_MET,
        "Die Kinder im schulpflichtigen Alter besuchen die Schule nicht regelmäßig.",
        None,
        None,
    )


EVALUATORS = {
    "residence_years": residence_years,
    "tolerated": tolerated,
    "language_at_least": language_at_least,
    "flag_true": flag_true,
    "flag_false": flag_false,
    "all_true": all_true,
    "any_true": any_true,
    "livelihood_without_benefits": livelihood_without_benefits,
    "schooling": schooling,
    "younger_than": younger_than,
    "children_attend_school": children_attend_school,
}


# --- facts from outside (form, API): parsed with German errors --------------------------


def parse_facts(data: Mapping) -> tuple[dict, dict[str, str]]:
    """The facts of a document (JSON values: ISO dates, booleans, integers, strings),
    and the German error per fact that could not be read. Null or absent = unknown."""
    facts: dict = {}
    errors: dict[str, str] = {}
    for name, value in data.items():
        if name not in FACTS:
            errors[name] = "Unbekannte Angabe."
            continue
        if value is None or value == "":
            continue
        kind, _label = FACTS[name]
        try:
            facts[name] = _parse(kind, value)
        except (TypeError, ValueError):
            errors[name] = ERROR_BY_KIND[kind]
    return facts, errors


ERROR_BY_KIND = {
    "date": "Bitte ein Datum im Format JJJJ-MM-TT angeben.",
    "bool": "Bitte true oder false angeben.",
    "int": "Bitte eine ganze Zahl zwischen 0 und 99 angeben.",
    "cefr": "Bitte ein Niveau von A1 bis C2 angeben (0 für keine Kenntnisse).",
    "status": "Bitte einen der Werte " + ", ".join(STATUSES) + " angeben.",
}


def _parse(kind: str, value):
    if kind == "date":
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value))
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ValueError
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
            raise ValueError
        return value
    if kind == "cefr":
        if str(value).upper() not in CEFR:
            raise ValueError
        return str(value).upper()
    if kind == "status":
        if value not in STATUSES:
            raise ValueError
        return value
    raise ValueError
