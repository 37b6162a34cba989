"""Structural issues (Strukturthemen): what the coordination makes of the barriers
flagged in cases. They hold counts as shown on the overview (small numbers already
suppressed), descriptions and notes – never a person or a case."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import FieldOfAction, Organisation, TenantModel
from kim.planning.models import BarrierCategory
from kim.steering.issue_states import Status


class StructuralIssue(TenantModel):
    Status = Status

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(
        _("Beschreibung"),
        max_length=5000,
        help_text=_("Was läuft strukturell schief, und für wen? Ohne Namen und Fallbezug."),
    )
    categories = models.ManyToManyField(
        BarrierCategory, verbose_name=_("Arten von Hürden"), blank=True, related_name="+"
    )
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="+"
    )
    legal_domains = models.JSONField(_("Rechtskreise"), default=list, blank=True)
    offices = models.ManyToManyField(
        Organisation, verbose_name=_("Beteiligte Stellen"), blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verantwortlich"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Stand"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    work = models.CharField(
        _("Projekt oder Arbeitsgruppe"),
        max_length=200,
        blank=True,
        help_text=_("Wo das Thema bearbeitet wird."),
    )
    # The overview's counts for the categories when the issue was made from them, as
    # the page showed them ("< 5", "gesperrt"): {"year": 2026, "rows": [...]}.
    evidence = models.JSONField(_("Belege aus den Hürden"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Strukturthema")
        verbose_name_plural = _("Strukturthemen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "status"], name="issue_tenant_status")]

    def __str__(self):
        return self.title


class StructuralIssueStep(TenantModel):
    """Append-only history: every change of status, with date, who and a note."""

    issue = models.ForeignKey(StructuralIssue, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("Stand"), max_length=16, choices=Status.choices)
    changed_on = models.DateField(_("am"), default=timezone.localdate)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("Anmerkung"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("Schritt eines Strukturthemas")
        verbose_name_plural = _("Schritte von Strukturthemen")
        ordering = ["changed_at", "id"]


class StructuralIssueNote(TenantModel):
    """Evidence in words: an observation, a source, a meeting's finding. No names."""

    issue = models.ForeignKey(StructuralIssue, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("Notiz"), max_length=5000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Notiz zu einem Strukturthema")
        verbose_name_plural = _("Notizen zu Strukturthemen")
        ordering = ["added_at", "id"]
