"""The English catalogue (kim/locale/en/LC_MESSAGES/django.po) is complete,
matches the strings in the code, and is used when the user switches to English.

The .po file is read with a small parser so that these checks do not depend on
the compiled .mo; only the request test needs it and compiles it if it is
missing or older than the .po.
"""

import fcntl
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
PO_FILE = ROOT / "kim" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# The same directories `make messages-update` skips (plus hidden ones).
IGNORED_TOP_LEVEL = {".venv", "node_modules", "var", "bench"}
TRANSLATABLE_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' defaults
UPDATE_HINT = "run: make messages-update (then translate the new entries)"


# --- a tiny .po parser (standard library only) ---------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(token: str) -> str:
    body = token.strip()
    assert body.startswith('"') and body.endswith('"'), f"not a PO string: {token!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), body[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags, line.

    Obsolete entries (#~) are skipped; the header (empty msgid) is included.
    """
    entries: list[dict] = []
    entry: dict | None = None
    field: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry, field
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)
        entry, field = None, None

    def new_entry(line_no):
        return {
            "msgctxt": None,
            "msgid": None,
            "msgid_plural": None,
            "msgstr": {},
            "flags": set(),
            "line": line_no,
        }

    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and entry["msgid"] is not None:
                finish()  # comments start the next entry
            if entry is None:
                entry = new_entry(line_no)
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith('"'):
            assert entry is not None and field is not None, f"{path}:{line_no}: stray string"
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += _unquote(line)
            else:
                entry[name] += _unquote(line)
            continue
        match = _KEYWORD.match(line)
        assert match, f"{path}:{line_no}: cannot parse {raw!r}"
        keyword, index, value = match[1], match[2], _unquote(match[3])
        if entry is None or (keyword in ("msgctxt", "msgid") and entry["msgid"] is not None):
            finish()
            entry = new_entry(line_no)
        if keyword.startswith("msgstr"):
            field = ("msgstr", int(index) if index is not None else 0)
            entry["msgstr"][field[1]] = value
        else:
            field = (keyword, None)
            entry[keyword] = value
    finish()
    return entries


def _messages(path: Path) -> list[dict]:
    return [e for e in parse_po(path) if e["msgid"] != ""]


def _key(entry: dict) -> str:
    key = entry["msgid"]
    if entry["msgctxt"] is not None:
        key = f"[{entry['msgctxt']}] {key}"
    if entry["msgid_plural"] is not None:
        key = f"{key} | {entry['msgid_plural']}"
    return key


# --- (a) every message is translated ------------------------------------------


def test_english_catalogue_exists():
    assert PO_FILE.is_file(), f"{PO_FILE.relative_to(ROOT)} is missing; {UPDATE_HINT}"


def test_every_message_is_translated_and_not_fuzzy():
    header = next(e for e in parse_po(PO_FILE) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"], "the header of django.po is marked fuzzy"
    problems = []
    for entry in _messages(PO_FILE):
        forms = 2 if entry["msgid_plural"] is not None else 1
        strings = [entry["msgstr"].get(i, "") for i in range(forms)]
        if "fuzzy" in entry["flags"]:
            problems.append(f"  fuzzy (line {entry['line']}): {_key(entry)!r}")
        elif not all(s.strip() for s in strings):
            problems.append(f"  untranslated (line {entry['line']}): {_key(entry)!r}")
    assert not problems, (
        f"{len(problems)} message(s) in {PO_FILE.relative_to(ROOT)} need a translation:\n"
        + "\n".join(problems)
    )


_PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sdifr]|%[sdifr]|%%")
_BRACE = re.compile(r"\{[A-Za-z0-9_]*\}")


def test_translations_keep_the_placeholders():
    # A missing or renamed %(name)s raises KeyError at runtime, not just a typo.
    problems = []
    for entry in _messages(PO_FILE):
        pattern = _BRACE if "python-brace-format" in entry["flags"] else _PLACEHOLDER
        if entry["msgid_plural"] is None:
            pairs = [(entry["msgid"], entry["msgstr"].get(0, ""))]
        else:
            # The singular may leave out the number ("1 case" vs "%(n)s cases").
            pairs = [(entry["msgid_plural"], entry["msgstr"].get(1, ""))]
            singular = set(pattern.findall(entry["msgstr"].get(0, "")))
            if not singular <= set(pattern.findall(entry["msgid_plural"])):
                problems.append(f"  line {entry['line']}: {_key(entry)!r}")
        for source, translated in pairs:
            if translated and sorted(pattern.findall(source)) != sorted(
                pattern.findall(translated)
            ):
                problems.append(f"  line {entry['line']}: {_key(entry)!r} -> {translated!r}")
    assert not problems, "placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


# --- (b) the catalogue matches the code ---------------------------------------


def _copy_translatable_sources(target: Path) -> None:
    """Copy the files makemessages would read, so that its temporary
    `<template>.html.py` files land in the copy and not in the working tree."""

    def ignore(directory, names):
        skipped = set()
        for name in names:
            path = Path(directory, name)
            if name.startswith("."):
                skipped.add(name)
            elif path.is_dir():
                if (Path(directory) == ROOT and name in IGNORED_TOP_LEVEL) or (name == "locale"):
                    skipped.add(name)
            elif path.suffix not in TRANSLATABLE_SUFFIXES:
                skipped.add(name)
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)


def test_catalogue_is_up_to_date_with_the_code(settings, monkeypatch):
    with tempfile.TemporaryDirectory(prefix="kim-messages-") as tmp:
        tmp_path = Path(tmp)
        sources = tmp_path / "src"
        locale_dir = tmp_path / "locale"
        _copy_translatable_sources(sources)
        locale_dir.mkdir()
        settings.LOCALE_PATHS = [str(locale_dir)]
        monkeypatch.chdir(sources)
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
        fresh = {_key(e) for e in _messages(locale_dir / "en" / "LC_MESSAGES" / "django.po")}

    committed = {_key(e) for e in _messages(PO_FILE)}
    new, removed = sorted(fresh - committed), sorted(committed - fresh)
    lines = [f"  new in the code: {m!r}" for m in new]
    lines += [f"  no longer in the code: {m!r}" for m in removed]
    assert not lines, (
        f"{PO_FILE.relative_to(ROOT)} is out of date with the code "
        f"({len(new)} new, {len(removed)} removed); {UPDATE_HINT}\n" + "\n".join(lines)
    )


# --- (c) switching to English shows English -----------------------------------


@pytest.fixture(scope="session")
def compiled_catalogue():
    """Compile django.po if the .mo is missing or older; safe under pytest-xdist."""
    lock_path = Path(tempfile.gettempdir()) / "kim-compilemessages.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
                call_command(
                    "compilemessages",
                    locale=["en"],
                    ignore_patterns=[".venv", "node_modules", "var", "bench"],
                    verbosity=0,
                )
                # Catalogues already loaded in this process would hide the new .mo.
                from django.utils.translation import trans_real

                trans_real._translations = {}
                trans_real._default = None
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert MO_FILE.is_file(), f"compilemessages did not produce {MO_FILE}"
    return MO_FILE


@pytest.fixture
def _restore_language():
    current = translation.get_language()
    yield
    translation.activate(current)


@pytest.mark.usefixtures("compiled_catalogue", "_restore_language")
def test_login_page_is_german_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anmelden" in page
    assert "Benutzername" in page


@pytest.mark.usefixtures("compiled_catalogue", "_restore_language")
def test_login_page_is_english_after_switching_language(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Sign in" in page
    assert "Username" in page
    assert "Anmelden" not in page
    assert "Benutzername" not in page
