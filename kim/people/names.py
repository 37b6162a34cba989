"""Name folding and phonetic keys for fuzzy person search.

Names arrive in many transliterations (Arabic, Cyrillic, Romanian, Turkish,
German). We fold them to lower-case ASCII the German way (ä -> ae, ß -> ss,
Cyrillic -> German transliteration), merge common transliteration variants,
and key each token with the Kölner Phonetik. Indexed names and queries go
through the same functions, so any consistent folding makes variants meet.
"""

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

import cologne_phonetics

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h"})
_CYRILLIC = {
    "а": "a", "б": "b", "в": "w", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "je",
    "ё": "jo", "ж": "sch", "з": "s", "и": "i", "і": "i", "ї": "ji", "й": "j", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)
# Variants that Kölner Phonetik alone keeps apart.
_VARIANTS = [
    (re.compile(r"dsch|dzh|dj|dz"), "j"),
    (re.compile(r"tsch|tch"), "ch"),
    (re.compile(r"^ch(?=[aouh])"), "k"),
    (re.compile(r"kh"), "ch"),
    (re.compile(r"sc(?=[aou])"), "sk"),  # Romanian -escu, Italian sca/sco
    (re.compile(r"gh"), "g"),
    (re.compile(r"th"), "t"),
    (re.compile(r"y"), "j"),
]
_SPLIT = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with German umlaut folding; punctuation becomes space."""
    text = text.lower().translate(_GERMAN).translate(_SPECIAL).translate(_CYRILLIC_TABLE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("`", "").replace("\u2019", "")
    return " ".join(_SPLIT.split(text)).strip()


def _merge_variants(token: str) -> str:
    for pattern, replacement in _VARIANTS:
        token = pattern.sub(replacement, token)
    return token


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """Kölner Phonetik of one folded token, after merging transliteration variants."""
    merged = _merge_variants(token)
    if not merged:
        return ""
    encoded = cologne_phonetics.encode(merged)
    return "".join(code for _, code in encoded)


def name_tokens(*names: str) -> set[str]:
    """Folded tokens of the given names, plus adjacent pairs joined
    ("Al-Hassan" gives "al", "hassan" and "alhassan")."""
    tokens: set[str] = set()
    for name in names:
        parts = fold(name or "").split()
        tokens.update(p for p in parts if p)
        tokens.update(a + b for a, b in pairwise(parts))
    return tokens


def index_keys(*names: str) -> set[tuple[str, str]]:
    """(folded token, phonetic code) pairs to store for a person's names."""
    return {(token, phonetic(token)) for token in name_tokens(*names)}


def search_entries(names: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The folded search name and the sorted (token, phonetic) keys to store
    for a person's names (main name and aliases)."""
    search_name = fold(" ".join(n for n in names if n))[:400]
    keys = [(token[:80], code[:80]) for token, code in sorted(index_keys(*names))]
    return search_name, keys
