"""The disclosure log (Offenlegungsprotokoll): who received which data about a person.

Every app that passes a person's data to another office or partner writes a row
through `kim.people.services.record_disclosure` (referrals, case shares, case
conferences, exports). The log answers a data-subject access request under
Art. 15 DSGVO: recipient, data, time, purpose and legal basis.

Rows are append-only. The one later write is the early end of an ongoing
disclosure (a share ended before its date), set once by `disclosure_end`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import Organisation, TenantModel, Unit
from kim.people.models.consent import Consent
from kim.people.models.person import Person


class Disclosure(TenantModel):
    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Vermittlung")
        CASE_SHARE = "case_share", _("Freigabe eines Falls")
        CASE_CONFERENCE = "conference", _("Fallkonferenz")
        EXPORT = "export", _("Export")
        EMERGENCY_ACCESS = "emergency", _("Notfallzugriff")
        OTHER = "other", _("sonstige Weitergabe")

    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="+"
    )
    # People does not import cases: the case is kept by id and by its number as
    # it was at the time, which is what the printed log shows.
    case_id = models.BigIntegerField(_("Fall-ID"), null=True, blank=True)
    case_number = models.CharField(_("Fallnummer"), max_length=30, blank=True)
    disclosed_at = models.DateTimeField(_("offengelegt am"), default=timezone.now)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("offenlegende Einheit"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Empfangende Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_unit = models.ForeignKey(
        Unit,
        verbose_name=_("Empfangende Einheit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_label = models.CharField(
        _("Empfänger (ohne Zugang zur Plattform)"), max_length=200, blank=True
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    purpose = models.TextField(_("Zweck"))
    purpose_category = models.CharField(
        _("Art des Zwecks"), max_length=12, choices=Consent.PurposeCategory.choices, blank=True
    )
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("Einwilligung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    legal_mandate = models.TextField(_("Gesetzlicher Auftrag"), blank=True)
    data_categories = models.JSONField(_("Offengelegte Daten"), default=list)
    source_type = models.CharField(_("Quelle (Typ)"), max_length=60, blank=True)
    source_id = models.BigIntegerField(_("Quelle (ID)"), null=True, blank=True)
    ends_on = models.DateField(_("dauert bis"), null=True, blank=True)
    ended_on = models.DateField(_("vorzeitig beendet am"), null=True, blank=True)
    ended_reason = models.TextField(_("Grund der Beendigung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Offenlegung")
        verbose_name_plural = _("Offenlegungen")
        ordering = ["-disclosed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | ~Q(legal_mandate=""),
                name="disclosure_has_legal_basis",
                violation_error_message=_(
                    "Eine Offenlegung braucht eine Einwilligung oder einen gesetzlichen Auftrag."
                ),
            ),
            models.CheckConstraint(
                condition=Q(recipient_organisation__isnull=False)
                | Q(recipient_unit__isnull=False)
                | ~Q(recipient_label=""),
                name="disclosure_has_recipient",
                violation_error_message=_("Eine Offenlegung braucht einen Empfänger."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "person", "-disclosed_at"], name="disclosure_person"),
            models.Index(fields=["source_type", "source_id"], name="disclosure_source"),
        ]

    def __str__(self):
        return f"{self.person_id} → {self.recipient_name} ({self.disclosed_at:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Disclosure rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Disclosure rows are append-only.")

    @property
    def recipient_name(self) -> str:
        """The recipient as the log names it: unit (organisation), or organisation, or label."""
        parts = []
        if self.recipient_unit_id:
            parts.append(self.recipient_unit.name)
        if self.recipient_organisation_id:
            parts.append(self.recipient_organisation.name)
        if self.recipient_label:
            parts.append(self.recipient_label)
        return " – ".join(dict.fromkeys(parts))

    @property
    def data_category_labels(self) -> list[str]:
        labels = dict(Consent.DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories]

    @property
    def source_key(self) -> str:
        return f"{self.source_type}:{self.source_id}" if self.source_type else ""

    def effective_end(self):
        """The last day of an ongoing disclosure: its planned end, an early end, or the
        day before its consent was withdrawn or after it expired, whichever is first.
        None for a one-off disclosure."""
        if self.ends_on is None and self.ended_on is None:
            return None
        days = [d for d in (self.ends_on, self.ended_on) if d is not None]
        consent = self.consent if self.consent_id else None
        if consent is not None:
            if consent.withdrawn_on is not None:
                days.append(consent.withdrawn_on - timedelta(days=1))
            if consent.valid_until is not None:
                days.append(consent.valid_until)
        return min(days)
