"""Cases (Fälle) and counselling contacts (Beratungskontakte)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kim.core.models import FieldOfAction, TenantModel, Unit
from kim.people.catalogues import LANGUAGES
from kim.people.models import Person


class Case(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        CLOSED = "closed", _("abgeschlossen")

    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Fallverantwortung"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    number = models.CharField(_("Fallnummer"), max_length=30)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("eröffnet am"))
    closed_on = models.DateField(_("abgeschlossen am"), null=True, blank=True)
    reason = models.TextField(_("Anlass"), blank=True)
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="+"
    )
    last_contact_on = models.DateField(_("letzter Kontakt"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="case_unique_number")
        ]
        indexes = [
            models.Index(
                fields=["tenant", "unit", "status", "-opened_on"], name="case_unit_status"
            ),
            models.Index(
                fields=["tenant", "case_manager", "status", "-opened_on"],
                name="case_manager_status",
            ),
            models.Index(fields=["tenant", "person"], name="case_person"),
            models.Index(fields=["tenant", "unit", "-opened_on", "-id"], name="case_unit_opened"),
        ]

    def __str__(self):
        return self.number


class Contact(TenantModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("persönlich")
        PHONE = "phone", _("Telefon")
        VIDEO = "video", _("Video")
        OUTREACH = "outreach", _("aufsuchend")
        EMAIL = "email", _("E-Mail")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("Datum"))
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer (Minuten)"))
    mode = models.CharField(
        _("Art des Kontakts"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    interpreter_used = models.BooleanField(_("mit Sprachmittlung"), default=False)
    language = models.CharField(_("Sprache"), max_length=4, choices=LANGUAGES, blank=True)
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="+"
    )
    note = models.TextField(_("Notiz"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Beratungskontakt")
        verbose_name_plural = _("Beratungskontakte")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["tenant", "case", "-date"], name="contact_case_date")]

    def __str__(self):
        return f"{self.case.number} {self.date:%d.%m.%Y}"
