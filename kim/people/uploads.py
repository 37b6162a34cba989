"""Checks for uploaded scans: the content decides the type, not the name."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
_EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"}}
_CONTENT_TYPES = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpeg": {"image/jpeg", "image/pjpeg"},
}
# Clients that do not say what they send (curl, some scanners) are judged by name and content.
_UNDECLARED = {"", "application/octet-stream"}
_LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}


def sniff(head: bytes) -> str | None:
    for kind, signatures in _SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def check_document(upload) -> str:
    """The type ("pdf", "jpeg" or "png") of an uploaded scan, or a ValidationError.

    The bytes must be a PDF, JPEG or PNG, and the file name and the declared
    content type must say the same: an .exe renamed to .pdf is refused, and so
    is a PNG named .pdf.
    """
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("Die Datei ist größer als 10 MB. Bitte als kleinere Datei scannen."),
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("Erlaubt sind nur PDF-, JPEG- und PNG-Dateien; diese Datei ist keine davon."),
            code="type",
        )
    extension = Path(upload.name or "").suffix.lower()
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if extension not in _EXTENSIONS[kind] or (
        declared not in _UNDECLARED and declared not in _CONTENT_TYPES[kind]
    ):
        raise ValidationError(
            _(
                "Name und Inhalt der Datei passen nicht zusammen: Der Inhalt ist ein "
                "%(kind)s. Bitte die Datei mit der richtigen Endung hochladen."
            )
            % {"kind": _LABELS[kind]},
            code="mismatch",
        )
    return kind


# How a stored scan goes out again: by the type its content was recognised as.
DOWNLOAD_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
DOWNLOAD_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def consent_scan_name(consent) -> str:
    """The file name of a consent's scan: the day and number, nothing about the person."""
    extension = DOWNLOAD_EXTENSIONS[consent.document_type]
    return f"einwilligung-{consent.given_on:%Y-%m-%d}-{consent.pk}.{extension}"
