"""Fixed value lists for persons (not tenant-configurable)."""

from django.utils.translation import gettext_lazy as _

# Languages counselling in KIM meets most; ISO 639-1/-3 codes.
LANGUAGES = [
    ("ar", _("Arabisch")),
    ("prs", _("Dari")),
    ("fa", _("Persisch (Farsi)")),
    ("ps", _("Paschtu")),
    ("kmr", _("Kurdisch (Kurmandschi)")),
    ("ckb", _("Kurdisch (Sorani)")),
    ("tr", _("Türkisch")),
    ("uk", _("Ukrainisch")),
    ("ru", _("Russisch")),
    ("ro", _("Rumänisch")),
    ("bg", _("Bulgarisch")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("am", _("Amharisch")),
    ("sq", _("Albanisch")),
    ("sr", _("Serbisch")),
    ("pl", _("Polnisch")),
    ("rom", _("Romanes")),
    ("ur", _("Urdu")),
    ("hi", _("Hindi")),
    ("vi", _("Vietnamesisch")),
    ("zh", _("Chinesisch")),
    ("es", _("Spanisch")),
    ("fr", _("Französisch")),
    ("it", _("Italienisch")),
    ("pt", _("Portugiesisch")),
    ("en", _("Englisch")),
    ("de", _("Deutsch")),
]
LANGUAGE_NAMES = dict(LANGUAGES)
