"""Follow-ups (Wiedervorlagen)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Case
from kim.core.models import TenantModel


class FollowUp(TenantModel):
    class Source(models.TextChoices):
        MANUAL = "manual", _("von Hand")
        ACTION = "action", _("Maßnahme fällig")
        RESIDENCE = "residence", _("Aufenthaltstitel läuft ab")
        NO_CONTACT = "no_contact", _("kein Kontakt")
        REFERRAL = "referral", _("Vermittlung")

    case = models.ForeignKey(
        Case, verbose_name=_("Fall"), on_delete=models.CASCADE, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuständig"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("fällig am"))
    title = models.CharField(_("Betreff"), max_length=200)
    note = models.TextField(_("Notiz"), blank=True)
    source = models.CharField(
        _("Herkunft"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    # Identifies a generated follow-up so that generation is idempotent.
    source_key = models.CharField(max_length=120, blank=True)
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.CharField(_("Vermerk zur Erledigung"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "source", "source_key"],
                condition=~models.Q(source_key=""),
                name="followup_unique_source",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenant", "assignee", "done_on", "due_on"], name="followup_assignee_due"
            ),
            models.Index(fields=["tenant", "case", "done_on"], name="followup_case_open"),
        ]

    def __str__(self):
        return f"{self.title} ({self.due_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.done_on is None
