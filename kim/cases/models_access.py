"""Access to a case from outside its unit: shares (Freigaben) with another unit and
emergency access (break the glass). Imported by `kim.cases.models`."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.parts import part_labels
from kim.core.models import TenantModel, Unit
from kim.people.models import Consent


class CaseShareQuerySet(models.QuerySet):
    def active(self, day: date | None = None):
        """Shares in force on the day: begun, not past their end, not ended early, and –
        when they rest on a consent – that consent still valid (withdrawal and expiry
        count at once). One condition in SQL, usable in `visible_cases`."""
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=day, valid_until__gte=day, ended_at__isnull=True)
            & (
                Q(consent__isnull=True)
                | (
                    Q(consent__given_on__lte=day)
                    & (Q(consent__valid_until__isnull=True) | Q(consent__valid_until__gte=day))
                    & (Q(consent__withdrawn_on__isnull=True) | Q(consent__withdrawn_on__gt=day))
                )
            )
        )


class CaseShare(TenantModel):
    """Defined parts of a case shared read-only with another unit for a purpose and a period.

    The legal basis is a consent that covers the receiving unit's organisation,
    the parts' data categories and the purpose, or the receiving office's legal
    mandate as the sharing user stated it.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shares")
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("von Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("an Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    parts = models.JSONField(_("Freigegebene Teile"), default=list)
    purpose = models.TextField(_("Zweck"))
    purpose_category = models.CharField(
        _("Art des Zwecks"), max_length=12, choices=Consent.PurposeCategory.choices
    )
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("Einwilligung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    legal_mandate = models.TextField(_("Gesetzlicher Auftrag des Empfängers"), blank=True)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    ended_at = models.DateTimeField(_("vorzeitig beendet am"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    end_reason = models.TextField(_("Grund der Beendigung"), blank=True)

    objects = CaseShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="caseshare_period_in_order",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | ~Q(legal_mandate=""),
                name="caseshare_has_legal_basis",
                violation_error_message=_(
                    "Eine Freigabe braucht eine Einwilligung oder einen gesetzlichen Auftrag."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "to_unit", "valid_until"], name="caseshare_to_unit"),
            models.Index(fields=["case", "-created_at"], name="caseshare_case"),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.to_unit_id}"

    @property
    def part_labels(self) -> list[str]:
        return part_labels(self.parts)

    def state(self, day: date | None = None) -> str:
        """ended, consent_invalid, expired, scheduled or active (for lists)."""
        day = day or timezone.localdate()
        if self.ended_at is not None:
            return "ended"
        if self.consent_id and not self.consent.is_valid_on(day):
            return "consent_invalid"
        if self.valid_until < day:
            return "expired"
        if self.valid_from > day:
            return "scheduled"
        return "active"

    STATE_LABELS = {
        "active": _("aktiv"),
        "scheduled": _("beginnt später"),
        "expired": _("abgelaufen"),
        "ended": _("vorzeitig beendet"),
        "consent_invalid": _("Einwilligung nicht mehr gültig"),
    }

    def state_label(self, day: date | None = None) -> str:
        return str(self.STATE_LABELS[self.state(day)])

    @property
    def is_running(self) -> bool:
        """Not ended early and not past its end: can still be ended."""
        return self.ended_at is None and self.valid_until >= timezone.localdate()


class EmergencyAccessQuerySet(models.QuerySet):
    def running(self, at=None):
        return self.filter(ends_at__gt=at or timezone.now())


class EmergencyAccess(TenantModel):
    """A team lead opened a case outside their units in an emergency: read-only, for a
    few hours (`settings.EMERGENCY_ACCESS_HOURS`), with a stated reason. Append-only."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("Fall"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Wer"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("aus Einheit"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("Grund"))
    started_at = models.DateTimeField(_("ab"), default=timezone.now)
    ends_at = models.DateTimeField(_("bis"))

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("Notfallzugriff")
        verbose_name_plural = _("Notfallzugriffe")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("started_at")), name="emergency_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "user", "ends_at"], name="emergency_user"),
            models.Index(fields=["tenant", "-started_at"], name="emergency_tenant"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.case_id} ({self.started_at:%d.%m.%Y %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Emergency accesses are append-only.")
        super().save(*args, **kwargs)

    @property
    def is_running(self) -> bool:
        return self.ends_at > timezone.now()
