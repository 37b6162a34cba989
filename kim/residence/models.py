"""What the pre-check of a person works with beyond the person record: facts entered
only for the check (test passed, commitment, benefits …), kept for the next check and
for the potential lists."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import TenantModel


class CheckFacts(TenantModel):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="check_facts"
    )
    # {fact: JSON value}; dates as ISO strings. Only what was entered for the check:
    # facts read from the person record are read again at every check.
    facts = models.JSONField(_("Angaben für die Vorprüfung"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Angaben für die Vorprüfung")
        verbose_name_plural = _("Angaben für Vorprüfungen")


class Procedure(TenantModel):
    """A naturalisation or § 25a/§ 25b application at the authority, from counselling to
    the certificate or title handed over (or withdrawn / rejected with a reason)."""

    class Kind(models.TextChoices):
        NATURALISATION = "stag10", _("Einbürgerung (§ 10 StAG)")
        YOUNG = "aufenthg25a", _("Aufenthaltserlaubnis § 25a AufenthG")
        SUSTAINED = "aufenthg25b", _("Aufenthaltserlaubnis § 25b AufenthG")

    class Stage(models.TextChoices):
        COUNSELLING = "counselling", _("Beratung")
        RECEIVED = "received", _("Antrag eingegangen")
        COMPLETE = "complete", _("Unterlagen vollständig")
        CHECKS = "checks", _("Prüfungen (inkl. Sicherheitsabfrage)")
        DECISION = "decision", _("entschieden: stattgegeben")
        CONCLUDED = "concluded", _("Urkunde ausgehändigt / Titel erteilt")
        WITHDRAWN = "withdrawn", _("zurückgenommen")
        REJECTED = "rejected", _("abgelehnt")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="procedures")
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("Verfahren"), max_length=12, choices=Kind.choices)
    stage = models.CharField(
        _("Stand"), max_length=12, choices=Stage.choices, default=Stage.COUNSELLING
    )
    opened_on = models.DateField(_("begonnen am"))
    # The referral of the case management the procedure came from (hand-over with
    # consent): the case manager sees the procedure's state as far as it allows.
    referral = models.OneToOneField(
        "network.Referral",
        verbose_name=_("Vermittlung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procedure",
    )
    stage_since = models.DateField(_("im Stand seit"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Verfahren")
        verbose_name_plural = _("Verfahren")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["tenant", "kind", "stage"], name="procedure_stage")]


class ProcedureStep(TenantModel):
    """Append-only: each change of stage, with the day, who and a note (the reason of
    a withdrawal or rejection)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("Stand"), max_length=12, choices=Procedure.Stage.choices)
    on = models.DateField(_("am"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("Anmerkung"), max_length=3000, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Schritt eines Verfahrens")
        verbose_name_plural = _("Schritte von Verfahren")
        ordering = ["on", "id"]


class ProcedureDocument(TenantModel):
    """One document of the procedure's checklist: present since when, or missing."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(max_length=40)
    received_on = models.DateField(_("liegt vor seit"), null=True, blank=True)

    class Meta:
        verbose_name = _("Unterlage eines Verfahrens")
        verbose_name_plural = _("Unterlagen von Verfahren")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "code"], name="procedure_document_once")
        ]


class ProcedureAppointment(TenantModel):
    """An invitation of the person to the authority: when, where, why and what to bring.
    A cancelled appointment stays, marked with when and why."""

    class Purpose(models.TextChoices):
        COUNSELLING = "counselling", _("Beratungsgespräch")
        APPLICATION = "application", _("Antragsannahme")
        DOCUMENTS = "documents", _("Vorsprache mit Unterlagen")
        CERTIFICATE = "certificate", _("Aushändigung der Einbürgerungsurkunde")
        TITLE = "title", _("Aushändigung des Aufenthaltstitels")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="appointments")
    purpose = models.CharField(_("Anlass"), max_length=12, choices=Purpose.choices)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=300)
    bring = models.TextField(_("Bitte mitbringen"), max_length=2000, blank=True)
    uid = models.CharField(max_length=80, unique=True, editable=False)  # for calendar files
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("Grund der Absage"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("Termin eines Verfahrens")
        verbose_name_plural = _("Termine von Verfahren")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["procedure", "starts_at"], name="procedure_appointment_start")
        ]
