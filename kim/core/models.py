"""Tenants, the organisation structure, catalogues and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class Tenant(models.Model):
    """One KIM municipality: a Kreis or a kreisfreie Stadt."""

    class Kind(models.TextChoices):
        KREIS = "kreis", _("Kreis")
        KREISFREIE_STADT = "stadt", _("Kreisfreie Stadt")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=60, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    disclosure_threshold = models.PositiveSmallIntegerField(
        _("Geheimhaltungsschwelle"),
        default=5,
        help_text=_("Zahlen unter dieser Schwelle werden in Auswertungen nicht gezeigt."),
    )
    followup_no_contact_days = models.PositiveSmallIntegerField(
        _("Wiedervorlage nach Tagen ohne Kontakt"), default=42
    )
    followup_residence_weeks = models.PositiveSmallIntegerField(
        _("Wiedervorlage Wochen vor Ablauf eines Aufenthaltstitels"), default=8
    )

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TenantModel(models.Model):
    """Base of every domain row: it carries its tenant."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """`get_<field>_display()` without Django's per-call rebuild of the choices dict.

        Django hashes every (lazily translated) label on every call, which translates the
        whole list each time: with the language list that was a third of the contact
        history's rendering. The value → label map is built once per field; the label is
        still translated into the active language when it is shown.
        """
        labels = _choice_labels(field)
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


def _choice_labels(field) -> dict:
    labels = field.__dict__.get("_kim_choice_labels")
    if labels is None:
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        field._kim_choice_labels = labels
    return labels


class Town(TenantModel):
    """A town (kreisangehörige Gemeinde) of a Kreis, or the city itself."""

    name = models.CharField(_("Name"), max_length=120)
    postcodes = models.CharField(_("Postleitzahlen"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="town_unique_name")]

    def __str__(self):
        return self.name


class District(TenantModel):
    """A district (Stadtteil / Ortsteil) of a town."""

    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("Name"), max_length=120)

    class Meta:
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")
        ordering = ["town__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="district_unique_name")
        ]

    def __str__(self):
        return f"{self.town.name}-{self.name}" if self.town_id else self.name


class Organisation(TenantModel):
    class Kind(models.TextChoices):
        MUNICIPAL_OFFICE = "municipal", _("Kommunale Stelle")
        INTEGRATION_CENTRE = "ki", _("Kommunales Integrationszentrum")
        WELFARE_PROVIDER = "welfare", _("Wohlfahrtsverband / Träger")
        JOBCENTER = "jobcenter", _("Jobcenter")
        EMPLOYMENT_AGENCY = "agentur", _("Agentur für Arbeit")
        FOREIGNERS_AUTHORITY = "abh", _("Ausländer- und Einbürgerungsbehörde")
        YOUTH_OFFICE = "jugendamt", _("Jugendamt")
        SOCIAL_OFFICE = "sozialamt", _("Sozialamt")
        MIGRANT_ORGANISATION = "mso", _("Migrantenorganisation")
        VOLUNTEER = "volunteer", _("Ehrenamtliche Initiative")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="organisation_unique_name")
        ]

    def __str__(self):
        return self.name


class Unit(TenantModel):
    """A site or team of an organisation. Units own data."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("Name"), max_length=200)
    code = models.CharField(_("Kürzel"), max_length=12, help_text=_("Für Fallnummern, z. B. NORD."))
    town = models.ForeignKey(
        Town,
        verbose_name=_("Ort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Einheit")
        verbose_name_plural = _("Einheiten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="unit_unique_code"),
        ]

    def __str__(self):
        return self.name


class FieldOfAction(TenantModel):
    """Handlungsfeld: a configurable catalogue per tenant."""

    code = models.SlugField(_("Kürzel"), max_length=40)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="field_unique_code"),
        ]

    def __str__(self):
        return self.name


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Append-only record of a read or write of personal data.

    The database refuses updates (trigger, see migration 0002) and, on
    PostgreSQL, deletes; the model refuses both in Python as well.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+", null=True)
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Wer"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("Benutzername"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("Einheit"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("Aktion"), max_length=60)
    object_type = models.CharField(_("Objekttyp"), max_length=40, blank=True)
    object_id = models.BigIntegerField(_("Objekt-ID"), null=True)
    person_id = models.BigIntegerField(_("Person-ID"), null=True)
    reason = models.CharField(_("Grund"), max_length=500, blank=True)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    channel = models.CharField(_("Zugang"), max_length=10, default="web")
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokolleinträge")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "-at"], name="audit_tenant_at"),
            models.Index(fields=["tenant", "person_id", "-at"], name="audit_tenant_person"),
            models.Index(fields=["tenant", "actor", "-at"], name="audit_tenant_actor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
