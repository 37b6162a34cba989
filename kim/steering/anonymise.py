"""Anonymising the free text of a case reconstruction (Fallrekonstruktion).

What never survives:
- the names of the person, their aliases, household members and everyone else named
  in `Secrets.names` – matched word by word after folding (Müller = Mueller,
  Cyrillic = its German transliteration), so spelling variants go too;
- e-mail addresses, telephone numbers and any other number of five digits or more
  (postcodes, file and case numbers);
- street addresses (a street word with a house number);
- exact dates: each becomes a time relative to the start of the case management
  ("im 3. Monat", "vor Beginn"), so the course of the case stays readable;
- the names of the tenant's towns and districts: generalised to "[Ort im Kreis]".

The author reads the result before releasing it: the anonymiser removes what can be
recognised by its form, the author what only a reader can (a rare job, a small school).
"""

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from kim.people.names import fold

NAME = "[Name]"
PLACE = "[Ort im Kreis]"
ADDRESS = "[Adresse]"
PHONE = "[Telefon]"
EMAIL = "[E-Mail]"
NUMBER = "[Nummer]"
DATE = "[Datum]"

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A preposition before a date is taken with it, so that the relative time reads well.
_PREP = r"(?:\b(am|im|vom|seit dem|seit|ab dem|ab|bis zum|bis)\s+)?"
_DATE_NUMERIC = re.compile(
    _PREP + r"\b(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2})(?!\d)", re.IGNORECASE
)
_DATE_ISO = re.compile(_PREP + r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", re.IGNORECASE)
_DATE_WORDS = re.compile(
    _PREP + rf"\b(?:(\d{{1,2}})\s?\.\s*)?({_MONTH_NAMES})\b(?:\s+(\d{{4}}))?", re.IGNORECASE
)
_DATE_NO_YEAR = re.compile(r"\b(\d{1,2})\s?\.\s?(\d{1,2})\s?\.(?!\s?\d)")
_PHONE = re.compile(r"(?<![\w\]])(?:\+|00|0)\d[\d\s/().-]{4,}\d")
_LONG_NUMBER = re.compile(r"\d[\d\s./-]{3,}\d|\d{5,}")
_STREET = re.compile(
    r"\b[\wÄÖÜäöüß.-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|pfad)"
    r"\s*\d+\s?[a-zA-Z]?\b",
    re.IGNORECASE | re.UNICODE,
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


@dataclass
class Secrets:
    """What must not appear: names and places, and the day the case started."""

    start: date
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def relative(day: date, start: date, preposition: str | None = None) -> str:
    """A day as a time in the case: never the date itself."""
    days = (day - start).days
    if days < 0:
        return "vor Beginn der Beratung"
    if days < 14:
        return "in den ersten zwei Wochen"
    month = f"{days // 30 + 1}. Monat"
    lead = (preposition or "").lower()
    if lead.startswith("seit"):
        return f"seit dem {month}"
    if lead.startswith("ab"):
        return f"ab dem {month}"
    if lead.startswith("bis"):
        return f"bis zum {month}"
    return f"im {month}"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None, start: date) -> int:
    if not text:
        return start.year
    value = int(text)
    return value + 2000 if value < 100 else value


def _dates(text: str, start: date) -> str:
    def numeric(match):
        prep, d, m, y = match.groups()
        day = _safe_date(_year(y, start), int(m), int(d))
        return relative(day, start, prep) if day else _keep(prep, DATE)

    def iso(match):
        prep, y, m, d = match.groups()
        day = _safe_date(int(y), int(m), int(d))
        return relative(day, start, prep) if day else _keep(prep, DATE)

    def words(match):
        prep, d, month, y = match.groups()
        day = _safe_date(_year(y, start), MONTHS[month.lower()], int(d or 1))
        return relative(day, start, prep) if day else _keep(prep, DATE)

    text = _DATE_NUMERIC.sub(numeric, text)
    text = _DATE_ISO.sub(iso, text)
    text = _DATE_WORDS.sub(words, text)
    return _DATE_NO_YEAR.sub(DATE, text)


def _keep(preposition: str | None, placeholder: str) -> str:
    return f"{preposition} {placeholder}" if preposition else placeholder


@functools.lru_cache(maxsize=100_000)
def _folded_word(word: str) -> tuple[str, ...]:
    """The folded forms of one word of a name: whole, and each part of a hyphenated
    one. Cached: a tenant's tens of thousands of names share a few thousand words,
    and every save of a reconstruction reads them all."""
    forms = [fold(word).replace(" ", "")]
    forms += [fold(part) for part in re.split(r"[-'’]", word)]
    return tuple(forms)


def _word_keys(values: list[str], *, min_length: int) -> set[str]:
    """Folded words of the names or places (single words of at least `min_length`
    letters, and hyphenated names whole)."""
    keys = set()
    for value in values:
        for word in _WORD.findall(value or ""):
            keys.update(form for form in _folded_word(word) if len(form) >= min_length)
    return keys


def _replace_words(text: str, keys: set[str], placeholder: str) -> str:
    if not keys:
        return text

    def replace(match):
        word = match.group(0)
        if fold(word).replace(" ", "") in keys:
            return placeholder
        parts = re.split(r"([-'’])", word)
        if len(parts) > 1 and any(fold(p) in keys for p in parts[::2]):
            return placeholder
        return word

    return _WORD.sub(replace, text)


def _replace_phrases(text: str, phrases: list[str], placeholder: str) -> str:
    """Multi-word places ("Bad Musterau") as a whole, case-insensitively."""
    for phrase in sorted(
        {p.strip() for p in phrases if p and " " in p.strip()}, key=len, reverse=True
    ):
        text = re.sub(re.escape(phrase), placeholder, text, flags=re.IGNORECASE)
    return text


def anonymise(text: str, secrets: Secrets) -> str:
    text = text or ""
    text = _EMAIL.sub(EMAIL, text)
    text = _STREET.sub(ADDRESS, text)
    text = _dates(text, secrets.start)
    text = _PHONE.sub(PHONE, text)
    text = _LONG_NUMBER.sub(NUMBER, text)
    text = _replace_phrases(text, secrets.places, PLACE)
    text = _replace_words(text, _word_keys(secrets.places, min_length=3), PLACE)
    return _replace_words(text, _word_keys(secrets.names, min_length=2), NAME)
