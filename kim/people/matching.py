"""How alike two person records are: the score of the duplicate list.

Pure functions over plain values, so the nightly scan, the review page and the
tests score a pair the same way. A score is 0-100 and comes with the factors
that made it, so a team lead sees why two records were paired.

- Name (60 %): family and given names compared part by part, across every
  spelling a record has (main name and aliases), after the same folding and
  transliteration merging as the search (`kim.people.names`). A part counts as
  alike when its phonetic codes agree (Mohammed/Muhammad, Müller/Mueller,
  Al-Hassan/Alhasan) or its letters are close (rapidfuzz). Both parts must be
  alike (their similarities multiply), so twins with one family name and one
  birthday do not pair up. Given and family name swapped (common when names
  are entered in the order of the passport) count as a match too.
- Date of birth (40 %): `birth_date_match` — same day 1.0, day and month
  swapped 0.9, a stand-in date (1 January or year only) in the same year 0.5,
  unknown 0.4, anything else 0 or next to it: two persons with one name born
  in the same year are common in a big tenant, and only a date that agrees
  or is a known kind of slip makes them a probable duplicate.
- Nationality: +5 when the records share one, -10 when both name some and none
  agree, nothing when one is unknown. Sex: -10 when one is female and the
  other male.

What can reach the threshold decides which records the scan compares
(`kim.people.services.duplicates.candidate_pairs`): a different year of birth,
or the same year with another day, never can (at most 65 and 69 points); a
same or swapped date can with a fair name; a stand-in, month-only or unknown
date only with a close name, which in practice shares two phonetic codes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from kim.people.names import _merge_variants, fold, name_tokens, phonetic

THRESHOLD = 70  # pairs below are not listed
NAME_WEIGHT = 0.6
DATE_WEIGHT = 0.4
NATIONALITY_BONUS = 5
NATIONALITY_PENALTY = 10
SEX_PENALTY = 10
PHONETIC_MATCH = 0.95  # a part whose phonetic codes agree but whose letters differ
CLOSE_LETTERS = 0.8  # below this, letters alone say little ("Ali" and "Rami")
SOUND_NEEDS_LETTERS = 0.65  # Mohammed/Muhammad 0.75 are variants, Mahmoud/Mohammed 0.53 not

# Factor codes: stored with each pair, labelled when shown.
FACTOR_LABELS = {
    "name_same": _("Name gleich"),
    "name_variant": _("Name in anderer Schreibweise (Umschrift)"),
    "name_similar": _("Name ähnlich"),
    "name_swapped": _("Vor- und Familienname vertauscht"),
    "name_alias": _("über eine erfasste Namensvariante"),
    "birth_same": _("Geburtsdatum gleich"),
    "birth_swapped": _("Tag und Monat vertauscht"),
    "birth_stand_in": _("Ersatzdatum (1. Januar oder nur Jahr) im selben Jahr"),
    "birth_month": _("Monat gleich (nur Monat und Jahr bekannt)"),
    "birth_year": _("nur das Geburtsjahr gleich"),
    "sex_different": _("Geschlecht verschieden"),
    "birth_missing": _("Geburtsdatum fehlt bei einem Datensatz"),
    "birth_different": _("Geburtsdatum verschieden"),
    "nationality_same": _("Staatsangehörigkeit gleich"),
    "nationality_different": _("Staatsangehörigkeit verschieden"),
}


def birth_date_match(
    a: date | None, a_precision: str, b: date | None, b_precision: str
) -> tuple[float, str]:
    """Similarity of two dates of birth in [0, 1] and the factor code saying why.

    Swapped day and month count as a near match; a stand-in date (1 January,
    year only) matches any date of its year, but weakly: it only says the year.
    """
    if a is None or b is None:
        return 0.4, "birth_missing"
    if a.year != b.year:
        return 0.0, "birth_different"
    stand_in = "year" in (a_precision, b_precision) or (1, 1) in (
        (a.month, a.day),
        (b.month, b.day),
    )
    if stand_in:
        return 0.5, "birth_stand_in"
    if a == b:
        return 1.0, "birth_same"
    if (a.day, a.month) == (b.month, b.day):
        return 0.9, "birth_swapped"
    if "month" in (a_precision, b_precision) and a.month == b.month:
        return 0.6, "birth_month"
    return 0.1, "birth_year"


@dataclass(frozen=True)
class NamePart:
    """One family or given name, prepared once for many comparisons."""

    folded: str
    merged: str  # transliteration variants merged, for letter similarity
    codes: frozenset[str]  # phonetic codes of its tokens and joined neighbours
    joined: str  # phonetic code of the whole part without spaces

    @classmethod
    def of(cls, text: str) -> "NamePart":
        folded = fold(text or "")
        tokens = folded.split()
        return cls(
            folded=folded,
            merged=" ".join(_merge_variants(t) for t in tokens),
            codes=frozenset(c for t in name_tokens(folded) if (c := phonetic(t))),
            joined=phonetic(folded.replace(" ", "")) if folded else "",
        )


@dataclass(frozen=True)
class Record:
    """What the scoring needs to know about one person."""

    names: tuple[tuple[NamePart, NamePart], ...]  # (family, given); the main name first
    birth_date: date | None
    birth_date_precision: str
    nationalities: frozenset[str]
    sex: str = ""

    @classmethod
    def of(
        cls,
        *,
        family_name: str,
        given_names: str,
        birth_date: date | None,
        birth_date_precision: str = "day",
        nationalities=(),
        aliases=(),
        sex: str = "",
    ) -> "Record":
        """`aliases` are (family_name, given_names) pairs; an empty part of an alias
        stands for the main name's part (a birth name keeps the given names)."""
        names = [(NamePart.of(family_name), NamePart.of(given_names))]
        for alias_family, alias_given in aliases:
            names.append(
                (NamePart.of(alias_family or family_name), NamePart.of(alias_given or given_names))
            )
        return cls(
            names=tuple(dict.fromkeys(names)),
            birth_date=birth_date,
            birth_date_precision=birth_date_precision or "day",
            nationalities=frozenset(str(code) for code in nationalities or ()),
            sex=sex if sex in ("f", "m") else "",
        )


