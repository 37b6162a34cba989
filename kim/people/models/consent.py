"""Consents (Einwilligungen): which data, to whom, for what, until when."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import Organisation, TenantModel, Unit
from kim.people.catalogues import LANGUAGES
from kim.people.models.person import Person


def consent_document_path(consent: "Consent", filename: str) -> str:
    """A random name: the stored path says nothing about the person."""
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(consent.document_type, "bin")
    return f"consents/{consent.tenant_id}/{uuid.uuid4().hex}.{extension}"


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day=None):
        """Given by then, not expired, not withdrawn (withdrawal counts from its day)."""
        day = day or timezone.localdate()
        return self.filter(
            Q(given_on__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        )


class Consent(TenantModel):
    class DataCategory(models.TextChoices):
        BASE_DATA = "base", _("Stammdaten")
        RESIDENCE = "residence", _("Aufenthalt")
        BENEFITS = "benefits", _("Leistungsbezug")
        HEALTH = "health", _("Gesundheit")
        EDUCATION_WORK = "education_work", _("Bildung/Arbeit")
        FAMILY = "family", _("Familie")
        DOCUMENTS = "documents", _("Dokumente")
        CASE = "case", _("Fallverlauf und Hilfeplanung")

    class PurposeCategory(models.TextChoices):
        REFERRAL = "referral", _("Vermittlung an ein Angebot")
        COORDINATION = "coordination", _("Abstimmung zwischen Stellen")
        CASE_CONFERENCE = "conference", _("Fallkonferenz")
        RESIDENCE = "residence", _("Aufenthaltssicherung / Einbürgerung")
        BENEFITS = "benefits", _("Anträge auf Leistungen")
        OTHER = "other", _("anderer Zweck")

    class Form(models.TextChoices):
        WRITTEN = "written", _("schriftlich")
        ORAL = "oral", _("mündlich, dokumentiert")
        ELECTRONIC = "electronic", _("elektronisch")

    class DocumentType(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    unit = models.ForeignKey(
        Unit, verbose_name=_("erfasst in"), on_delete=models.PROTECT, related_name="+"
    )
    data_categories = models.JSONField(_("Welche Daten"), default=list)
    recipient_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("Empfangende Organisationen"), blank=True, related_name="+"
    )
    recipient_kinds = models.JSONField(_("Empfangende Arten von Stellen"), default=list, blank=True)
    purpose = models.TextField(_("Zweck"))
    purpose_category = models.CharField(
        _("Art des Zwecks"), max_length=12, choices=PurposeCategory.choices
    )
    given_on = models.DateField(_("erteilt am"))
    language = models.CharField(
        _("Sprache der Einwilligung"), max_length=4, choices=LANGUAGES, blank=True
    )
    form = models.CharField(_("Form"), max_length=10, choices=Form.choices)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    withdrawn_on = models.DateField(_("widerrufen am"), null=True, blank=True)
    withdrawal_note = models.TextField(_("Anmerkung zum Widerruf"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    document = models.FileField(
        _("Unterschriebenes Formular"), upload_to=consent_document_path, blank=True, max_length=200
    )
    document_type = models.CharField(max_length=4, choices=DocumentType.choices, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="consent_valid_after_given",
                violation_error_message=_("Das Ende liegt vor dem Datum der Einwilligung."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("Der Widerruf liegt vor dem Datum der Einwilligung."),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "person", "-given_on"], name="consent_person")]

    def __str__(self):
        return f"{self.get_purpose_category_display()} ({self.given_on:%d.%m.%Y})"

    def is_valid_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (
            self.given_on <= day
            and (self.valid_until is None or self.valid_until >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )

    def state(self, day=None) -> str:
        """One word for lists: valid, withdrawn, expired or pending (not yet given)."""
        day = day or timezone.localdate()
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return "withdrawn"
        if self.valid_until is not None and self.valid_until < day:
            return "expired"
        if self.given_on > day:
            return "pending"
        return "valid"

    @property
    def data_category_labels(self) -> list[str]:
        labels = dict(self.DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories]

    @property
    def recipient_kind_labels(self) -> list[str]:
        labels = dict(Organisation.Kind.choices)
        return [str(labels.get(code, code)) for code in self.recipient_kinds]
