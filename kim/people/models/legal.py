"""Legal domains (Rechtskreise) and residence status: append-only history.

A row is never changed. Ending, a transition or a correction writes a new row
that `supersedes` the old one; the current picture is the rows nobody
supersedes. `supersedes` is one-to-one, so two people correcting the same row
at once cannot both succeed.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kim.core.models import Organisation, TenantModel
from kim.people.models.person import Person


class Change(models.TextChoices):
    NEW = "new", _("erfasst")
    END = "end", _("beendet")
    TRANSITION = "transition", _("Wechsel")
    CORRECTION = "correction", _("korrigiert")


class HistoryQuerySet(models.QuerySet):
    def current(self):
        """The rows no later row supersedes."""
        return self.filter(superseded_by__isnull=True)


class HistoryRow(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    change = models.CharField(_("Art der Eintragung"), max_length=12, choices=Change.choices)
    reason = models.CharField(_("Begründung"), max_length=500, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        try:
            self.superseded_by  # noqa: B018 - the access itself asks: does a later entry exist?
        except self.__class__.DoesNotExist:
            return True
        return False


class LegalDomain(models.TextChoices):
    SGB_II = "sgb2", _("SGB II – Grundsicherung für Arbeitsuchende")
    SGB_III = "sgb3", _("SGB III – Arbeitsförderung")
    SGB_VIII = "sgb8", _("SGB VIII – Kinder- und Jugendhilfe")
    SGB_XII = "sgb12", _("SGB XII – Sozialhilfe")
    ASYLBLG = "asylblg", _("AsylbLG – Asylbewerberleistungsgesetz")
    AUFENTHG = "aufenthg", _("AufenthG – Aufenthaltsgesetz")
    STAG = "stag", _("StAG – Staatsangehörigkeitsgesetz")


class LegalDomainPeriod(HistoryRow):
    """A period in which a legal domain governs a person's support."""

    domain = models.CharField(_("Rechtskreis"), max_length=10, choices=LegalDomain.choices)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Zuständige Stelle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    office = models.CharField(
        _("Zuständige Stelle (Freitext)"),
        max_length=200,
        blank=True,
        help_text=_("Wenn die Stelle nicht in der Liste steht, z. B. „Jobcenter Dortmund“."),
    )
    transition_from = models.ForeignKey(
        "self",
        verbose_name=_("Wechsel aus"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Rechtskreis-Zeitraum")
        verbose_name_plural = _("Rechtskreis-Zeiträume")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="legaldomain_period_order",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "person"], name="legaldomain_person")]

    def __str__(self):
        return self.get_domain_display()

    @property
    def office_display(self) -> str:
        return str(self.responsible_organisation or "") or self.office


class ResidenceStatus(HistoryRow):
    """One residence title or status of a person, as documented."""

    class Kind(models.TextChoices):
        RESIDENCE_PERMIT = "ae", _("Aufenthaltserlaubnis")
        SETTLEMENT_PERMIT = "ne", _("Niederlassungserlaubnis")
        PERMANENT_EU = "daeu", _("Erlaubnis zum Daueraufenthalt-EU")
        BLUE_CARD = "bkeu", _("Blaue Karte EU")
        PERMISSION_TO_STAY = "gestattung", _("Aufenthaltsgestattung")
        TOLERATION = "duldung", _("Duldung")
        FICTION_CERTIFICATE = "fiktion", _("Fiktionsbescheinigung")
        EU_FREE_MOVEMENT = "eu", _("EU-Freizügigkeit")
        GERMAN_CITIZEN = "de", _("deutsche Staatsangehörigkeit")
        OTHER = "other", _("sonstige")

    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    legal_basis = models.CharField(
        _("Rechtsgrundlage"),
        max_length=100,
        blank=True,
        help_text=_("Zum Beispiel „§ 24 AufenthG“ oder „§ 60a AufenthG“."),
    )
    issuing_authority = models.CharField(_("Ausstellende Behörde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Aufenthaltsstatus")
        verbose_name_plural = _("Aufenthaltsstatus")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="residence_period_order",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "person"], name="residence_person"),
            models.Index(fields=["tenant", "valid_until"], name="residence_valid_until"),
        ]

    def __str__(self):
        basis = f" ({self.legal_basis})" if self.legal_basis else ""
        return f"{self.get_kind_display()}{basis}"


# Offered as suggestions in the form; any other text is allowed.
LEGAL_BASIS_SUGGESTIONS = [
    "§ 24 AufenthG",
    "§ 25 Abs. 1 AufenthG",
    "§ 25 Abs. 2 AufenthG",
    "§ 25 Abs. 3 AufenthG",
    "§ 25 Abs. 5 AufenthG",
    "§ 25a AufenthG",
    "§ 25b AufenthG",
    "§ 60a AufenthG",
    "§ 60c AufenthG",
    "§ 60d AufenthG",
    "§ 81 Abs. 4 AufenthG",
    "§ 9 AufenthG",
    "§ 9a AufenthG",
    "§ 18g AufenthG",
    "§ 55 AsylG",
    "§ 2 FreizügG/EU",
]
