"""Residence and legal-domain histories of demo persons, as plain data.

Drawn from a person's origin and arrival: asylum seekers get an
Aufenthaltsgestattung, then protection (§ 25 Abs. 1/2/3) or a chain of
Duldungen (§ 60a, some later § 25b); people from Ukraine § 24; EU citizens
Freizügigkeit. The legal domains follow: AsylbLG while the asylum procedure
runs or with a Duldung, SGB II after recognition. A share of current titles
expires within the follow-up window, so that the residence follow-ups show.
"""

import random
from datetime import date, timedelta

from kim.demo.process import pick

ABH = "Ausländerbehörde Kreis Musterland"
BAMF = "Bundesamt für Migration und Flüchtlinge"
ASYLUM_REGIONS = ("SY", "AF", "IQ", "ER")
OUTCOMES = {
    "SY": [("protected", 90), ("ban", 5), ("rejected", 5)],
    "ER": [("protected", 80), ("ban", 10), ("rejected", 10)],
    "AF": [("protected", 40), ("ban", 30), ("rejected", 30)],
    "IQ": [("protected", 35), ("ban", 15), ("rejected", 50)],
}
EXPIRING_SHARE = 0.15  # of current titles with an end date: expires within eight weeks

# (kind, legal basis, valid from, valid until, issuing authority, note)
Residence = tuple
# (operation, chain, domain, day, organisation key, text): operation is "start",
# "transition" (to `domain` on `day`) or "end" (on `day`); chains run in parallel.
LegalStep = tuple


def _chain(start: date, days: int, today: date, limit: int = 3) -> list[tuple[date, date]]:
    """Periods of `days` from `start` renewed until one covers today; the last `limit`."""
    periods = []
    begin = start
    while True:
        end = begin + timedelta(days=days - 1)
        periods.append((begin, end))
        if end >= today:
            break
        begin = end + timedelta(days=1)
    return [periods[0], *periods[1:][-(limit - 1) :]] if len(periods) > limit else periods


def _titles(rng, kind, basis, start, days, today, authority=ABH, note="") -> list[Residence]:
    rows = [(kind, basis, a, b, authority, note) for a, b in _chain(start, days, today)]
    last = rows[-1]
    if last[2] <= today and rng.random() < EXPIRING_SHARE:
        until = today + timedelta(days=rng.randint(5, 55))
        rows[-1] = (*last[:3], max(until, last[2]), *last[4:])
    return rows


def residence_history(
    rng: random.Random, *, region: str, nationalities: list, arrival: date | None, today: date
) -> list[Residence]:
    if arrival is None or "DE" in nationalities:
        return []
    if region in ("RO", "BG"):
        return [("eu", "§ 2 FreizügG/EU", arrival, None, "", "")]
    if region == "UA":
        start = arrival + timedelta(days=rng.randint(14, 60))
        return _titles(rng, "ae", "§ 24 AufenthG", min(start, today), 730, today)
    if region == "TR":
        years = (today - arrival).days / 365
        if years > 8:
            return [("ne", "§ 9 AufenthG", arrival + timedelta(days=5 * 365), None, ABH, "")]
        if years < 2 and rng.random() < 0.5:
            return _titles(rng, "bkeu", "§ 18g AufenthG", arrival, 4 * 365, today)
        return _titles(rng, "ae", "§ 30 AufenthG", arrival, 3 * 365, today, note="Ehegattennachzug")
    if region not in ASYLUM_REGIONS:
        return []
    decided = arrival + timedelta(days=rng.randint(120, 540))
    if decided >= today - timedelta(days=14):  # procedure still running
        start = max(arrival, today - timedelta(days=rng.randint(20, 150)))
        until = today + timedelta(days=rng.randint(10, 150))
        return [("gestattung", "§ 55 AsylG", start, until, BAMF, "Asylverfahren läuft")]
    rows = [("gestattung", "§ 55 AsylG", arrival, decided - timedelta(days=1), BAMF, "")]
    outcome = pick(rng, OUTCOMES[region])
    if outcome == "protected":
        basis = "§ 25 Abs. 1 AufenthG" if rng.random() < 0.15 else "§ 25 Abs. 2 AufenthG"
        titles = _titles(rng, "ae", basis, decided, 3 * 365, today)
        if (today - decided).days > 6 * 365 and rng.random() < 0.5:
            settled = titles[-1][2]
            titles[-1] = ("ne", "§ 26 Abs. 3 AufenthG", settled, None, ABH, "")
        return rows + titles
    if outcome == "ban":
        return rows + _titles(rng, "ae", "§ 25 Abs. 3 AufenthG", decided, 365, today)
    tolerated = decided + timedelta(days=30)
    if (today - tolerated).days > 6 * 365 and rng.random() < 0.5:
        # Well integrated after years of Duldung: residence title for long-term tolerated persons.
        granted = today - timedelta(days=rng.randint(60, 500))
        return [*rows, ("duldung", "§ 60a AufenthG", tolerated, granted - timedelta(days=1), ABH, ""),
                *_titles(rng, "ae", "§ 25b AufenthG", granted, 2 * 365, today)]  # fmt: skip
    return rows + _titles(rng, "duldung", "§ 60a AufenthG", tolerated, 182, today)


