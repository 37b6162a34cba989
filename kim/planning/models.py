"""Assessment per field of action, the support plan (goals, actions) and barriers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Case
from kim.core.models import FieldOfAction, Organisation, TenantModel


class Urgency(models.TextChoices):
    LOW = "low", _("niedrig")
    MEDIUM = "medium", _("mittel")
    HIGH = "high", _("hoch")
    ACUTE = "acute", _("akut")


class Assessment(TenantModel):
    """One version of the assessment of a case. Never edited: a re-assessment is a new row."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    number = models.PositiveIntegerField(_("Fassung"))
    assessed_on = models.DateField(_("eingeschätzt am"))
    note = models.TextField(_("Anmerkung"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Assessment")
        verbose_name_plural = _("Assessments")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="assessment_unique_number")
        ]
        indexes = [
            models.Index(fields=["tenant", "case", "-number"], name="assessment_case_number")
        ]

    def __str__(self):
        return f"{self.case.number} / {self.number}"


class AssessmentItem(TenantModel):
    """What the assessment says about one field of action."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    field = models.ForeignKey(
        FieldOfAction, verbose_name=_("Handlungsfeld"), on_delete=models.PROTECT, related_name="+"
    )
    situation = models.TextField(_("Situation"), blank=True)
    needs = models.TextField(_("Bedarfe"), blank=True)
    resources = models.TextField(_("Ressourcen"), blank=True)
    urgency = models.CharField(_("Dringlichkeit"), max_length=10, choices=Urgency.choices)

    ASPECTS = ("situation", "needs", "resources", "urgency")

    class Meta:
        verbose_name = _("Einschätzung je Handlungsfeld")
        verbose_name_plural = _("Einschätzungen je Handlungsfeld")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "field"], name="assessment_item_unique")
        ]

    def __str__(self):
        return f"{self.assessment} {self.field.name}"


class Goal(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Arbeit")
        ACHIEVED = "achieved", _("erreicht")
        PARTLY = "partly", _("teilweise erreicht")
        NOT_ACHIEVED = "not_achieved", _("nicht erreicht")
        OBSOLETE = "obsolete", _("nicht mehr relevant")

    class Evaluation(models.TextChoices):
        ACHIEVED = "achieved", _("erreicht")
        PARTLY = "partly", _("teilweise erreicht")
        NOT_ACHIEVED = "not_achieved", _("nicht erreicht")
        OBSOLETE = "obsolete", _("nicht mehr relevant")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    field = models.ForeignKey(
        FieldOfAction, verbose_name=_("Handlungsfeld"), on_delete=models.PROTECT, related_name="+"
    )
    wording = models.CharField(
        _("Ziel"), max_length=500, help_text=_("Was soll erreicht werden? In Worten der Person.")
    )
    target_date = models.DateField(_("Zieldatum"))
    status = models.CharField(
        _("Status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    evaluation = models.CharField(
        _("Bewertung"), max_length=15, choices=Evaluation.choices, blank=True
    )
    evaluation_reason = models.TextField(_("Begründung der Bewertung"), blank=True)
    evaluated_on = models.DateField(_("bewertet am"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bewertet von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["target_date", "id"]
        indexes = [models.Index(fields=["tenant", "case", "target_date"], name="goal_case")]

    def __str__(self):
        return self.wording


class Action(TenantModel):
    """Maßnahme: who does what by when, optionally towards a goal."""

    class Who(models.TextChoices):
        CASE_MANAGER = "case_manager", _("Case Management")
        PERSON = "person", _("die Person selbst")
        PROVIDER = "provider", _("ein Träger / Angebot")
        OFFICE = "office", _("eine Stelle / Behörde")

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DONE = "done", _("erledigt")
        CANCELLED = "cancelled", _("abgebrochen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("Ziel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    what = models.CharField(_("Was ist zu tun?"), max_length=300)
    who = models.CharField(_("Wer?"), max_length=15, choices=Who.choices)
    who_name = models.CharField(
        _("Name oder Bezeichnung"),
        max_length=200,
        blank=True,
        help_text=_(
            "Zum Beispiel die Ansprechperson oder eine Stelle, die nicht in der Liste ist."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Agreed in a case conference (Fallkonferenz): the conference lists it.
    conference = models.ForeignKey(
        "planning.CaseConference",
        verbose_name=_("vereinbart in der Fallkonferenz"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["tenant", "case"], name="action_case"),
            models.Index(fields=["tenant", "status", "due_date"], name="action_status_due"),
        ]

    def __str__(self):
        return self.what

    @property
    def who_display(self) -> str:
        detail = self.organisation.name if self.organisation_id else ""
        if self.who_name:
            detail = f"{detail}, {self.who_name}" if detail else self.who_name
        return f"{self.get_who_display()}: {detail}" if detail else self.get_who_display()


class GoalStatusChange(TenantModel):
    """Append-only history of a goal's status: a status change is a new row."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("Status"), max_length=15, choices=Goal.Status.choices)
    changed_at = models.DateTimeField(_("geändert am"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Statuswechsel eines Ziels")
        verbose_name_plural = _("Statuswechsel von Zielen")
        ordering = ["changed_at", "id"]


class ActionStatusChange(TenantModel):
    """Append-only history of an action's status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("Status"), max_length=10, choices=Action.Status.choices)
    changed_at = models.DateTimeField(_("geändert am"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Statuswechsel einer Maßnahme")
        verbose_name_plural = _("Statuswechsel von Maßnahmen")
        ordering = ["changed_at", "id"]


class BarrierCategory(TenantModel):
    """A kind of barrier (Hürde): a configurable catalogue per tenant."""

    code = models.SlugField(_("Kürzel"), max_length=40)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Hürdenkategorie")
        verbose_name_plural = _("Hürdenkategorien")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="barrier_category_unique_code")
        ]

    def __str__(self):
        return self.name


class LegalDomain(models.TextChoices):
    SGB_II = "sgb2", _("SGB II (Jobcenter)")
    SGB_III = "sgb3", _("SGB III (Agentur für Arbeit)")
    SGB_VIII = "sgb8", _("SGB VIII (Jugendamt)")
    SGB_XII = "sgb12", _("SGB XII (Sozialamt)")
    ASYLBLG = "asylblg", _("AsylbLG")
    AUFENTHG = "aufenthg", _("AufenthG (Ausländerbehörde)")
    STAG = "stag", _("StAG (Einbürgerung)")
    OTHER = "other", _("anderer Rechtskreis")
    NONE = "none", _("kein Rechtskreis betroffen")


class Barrier(TenantModel):
    """A barrier flagged in a case: feeds the structural work of the coordination."""

    class Source(models.TextChoices):
        CONTACT = "contact", _("Beratungskontakt")
        ASSESSMENT = "assessment", _("Assessment")
        OTHER = "other", _("sonstige")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="barriers")
    field = models.ForeignKey(
        FieldOfAction, verbose_name=_("Handlungsfeld"), on_delete=models.PROTECT, related_name="+"
    )
    legal_domain = models.CharField(
        _("Betroffener Rechtskreis"), max_length=10, choices=LegalDomain.choices
    )
    category = models.ForeignKey(
        BarrierCategory, verbose_name=_("Art der Hürde"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        help_text=_("Was ist passiert? Ohne Namen: die Beschreibung dient der Strukturarbeit."),
    )
    flagged_on = models.DateField(_("gemeldet am"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    source = models.CharField(
        _("erfasst bei"), max_length=10, choices=Source.choices, default=Source.OTHER
    )
    source_id = models.BigIntegerField(_("Quelle (ID)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hürde")
        verbose_name_plural = _("Hürden")
        ordering = ["-flagged_on", "-id"]
        indexes = [
            models.Index(fields=["tenant", "case"], name="barrier_case"),
            models.Index(fields=["tenant", "flagged_on"], name="barrier_tenant_flagged"),
        ]

    def __str__(self):
        return f"{self.category.name} ({self.flagged_on:%d.%m.%Y})"


class CaseConference(TenantModel):
    """Fallkonferenz: the people and offices involved in a case meet on a date, with an
    agenda; the minutes and the actions agreed (support-plan actions) follow.

    Case data goes to every participant outside the case's unit: within a consent
    for the purpose "Fallkonferenz" that covers them, or on a stated legal mandate;
    each such participant gets a row in the person's disclosure log.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("Datum"))
    agenda = models.TextField(_("Tagesordnung"))
    minutes = models.TextField(_("Protokoll"), blank=True)
    data_categories = models.JSONField(_("Besprochene Daten"), default=list)
    legal_mandate = models.TextField(
        _("Gesetzlicher Auftrag (für Teilnehmende ohne passende Einwilligung)"), blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Fallkonferenz")
        verbose_name_plural = _("Fallkonferenzen")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["tenant", "case", "-held_on"], name="conference_case")]

    def __str__(self):
        return f"{self.case_id} {self.held_on:%d.%m.%Y}"

    @property
    def data_category_labels(self) -> list[str]:
        from kim.people.models import Consent

        labels = dict(Consent.DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories]


class ConferenceParticipant(TenantModel):
    """Who took part: a unit of the tenant, an external organisation (optionally with a
    contact's name and role), or a named person – the person concerned and relatives,
    who receive nothing, or another participant, who does."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("Einheit der Kommune")
        ORGANISATION = "organisation", _("Externe Organisation")
        PERSON = "person", _("Die Person selbst oder Angehörige")
        OTHER = "other", _("Weitere Teilnehmende (ohne Organisation)")

    conference = models.ForeignKey(
        CaseConference, on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("Einheit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    role = models.CharField(_("Funktion / Rolle"), max_length=200, blank=True)
    consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("Einwilligung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Teilnahme an einer Fallkonferenz")
        verbose_name_plural = _("Teilnehmende an Fallkonferenzen")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        who = {
            self.Kind.UNIT: self.unit.name if self.unit_id else "",
            self.Kind.ORGANISATION: self.organisation.name if self.organisation_id else "",
        }.get(self.kind, "")
        person = ", ".join(part for part in (self.name, self.role) if part)
        if who and person:
            return f"{who} ({person})"
        return who or person
