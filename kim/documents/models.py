"""Documents (Dokumente): files about a person, optionally within one of their cases.

The file lies in the document storage (`KIM_DATA_DIR/documents`, outside the
web root) under a random name and is served only by the download view after a
permission check. Deleting a document removes the file (it is personal data)
and keeps the row, with who deleted it, when and why, for the audit trail.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Case
from kim.core.models import TenantModel, Unit
from kim.people.models import Person

# The detected kind (kim.people.uploads.check_document) → what the download says it is.
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def document_path(document: "Document", filename: str) -> str:
    """A random name: the stored path says nothing about the person or the file."""
    extension = EXTENSIONS.get(document.content_type, "bin")
    return f"documents/{document.tenant_id}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(deleted_at__isnull=True)


class Document(TenantModel):
    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Ausweis oder Pass")
        RESIDENCE = "residence", _("Aufenthaltsdokument")
        DECISION = "decision", _("Bescheid")
        APPLICATION = "application", _("Antrag")
        CERTIFICATE = "certificate", _("Zeugnis oder Nachweis")
        CONTRACT = "contract", _("Vertrag")
        LETTER = "letter", _("Schreiben")
        OTHER = "other", _("Sonstiges")

    # A plain foreign key: merging duplicate persons re-points it like every other row.
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="documents"
    )
    # A case's document carries the case's person as well (set by the service).
    case = models.ForeignKey(
        Case,
        verbose_name=_("Fall"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("erfasst in"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("Art des Dokuments"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("Beschreibung"), max_length=300)
    file = models.FileField(_("Datei"), upload_to=document_path, blank=True, max_length=200)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=255)
    # Detected from the content, never taken from the name or the browser's claim.
    content_type = models.CharField(_("Dateiformat"), max_length=40)
    size = models.PositiveIntegerField(_("Größe in Bytes"))
    sha256 = models.CharField(_("SHA-256-Prüfsumme"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelöscht von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deletion_reason = models.CharField(_("Grund der Löschung"), max_length=500, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            # A live document has its file; a deleted one has none, and a reason.
            models.CheckConstraint(
                condition=(Q(deleted_at__isnull=True) & ~Q(file=""))
                | (Q(deleted_at__isnull=False) & Q(file="") & ~Q(deletion_reason="")),
                name="document_file_until_deleted",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "person", "-uploaded_at"], name="document_person"),
            models.Index(fields=["tenant", "case", "-uploaded_at"], name="document_case"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")

    @property
    def format_label(self) -> str:
        return self.extension.upper().replace("JPG", "JPEG")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