@dataclass(frozen=True)
class Match:
    score: int
    factors: tuple[str, ...] = field(default_factory=tuple)
    name_similarity: int = 0  # percent, shown next to the name factor

    @property
    def labels(self) -> list[str]:
        return [str(FACTOR_LABELS.get(code, code)) for code in self.factors]


def part_similarity(a: NamePart, b: NamePart) -> tuple[float, str]:
    """How alike two name parts are, and whether by letters or by sound."""
    if not a.folded or not b.folded:
        return 0.0, ""
    if a.folded == b.folded:
        return 1.0, "name_same"
    letters = fuzz.token_set_ratio(a.merged, b.merged) / 100
    same_sound = a.joined == b.joined or (a.codes and b.codes and _covers(a.codes, b.codes))
    # Kölner Phonetik ignores vowels and h: Mahmoud and Mohammed sound alike to it.
    if same_sound and letters >= SOUND_NEEDS_LETTERS:
        return max(PHONETIC_MATCH, letters), "name_variant"
    if letters < CLOSE_LETTERS:
        letters /= 2
    return letters, "name_similar"


def _covers(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every code of the shorter part occurs in the longer one ("Mohammed" in "Mohammed Ali")."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return shorter <= longer


def name_similarity(a: Record, b: Record) -> tuple[float, tuple[str, ...]]:
    """The best agreement over all spellings of both records, with its factor codes."""
    best, best_factors = 0.0, ()
    for i, (family_a, given_a) in enumerate(a.names):
        for j, (family_b, given_b) in enumerate(b.names):
            for swapped in (False, True):
                other_family, other_given = (given_b, family_b) if swapped else (family_b, given_b)
                family, family_kind = part_similarity(family_a, other_family)
                if family == 0:
                    continue
                if given_a.folded and other_given.folded:
                    given, given_kind = part_similarity(given_a, other_given)
                    similarity = family * given
                    kinds = {family_kind, given_kind}
                else:
                    # One record has no given names: the family name alone, discounted.
                    similarity, kinds = 0.9 * family, {family_kind}
                if swapped:
                    similarity *= 0.95
                if similarity <= best:
                    continue
                kind = next(k for k in ("name_similar", "name_variant", "name_same") if k in kinds)
                factors = (kind,)
                if swapped:
                    factors += ("name_swapped",)
                if i or j:
                    factors += ("name_alias",)
                best, best_factors = similarity, factors
    return best, best_factors


def score_pair(a: Record, b: Record) -> Match:
    date_score, date_factor = birth_date_match(
        a.birth_date, a.birth_date_precision, b.birth_date, b.birth_date_precision
    )
    name, name_factors = name_similarity(a, b)
    score = 100 * (NAME_WEIGHT * name + DATE_WEIGHT * date_score)
    factors = [*name_factors, date_factor]
    if a.nationalities and b.nationalities:
        if a.nationalities & b.nationalities:
            score += NATIONALITY_BONUS
            factors.append("nationality_same")
        else:
            score -= NATIONALITY_PENALTY
            factors.append("nationality_different")
    if a.sex and b.sex and a.sex != b.sex:
        score -= SEX_PENALTY
        factors.append("sex_different")
    return Match(
        score=max(0, min(100, round(score))),
        factors=tuple(factors),
        name_similarity=round(100 * name),
    )


def is_imprecise(birth_date: date | None, precision: str) -> bool:
    """Unknown, month or year only, or the 1 January stand-in: the day says nothing."""
    return (
        birth_date is None
        or precision in ("year", "month")
        or (birth_date.month, birth_date.day) == (1, 1)
    )
