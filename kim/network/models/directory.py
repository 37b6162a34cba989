"""The services directory (Angebotslandkarte): organisations' directory details and their services.

Organisations are `kim.core.models.Organisation` (units and consents refer to
them); what the directory adds about one lives in its `OrganisationProfile`.
A `Service` (Angebot) is what an organisation offers. Neither is personal
data: every user of the tenant may read the directory; writes are audited.

Legal domains and languages are short lists of fixed codes (those of
`kim.people`), stored as JSON lists so that a list page needs no extra query
per row; `has_code` filters them on SQLite and PostgreSQL alike.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kim.cases.models import TargetGroup
from kim.core.models import District, FieldOfAction, Organisation, TenantModel, Town
from kim.people.catalogues import LANGUAGE_NAMES
from kim.people.models import LegalDomain

# How long a review holds before the service is listed as "review due".
REVIEW_INTERVAL_DAYS = 365


def has_code(field: str, code: str) -> Q:
    """Rows whose JSON list in `field` contains `code`.

    JSON `contains` does not exist on SQLite; the quoted code matched in the
    list's text does, on both databases. Codes are plain lowercase words, and
    the quotes keep "sgb2" from matching "sgb12".
    """
    return Q(**{f"{field}__icontains": f'"{code}"'})


class OrganisationProfile(TenantModel):
    """What the directory says about an organisation: address, contact, a short description."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), max_length=300, blank=True)
    description = models.TextField(_("Kurzbeschreibung"), max_length=2000, blank=True)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Organisationsprofil")
        verbose_name_plural = _("Organisationsprofile")

    def __str__(self):
        return str(self.organisation)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def profile_of(organisation: Organisation) -> OrganisationProfile | None:
    """The organisation's directory details, if it has any (no query after select_related)."""
    try:
        return organisation.profile
    except OrganisationProfile.DoesNotExist:
        return None


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Service(TenantModel):
    """Angebot: what an organisation offers, for whom, where, in which languages."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("Name des Angebots"), max_length=200)
    description = models.TextField(
        _("Beschreibung in einfacher Sprache"),
        max_length=2000,
        help_text=_("Kurze Sätze. Was bekommt man hier? Wer kann kommen?"),
    )
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="+"
    )
    legal_domains = models.JSONField(_("Rechtskreise"), default=list, blank=True)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    # No town means: the whole tenant (every town of the Kreis).
    towns = models.ManyToManyField(Town, verbose_name=_("Orte"), blank=True, related_name="+")
    districts = models.ManyToManyField(
        District, verbose_name=_("Stadtteile"), blank=True, related_name="+"
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    directions = models.CharField(
        _("So kommen Sie hin"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel „Bus 5 bis Haltestelle Rathaus, 2. Stock“."),
    )
    opening_hours = models.TextField(_("Öffnungszeiten"), max_length=1000, blank=True)
    contact_name = models.CharField(_("Ansprechperson oder Funktion"), max_length=200, blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    waiting_weeks = models.PositiveSmallIntegerField(
        _("Wartezeit in Wochen"), null=True, blank=True
    )
    capacity_note = models.CharField(
        _("Plätze und Wartezeit (Hinweis)"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel „Kurs startet im März, noch 4 Plätze frei“."),
    )
    accepts_referrals = models.BooleanField(_("nimmt Vermittlungen an"), default=False)
    referral_email = models.EmailField(
        _("E-Mail-Adresse für Vermittlungen"),
        blank=True,
        help_text=_("An diese Adresse gehen Vermittlungen an die Partnerorganisation."),
    )
    reviewed_on = models.DateField(_("geprüft am"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="service_unique_name_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(accepts_referrals=False) | ~Q(referral_email=""),
                name="service_referral_email_when_accepting",
                violation_error_message=_(
                    "Wer Vermittlungen annimmt, braucht eine E-Mail-Adresse dafür."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "archived_at", "name"], name="service_tenant_active"),
            models.Index(fields=["tenant", "reviewed_on"], name="service_tenant_review"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def legal_domain_names(self) -> list[str]:
        return [legal_domain_label(code) for code in self.legal_domains]

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.languages]


# Short names of the legal domains, as the directory lists them.
LEGAL_DOMAIN_SHORT = {
    LegalDomain.SGB_II: "SGB II",
    LegalDomain.SGB_III: "SGB III",
    LegalDomain.SGB_VIII: "SGB VIII",
    LegalDomain.SGB_XII: "SGB XII",
    LegalDomain.ASYLBLG: "AsylbLG",
    LegalDomain.AUFENTHG: "AufenthG",
    LegalDomain.STAG: "StAG",
}


def legal_domain_label(code: str) -> str:
    return LEGAL_DOMAIN_SHORT.get(code, code)
