"""Documents of the demo: small synthetic PDFs and PNGs made here (no real data).

Iryna Bondarenko's walk-through case shows what arrives at intake (passport,
residence title, the Jobcenter's invitation); Mohammed Al-Hassan's running case
a notice, a course confirmation and a draft application; Anna Müller and Tesfay
Ghebremedhin have documents of the person without a case.

The files are written once the demo's transaction has committed: a load that
is rolled back (as in tests) leaves no files behind in the document store.
"""

import struct
import zlib
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.demo.course import at, backdate
from kim.documents.models import Document
from kim.documents.services import document_upload

STAMP = "MUSTER - Demodaten, kein echtes Dokument"

# (person key, on the case?, kind, description, file name, days after opening, lines)
DOCUMENTS = [
    ("bondarenko", False, "identity", "Reisepass der Ukraine, Kopie der Datenseite",
     "reisepass.pdf", 0, ["Reisepass (Kopie der Datenseite)", "Ukraine"]),
    ("bondarenko", True, "residence", "Aufenthaltserlaubnis nach § 24 AufenthG, Vorder- und Rückseite",
     "aufenthaltserlaubnis.png", 0, None),
    ("bondarenko", True, "letter", "Einladung des Jobcenters zum Erstgespräch",
     "einladung-jobcenter.pdf", 1, ["Einladung zum Erstgespräch", "Jobcenter Kreis Musterland"]),
    ("hassan", True, "decision", "Bewilligungsbescheid des Jobcenters (SGB II)",
     "bescheid-jobcenter.pdf", 12, ["Bewilligungsbescheid", "Leistungen nach dem SGB II"]),
    ("hassan", True, "certificate", "Bestätigung der Anmeldung zum Integrationskurs",
     "anmeldung-integrationskurs.png", 40, None),
    ("hassan", True, "application", "Antrag auf Verlängerung der Aufenthaltserlaubnis (Entwurf)",
     "antrag-verlaengerung.pdf", 90, ["Antrag auf Verlängerung", "der Aufenthaltserlaubnis"]),
    ("mueller", False, "certificate", "Abschlusszeugnis der Berufsausbildung",
     "zeugnis.pdf", 5, ["Abschlusszeugnis", "Kauffrau im Einzelhandel"]),
    ("ghebremedhin", False, "residence", "Duldung nach § 60a AufenthG, Kopie",
     "duldung.png", 3, None),
]  # fmt: skip


def add_documents(writer, *, today: date) -> None:
    """Upload the demo documents through the service once the demo is committed."""
    uploads = []
    for key, on_case, kind, description, name, days, lines in DOCUMENTS:
        cases = writer.cases_of(key)
        if not cases:
            continue
        case = cases[-1]
        uploads.append((case.pk, on_case, kind, description, name, days, lines))
    tenant_id = writer.s.tenant.pk
    transaction.on_commit(lambda: _upload(tenant_id, uploads, today))


@transaction.atomic
def _upload(tenant_id: int, uploads: list, today: date) -> None:
    if Document.objects.filter(tenant_id=tenant_id).exists():
        return
    for case_pk, on_case, kind, description, name, days, lines in uploads:
        case = Case.objects.select_related("person", "case_manager").get(pk=case_pk)
        content, content_type = (pdf(lines), "application/pdf") if lines else (png(), "image/png")
        document = document_upload(
            actor=get_actor(case.case_manager),
            kind=kind,
            description=description,
            upload=SimpleUploadedFile(name, content, content_type=content_type),
            **({"case": case} if on_case else {"person": case.person}),
        )
        day = min(case.opened_on + timedelta(days=days), today)
        backdate(Document, document.pk, uploaded_at=at(day, 30))


def pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of text and the demo stamp."""
    text = [*lines, "", STAMP]
    ops = ["BT", "/F1 16 Tf", "60 770 Td", "22 TL"]
    ops += [f"({_pdf_text(line)}) '" for line in text]
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def png(width: int = 320, height: int = 200) -> bytes:
    """A grey card with a frame, a photo box and lines where text would be."""

    def pixel(x: int, y: int) -> int:
        if x < 4 or y < 4 or x >= width - 4 or y >= height - 4:
            return 60  # frame
        if 20 <= x < 100 and 30 <= y < 130:
            return 170  # photo box
        if 120 <= x < width - 24 and (y - 36) % 24 < 8 and 36 <= y < 140:
            return 110  # text lines
        return 235

    rows = b"".join(b"\x00" + bytes(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00" + STAMP.encode("latin-1"))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )
