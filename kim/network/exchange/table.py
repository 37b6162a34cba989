"""Reading and writing the directory's table files: CSV and XLSX.

CSV is read as Excel writes it in Germany: semicolon (or comma or tab)
separated, UTF-8 with or without BOM, Windows-1252 or UTF-16. It is written
as UTF-8 with BOM and semicolons, which Excel opens correctly. Cells that a
spreadsheet would take for a formula (=, +, -, @ first) are written with a
leading apostrophe in CSV, which the reader removes again; in XLSX they are
written as text cells.

Limits (`MAX_BYTES`, `MAX_ROWS`) keep an upload from tying up the server.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60
# An XLSX is a ZIP archive: a small upload could unpack to gigabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format


class TableError(Exception):
    """The file as a whole cannot be read; the message says why, in German."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    format: str  # "csv" or "xlsx"
    notes: list[str] = field(default_factory=list)


def read_table(content: bytes) -> Table:
    if not content.strip():
        raise TableError(_("Die Datei ist leer."))
    if len(content) > MAX_BYTES:
        raise TableError(
            _("Die Datei ist zu groß (höchstens %(mb)s MB). Teilen Sie sie bitte auf.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if content.startswith(OLE_MAGIC):
        raise TableError(
            _("Das alte Excel-Format (XLS) wird nicht gelesen. Bitte als XLSX oder CSV speichern.")
        )
    if content.startswith(XLSX_MAGIC):
        return _read_xlsx(content)
    return _read_csv(content)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _limited(rows, start: int) -> list[tuple[int, list[str]]]:
    found = []
    for number, row in enumerate(rows, start=start):
        cells = [_cell_text(v) for v in row]
        if not any(cells):
            continue
        if len(found) >= MAX_ROWS:
            raise TableError(
                _("Die Datei hat mehr als %(n)s Zeilen. Teilen Sie sie bitte auf.")
                % {"n": MAX_ROWS}
            )
        found.append((number, cells))
    return found


def _unpacked_size(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(member.file_size for member in archive.infolist())


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        unpacked = _unpacked_size(content)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TableError(_("Die Datei ist keine gültige Excel-Datei (XLSX).")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError(
            _("Die Excel-Datei ist entpackt zu groß. Bitte als CSV speichern oder aufteilen.")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(_("Die Datei ist keine gültige Excel-Datei (XLSX).")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header_row = next(rows, None)
        if header_row is None:
            raise TableError(_("Die Tabelle ist leer."))
        header = [_cell_text(v) for v in header_row]
        while header and not header[-1]:
            header.pop()
        data = _limited(rows, start=2)
    finally:
        workbook.close()
    return Table(header=header, rows=[(n, _strip_apostrophe(c)) for n, c in data], format="xlsx")


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "UTF-8"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ";"))


def _strip_apostrophe(cells: list[str]) -> list[str]:
    """Undo the formula guard of the export: "'=…" → "=…"."""
    return [c[1:] if len(c) > 1 and c[0] == "'" and c[1] in FORMULA_START else c for c in cells]


def _read_csv(content: bytes) -> Table:
    try:
        text, encoding = _decode(content)
    except UnicodeDecodeError as error:
        raise TableError(_("Die Datei ist keine lesbare Textdatei (CSV).")) from error
    if "\x00" in text:
        raise TableError(_("Die Datei ist weder CSV noch XLSX."))
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader, None)
        if header is None:
            raise TableError(_("Die Tabelle ist leer."))
        if len(header) > MAX_COLUMNS:
            raise TableError(_("Die Datei hat zu viele Spalten."))
        data = _limited(reader, start=2)
    except csv.Error as error:
        raise TableError(_("Die CSV-Datei ist fehlerhaft: %(error)s") % {"error": error}) from error
    notes = [] if encoding == "UTF-8" else [_("Zeichensatz: %(enc)s") % {"enc": encoding}]
    return Table(
        header=[h.strip().lstrip("\ufeff") for h in header],
        rows=[(n, _strip_apostrophe(cells)) for n, cells in data],
        format="csv",
        notes=notes,
    )


# --- writing ------------------------------------------------------------------------------


def _guarded(value: str) -> str:
    return f"'{value}" if value and value[0] in FORMULA_START else value


def write_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_guarded(_cell_text(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            else:
                cell.value = _cell_text(value)
                cell.data_type = "s"  # never a formula
                cell.alignment = Alignment(wrap_text="\n" in cell.value, vertical="top")
    sheet.freeze_panes = "C2"
    for c, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(len(name) + 2, 14), 40)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