def kin_residence(
    head: list[Residence], *, role: str, arrival: date | None, birth: date, today: date
) -> list[Residence]:
    """Partner and children share the head's current status, from their own start."""
    if not head:
        return []
    kind, basis, _start, until, authority, _note = head[-1]
    start = arrival or birth
    if start > today:
        return []
    if kind == "ae" and role == "partner" and basis != "§ 24 AufenthG":
        basis, note = "§ 30 AufenthG", "Familiennachzug"
    elif kind == "ae" and role == "child" and basis != "§ 24 AufenthG":
        basis, note = ("§ 33 AufenthG", "in Deutschland geboren") if arrival is None else (
            "§ 32 AufenthG", "Kindernachzug")  # fmt: skip
    else:
        note = ""
    if kind == "ne":
        kind, basis, until = "ae", "§ 32 AufenthG" if role == "child" else "§ 30 AufenthG", None
    if until is not None and until < start:
        return []
    return [(kind, basis, start, until, authority, note)]


def legal_history(
    rng: random.Random,
    *,
    region: str,
    residence: list[Residence],
    arrival: date | None,
    age: int,
    field_codes: set[str],
    has_children: bool,
    today: date,
) -> list[LegalStep]:
    steps: list[LegalStep] = []
    basic = "sgb12" if age >= 65 else "sgb2"
    basic_org = "soz" if basic == "sgb12" else "jc"
    kinds = [row[0] for row in residence]
    if region == "UA" and arrival:
        if arrival < date(2022, 6, 1):
            steps += [("start", 0, "asylblg", arrival, "soz", ""),
                      ("transition", 0, basic, date(2022, 6, 1), basic_org,
                       "Rechtskreiswechsel für Geflüchtete aus der Ukraine")]  # fmt: skip
        elif arrival >= date(2025, 4, 1):
            steps.append(("start", 0, "asylblg", arrival, "soz", ""))
        else:
            steps.append(
                ("start", 0, basic, arrival + timedelta(days=rng.randint(14, 45)), basic_org, "")
            )
    elif "gestattung" in kinds or "duldung" in kinds:
        steps.append(("start", 0, "asylblg", residence[0][2], "soz", ""))
        recognised = next(
            (row for row in residence if row[0] in ("ae", "ne") and "§ 24" not in row[1]), None
        )
        if recognised and recognised[2] > residence[0][2]:
            on = min(recognised[2] + timedelta(days=rng.randint(10, 45)), today)
            if on > residence[0][2]:
                reason = "Aufenthaltserlaubnis erteilt: Wechsel vom AsylbLG in das " + (
                    "SGB XII" if basic == "sgb12" else "SGB II"
                )
                steps.append(("transition", 0, basic, on, basic_org, reason))
    elif region in ("RO", "BG") and arrival and rng.random() < 0.5:
        start = min(arrival + timedelta(days=rng.randint(90, 700)), today)
        steps.append(
            ("start", 0, basic, start, basic_org, "ergänzende Leistungen bei Teilzeitarbeit")
        )
    elif region in ("DE", "TR") and field_codes & {"existenz", "familie"} and rng.random() < 0.6:
        start = today - timedelta(days=rng.randint(200, 2000))
        steps.append(("start", 0, basic, start, basic_org, ""))
    if steps and steps[-1][2] == "sgb2" and rng.random() < 0.15:
        began = steps[-1][3]
        if (today - began).days > 400:
            end = began + timedelta(days=rng.randint(300, (today - began).days - 30))
            steps.append(("end", 0, "sgb2", end, "", "Arbeitsaufnahme, Lebensunterhalt gesichert"))
    if has_children and field_codes & {"familie", "kita", "bildung"} and rng.random() < 0.5:
        steps.append(("start", 1, "sgb8", today - timedelta(days=rng.randint(30, 400)), "jug",
                      "Hilfe zur Erziehung (ambulant)"))  # fmt: skip
    if "arbeit" in field_codes and rng.random() < 0.25:
        steps.append(("start", 2, "sgb3", today - timedelta(days=rng.randint(20, 300)), "aa",
                      "Beratung zur beruflichen Eingliederung"))  # fmt: skip
    settled = any(row[0] == "ne" or "§ 25 Abs. 2" in row[1] for row in residence)
    if settled and arrival and (today - arrival).days > 5 * 365 and "aufenthalt" in field_codes:
        steps.append(("start", 3, "stag", today - timedelta(days=rng.randint(30, 300)), "abh",
                      "Einbürgerungsantrag gestellt"))  # fmt: skip
    return steps
