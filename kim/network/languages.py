"""Languages as the people who speak them write them: "العربية (Arabisch)".

The codes are those of `kim.people.catalogues.LANGUAGES`. The list for a
person ("Wo finde ich Hilfe?") names each language in its own script first,
so that someone who reads little German still finds theirs.

A PDF can only show a script for which the server has a font (WeasyPrint
takes them from fontconfig); where none is installed the PDF names the
language in German only, instead of printing empty boxes.
"""

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass

from kim.people.catalogues import LANGUAGE_NAMES

logger = logging.getLogger(__name__)

# code -> (own name, writing direction, fontconfig language to check; "" = Latin)
ENDONYMS: dict[str, tuple[str, str, str]] = {
    "ar": ("العربية", "rtl", "ar"),
    "prs": ("دری", "rtl", "fa"),
    "fa": ("فارسی", "rtl", "fa"),
    "ps": ("پښتو", "rtl", "ps-af"),
    "kmr": ("Kurmancî", "ltr", ""),
    "ckb": ("کوردی", "rtl", "ku-iq"),
    "tr": ("Türkçe", "ltr", ""),
    "uk": ("Українська", "ltr", "uk"),
    "ru": ("Русский", "ltr", "ru"),
    "ro": ("Română", "ltr", ""),
    "bg": ("Български", "ltr", "bg"),
    "ti": ("ትግርኛ", "ltr", "ti-er"),
    "so": ("Soomaali", "ltr", ""),
    "am": ("አማርኛ", "ltr", "am"),
    "sq": ("Shqip", "ltr", ""),
    "sr": ("Српски", "ltr", "sr"),
    "pl": ("Polski", "ltr", ""),
    "rom": ("Romani čhib", "ltr", ""),
    "ur": ("اردو", "rtl", "ur"),
    "hi": ("हिन्दी", "ltr", "hi"),
    "vi": ("Tiếng Việt", "ltr", ""),
    "zh": ("中文", "ltr", "zh-cn"),
    "es": ("Español", "ltr", ""),
    "fr": ("Français", "ltr", ""),
    "it": ("Italiano", "ltr", ""),
    "pt": ("Português", "ltr", ""),
    "en": ("English", "ltr", ""),
    "de": ("Deutsch", "ltr", ""),
}
# The platform's typeface (Fira Sans) covers these; no need to ask fontconfig.
_TYPEFACE_COVERS = {"", "uk", "ru", "bg", "sr"}


@dataclass(frozen=True)
class LanguageName:
    code: str
    german: str
    own: str  # "" when it is the German name or cannot be shown
    direction: str = "ltr"

    def __str__(self) -> str:
        return f"{self.own} ({self.german})" if self.own else self.german


def language_name(code: str, *, printable_only: bool = False) -> LanguageName:
    """The language's own name and its German name; `printable_only` for a PDF."""
    german = str(LANGUAGE_NAMES.get(code, code))
    own, direction, script = ENDONYMS.get(code, ("", "ltr", ""))
    if code == "de" or own == german:
        own = ""
    if own and printable_only and not font_covers(script):
        own, direction = "", "ltr"
    return LanguageName(code=code, german=german, own=own, direction=direction)


def language_names(codes, *, printable_only: bool = False) -> list[LanguageName]:
    return [language_name(code, printable_only=printable_only) for code in codes]


@functools.cache
def font_covers(script: str) -> bool:
    """Whether an installed font can write this fontconfig language (asked once)."""
    if script in _TYPEFACE_COVERS:
        return True
    program = shutil.which("fc-list")
    if program is None:
        return False
    try:
        found = subprocess.run(  # noqa: S603 - fixed program, argument from the table above
            [program, f":lang={script}", "family"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        logger.warning("fc-list nicht ausführbar: %s", error)
        return False
    return bool(found.stdout.strip())
