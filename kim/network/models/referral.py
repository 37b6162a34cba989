"""Referrals (Vermittlungen): a person of a case is referred to a service of the directory.

A referral starts from a case, normally from an action of its support plan
("who does what by when"), names the service and thereby the receiving
organisation, the purpose, what is shared with the partner and on which legal
basis: a consent of the person that covers the recipient, every shared data
category and the purpose on the sending day, or a legal mandate of the
recipient as the user stated it. A referral may share no personal data at all
(the person goes there themself); it is recorded all the same.

The status follows `kim.network.referral_states`; every change is a new row in
`ReferralStatusChange`. Partners without an account answer through a
`ReferralLink` (a random token of which only the SHA-256 hash is stored).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Case
from kim.core.models import Organisation, TenantModel, Unit
from kim.network.models.directory import Service
from kim.network.referral_states import Outcome, Status
from kim.people.models import Consent
from kim.people.selectors.consent import consent_still_covers
from kim.planning.models import Action


class Referral(TenantModel):
    Status = Status
    Outcome = Outcome

    case = models.ForeignKey(
        Case, verbose_name=_("Fall"), on_delete=models.CASCADE, related_name="referrals"
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("Maßnahme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("Angebot"), on_delete=models.PROTECT, related_name="referrals"
    )
    # The service's organisation, kept on the row: the partner inbox filters by it.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Empfangende Organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The unit in whose name the referral was made (the case's unit at the time).
    unit = models.ForeignKey(
        Unit, verbose_name=_("vermittelnde Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("Zweck der Vermittlung"), max_length=2000)
    purpose_category = models.CharField(
        _("Art des Zwecks"),
        max_length=12,
        choices=Consent.PurposeCategory.choices,
        default=Consent.PurposeCategory.REFERRAL,
    )
    data_categories = models.JSONField(_("Geteilte Daten"), default=list, blank=True)
    message = models.TextField(_("Nachricht an die Partnerstelle"), max_length=3000, blank=True)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("Einwilligung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    legal_mandate = models.TextField(
        _("Gesetzlicher Auftrag der empfangenden Stelle"), max_length=1000, blank=True
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    decline_reason = models.TextField(_("Grund der Ablehnung"), blank=True)
    first_appointment_on = models.DateField(_("erster Termin am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    outcome = models.CharField(_("Ergebnis"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("Rückmeldung"), max_length=2000, blank=True)
    cancel_reason = models.TextField(_("Grund des Abbruchs"), blank=True)
    # When the partner first saw the shared data (through the link or the inbox).
    partner_seen_at = models.DateTimeField(_("von der Partnerstelle gesehen am"), null=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Vermittlung")
        verbose_name_plural = _("Vermittlungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(data_categories=[])
                | Q(consent__isnull=False)
                | ~Q(legal_mandate=""),
                name="referral_sent_data_has_legal_basis",
                violation_error_message=_(
                    "Wer Daten teilt, braucht eine Einwilligung oder einen gesetzlichen Auftrag."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "case"], name="referral_case"),
            models.Index(fields=["tenant", "organisation", "status"], name="referral_inbox"),
            models.Index(fields=["tenant", "service", "status"], name="referral_service"),
        ]

    def __str__(self):
        return _("Vermittlung %(number)s") % {"number": self.reference}

    @property
    def reference(self) -> str:
        """The number the person and the partner can quote (no personal data)."""
        return f"V-{self.pk}"

    @property
    def shares_data(self) -> bool:
        return bool(self.data_categories)

    @property
    def data_category_labels(self) -> list[str]:
        labels = dict(Consent.DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories]

    @property
    def waiting_days(self) -> int | None:
        """Days from sending to the first appointment (the waiting time)."""
        if self.sent_at is None or self.first_appointment_on is None:
            return None
        return (self.first_appointment_on - timezone.localtime(self.sent_at).date()).days

    def legal_basis_holds(self, day=None) -> bool:
        """Whether the legal basis still holds on the day: a mandate always; a consent
        while it is valid and, as it stands now (it may have been corrected), still
        covers the shared data, the receiving organisation and the purpose.

        Reads the consent's recipient organisations: prefetch
        `consent__recipient_organisations` (and select `organisation`) for lists.
        """
        if not self.shares_data or self.consent_id is None:
            return True
        return consent_still_covers(
            self.consent,
            data_categories=list(self.data_categories),
            recipient_organisation=self.organisation,
            purpose_category=self.purpose_category,
            on=day,
        )


class ReferralStatusChange(TenantModel):
    """Append-only history of a referral: every change of status is a new row."""

    class Via(models.TextChoices):
        CASE_MANAGEMENT = "case", _("Case Management")
        PARTNER_ACCOUNT = "partner", _("Partnerstelle (Konto)")
        PARTNER_LINK = "link", _("Partnerstelle (Link)")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices)
    changed_at = models.DateTimeField(_("geändert am"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    via = models.CharField(_("über"), max_length=8, choices=Via.choices)
    note = models.TextField(_("Anmerkung"), blank=True)

    class Meta:
        verbose_name = _("Statuswechsel einer Vermittlung")
        verbose_name_plural = _("Statuswechsel von Vermittlungen")
        ordering = ["changed_at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Referral status changes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Referral status changes are append-only.")


class ReferralLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked, not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ReferralLink(TenantModel):
    """A link for a partner without an account: one referral, time-limited, revocable.

    Only the SHA-256 hash of the random token is stored; the full address is
    shown once, right after it was made.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoke_reason = models.CharField(_("Grund des Widerrufs"), max_length=300, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt geöffnet am"), null=True, blank=True)

    objects = ReferralLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("Partner-Link")
        verbose_name_plural = _("Partner-Links")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("Partner-Link zu %(referral)s") % {"referral": self.referral.reference}

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "active"
