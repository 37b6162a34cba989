"""Cases (Fälle), their phases, intake, members, handovers and closure, and
counselling contacts (Beratungskontakte)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models_access import (  # noqa: F401 - re-exported: registers them with the app
    CaseShare,
    EmergencyAccess,
)
from kim.cases.phases import Phase
from kim.core.models import FieldOfAction, TenantModel, Unit
from kim.people.catalogues import LANGUAGES
from kim.people.models import Person


class TargetGroup(TenantModel):
    """Zielgruppe: a configurable catalogue per tenant (defaults in kim.cases.catalogues)."""

    code = models.SlugField(_("Kürzel"), max_length=40)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="targetgroup_unique_code"),
        ]

    def __str__(self):
        return self.name


class TextTemplate(TenantModel):
    """Textbaustein: a reusable note for contacts, maintained per tenant by the administration."""

    code = models.SlugField(_("Kürzel"), max_length=40)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    body = models.TextField(_("Text"), max_length=4000)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Textbaustein")
        verbose_name_plural = _("Textbausteine")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="texttemplate_unique_code"),
        ]

    def __str__(self):
        return self.name


class AppendOnly(models.Model):
    """History rows: written once, never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)


class Case(TenantModel):
    # `status` is kept in step with `phase` (closed exactly when the phase is
    # closed): lists, abilities and the API filter on it.
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        CLOSED = "closed", _("abgeschlossen")

    Phase = Phase

    class AccessRoute(models.TextChoices):
        SELF = "self", _("Selbstmelder*in")
        JOBCENTER = "jobcenter", _("Jobcenter")
        EMPLOYMENT_AGENCY = "agentur", _("Agentur für Arbeit")
        FOREIGNERS_AUTHORITY = "abh", _("Ausländerbehörde")
        YOUTH_OFFICE = "jugendamt", _("Jugendamt")
        SOCIAL_OFFICE = "sozialamt", _("Sozialamt")
        SCHOOL = "school", _("Schule")
        KITA = "kita", _("Kita")
        OTHER_PROVIDER = "provider", _("anderer Träger")
        COUNSELLING = "counselling", _("Beratungsstelle")
        OUTREACH = "outreach", _("aufsuchend")
        OTHER = "other", _("sonstiges")

    class CmIndicated(models.TextChoices):
        YES = "yes", _("ja")
        NO = "no", _("nein")
        OPEN = "open", _("offen, noch zu klären")

    class ConsentStatus(models.TextChoices):
        GIVEN = "given", _("liegt vor")
        ORAL = "oral", _("mündlich erteilt")
        PENDING = "pending", _("ausstehend")
        REFUSED = "refused", _("verweigert")

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
    # db_default as well: bulk loaders that write only the old columns stay valid.
    phase = models.CharField(
        _("Phase"),
        max_length=16,
        choices=Phase.choices,
        default=Phase.INTAKE,
        db_default=Phase.INTAKE,
    )
    paused_from = models.CharField(
        _("pausiert aus Phase"),
        max_length=16,
        choices=Phase.choices,
        blank=True,
        default="",
        db_default="",
    )
    access_route = models.CharField(
        _("Zugangsweg"),
        max_length=16,
        choices=AccessRoute.choices,
        blank=True,
        default="",
        db_default="",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="+"
    )
    cm_indicated = models.CharField(
        _("Case Management angezeigt"),
        max_length=4,
        choices=CmIndicated.choices,
        default=CmIndicated.OPEN,
        db_default=CmIndicated.OPEN,
    )
    cm_indicated_reason = models.TextField(_("Begründung"), blank=True, default="", db_default="")
    consent_status = models.CharField(
        _("Einwilligung"),
        max_length=8,
        choices=ConsentStatus.choices,
        default=ConsentStatus.PENDING,
        db_default=ConsentStatus.PENDING,
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

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class CasePhaseChange(AppendOnly, TenantModel):
    """One change of a case's phase: who, when, why. The first row is the opening."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("von Phase"), max_length=16, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("in Phase"), max_length=16, choices=Phase.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("am"), default=timezone.now)
    reason = models.TextField(_("Grund"), blank=True)

    class Meta:
        verbose_name = _("Phasenwechsel")
        verbose_name_plural = _("Phasenwechsel")
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["case", "changed_at"], name="phasechange_case")]

    def __str__(self):
        return f"{self.case_id}: {self.from_phase or '–'} → {self.to_phase}"


class CaseClosure(AppendOnly, TenantModel):
    """The closing of a case; a reopened and closed-again case has several."""

    class Reason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Ziele erreicht")
        MOVED_AWAY = "moved_away", _("verzogen")
        UNREACHABLE = "unreachable", _("nicht mehr erreichbar")
        HANDED_OVER = "handed_over", _("übergeben")
        OTHER = "other", _("sonstiges")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField(_("Abschlussgrund"), max_length=16, choices=Reason.choices)
    summary = models.TextField(_("Abschlussbericht"))
    closed_on = models.DateField(_("abgeschlossen am"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Fallabschluss")
        verbose_name_plural = _("Fallabschlüsse")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-created_at"], name="closure_case"),
            models.Index(fields=["tenant", "closed_on"], name="closure_tenant_date"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.closed_on:%d.%m.%Y}"


class CaseMember(TenantModel):
    """A further person the case involves, e.g. a member of the household."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Ehe- oder Lebenspartner*in")
        CHILD = "child", _("Kind")
        PARENT = "parent", _("Elternteil")
        SIBLING = "sibling", _("Geschwister")
        HOUSEHOLD = "household", _("weiteres Haushaltsmitglied")
        OTHER = "other", _("sonstige Bezugsperson")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="+"
    )
    role_in_case = models.CharField(_("Rolle im Fall"), max_length=10, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Beteiligte Person")
        verbose_name_plural = _("Beteiligte Personen")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="casemember_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "person"], name="casemember_person")]

    def __str__(self):
        return f"{self.case_id}: {self.person_id} ({self.role_in_case})"


class CaseHandover(TenantModel):
    """A request to hand a case to another case manager or unit.

    While pending, the case stays with the sender; the receiving case manager
    (or a team lead of the receiving unit) accepts or declines. Rows stay as
    the case's handover history.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("angefragt")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.PENDING
    )
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("von Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("an Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("an"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("Notiz zur Übergabe"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("angefragt am"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("angenommen am"), null=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    declined_at = models.DateTimeField(_("abgelehnt am"), null=True)
    decline_reason = models.TextField(_("Grund der Ablehnung"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("zurückgezogen am"), null=True)

    class Meta:
        verbose_name = _("Übergabe")
        verbose_name_plural = _("Übergaben")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(state="pending"),
                name="handover_one_pending_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "to_unit", "state"], name="handover_to_unit"),
            models.Index(fields=["tenant", "to_user", "state"], name="handover_to_user"),
            models.Index(fields=["case", "-requested_at"], name="handover_case"),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.to_unit_id} ({self.state})"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def decided_at(self):
        return self.accepted_at or self.declined_at or self.withdrawn_at

    @property
    def decided_by(self):
        if self.state == self.State.ACCEPTED:
            return self.accepted_by
        if self.state == self.State.DECLINED:
            return self.declined_by
        if self.state == self.State.WITHDRAWN:
            return self.withdrawn_by
        return None


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
