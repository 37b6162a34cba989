"""Structural issues (Strukturthemen): what the coordination makes of the barriers
flagged in cases. They hold counts as shown on the overview (small numbers already
suppressed), descriptions and notes – never a person or a case."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import FieldOfAction, Organisation, TenantModel
from kim.planning.models import BarrierCategory
from kim.steering.issue_states import Status


class StructuralIssue(TenantModel):
    Status = Status

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(
        _("Beschreibung"),
        max_length=5000,
        help_text=_("Was läuft strukturell schief, und für wen? Ohne Namen und Fallbezug."),
    )
    categories = models.ManyToManyField(
        BarrierCategory, verbose_name=_("Arten von Hürden"), blank=True, related_name="+"
    )
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="+"
    )
    legal_domains = models.JSONField(_("Rechtskreise"), default=list, blank=True)
    offices = models.ManyToManyField(
        Organisation, verbose_name=_("Beteiligte Stellen"), blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verantwortlich"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Stand"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    work = models.CharField(
        _("Projekt oder Arbeitsgruppe"),
        max_length=200,
        blank=True,
        help_text=_("Wo das Thema bearbeitet wird."),
    )
    # The overview's counts for the categories when the issue was made from them, as
    # the page showed them ("< 5", "gesperrt"): {"year": 2026, "rows": [...]}.
    evidence = models.JSONField(_("Belege aus den Hürden"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Strukturthema")
        verbose_name_plural = _("Strukturthemen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "status"], name="issue_tenant_status")]

    def __str__(self):
        return self.title


class StructuralIssueStep(TenantModel):
    """Append-only history: every change of status, with date, who and a note."""

    issue = models.ForeignKey(StructuralIssue, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("Stand"), max_length=16, choices=Status.choices)
    changed_on = models.DateField(_("am"), default=timezone.localdate)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("Anmerkung"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("Schritt eines Strukturthemas")
        verbose_name_plural = _("Schritte von Strukturthemen")
        ordering = ["changed_at", "id"]


class StructuralIssueNote(TenantModel):
    """Evidence in words: an observation, a source, a meeting's finding. No names."""

    issue = models.ForeignKey(StructuralIssue, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("Notiz"), max_length=5000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Notiz zu einem Strukturthema")
        verbose_name_plural = _("Notizen zu Strukturthemen")
        ordering = ["added_at", "id"]


# --- bodies and meetings --------------------------------------------------------------------


class Body(TenantModel):
    """A steering body (Gremium): the steering group, the steering circle, working and
    project groups. Members need no account."""

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steuerungsgruppe")
        STEERING_CIRCLE = "steering_circle", _("Lenkungskreis")
        WORKING_GROUP = "working_group", _("Arbeitsgruppe")
        PROJECT_GROUP = "project_group", _("Projektgruppe")
        OTHER = "other", _("anderes Gremium")

    class State(models.TextChoices):
        ACTIVE = "active", _("aktiv")
        PAUSED = "paused", _("ruht")
        ENDED = "ended", _("beendet")

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    purpose = models.TextField(_("Zweck"), max_length=3000)
    started_on = models.DateField(_("besteht seit"))
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.ACTIVE)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyMember(TenantModel):
    class Sector(models.TextChoices):
        ADMINISTRATION = "administration", _("Verwaltung")
        WELFARE = "welfare", _("Wohlfahrtsverband / Träger")
        MIGRANT_ORGANISATION = "migrant_org", _("Migrantenorganisation")
        POLITICS = "politics", _("Politik")
        OTHER = "other", _("andere")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("Name"), max_length=200)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    sector = models.CharField(_("Bereich"), max_length=20, choices=Sector.choices)
    role = models.CharField(
        _("Funktion"), max_length=100, blank=True, help_text=_("z. B. Vorsitz, Stellvertretung")
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    joined_on = models.DateField(_("Mitglied seit"))
    left_on = models.DateField(_("ausgeschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitglied eines Gremiums")
        verbose_name_plural = _("Mitglieder von Gremien")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Meeting(TenantModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("geplant")
        HELD = "held", _("stattgefunden")
        CANCELLED = "cancelled", _("abgesagt")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=300)
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    minutes = models.TextField(_("Protokoll"), max_length=20000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    uid = models.CharField(max_length=80, unique=True, editable=False)  # for calendar files

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["tenant", "starts_at"], name="meeting_tenant_start")]

    def __str__(self):
        return f"{self.body.name}, {timezone.localtime(self.starts_at):%d.%m.%Y}"


class AgendaItem(TenantModel):
    """A point on a meeting's agenda, often a structural issue; its result and decision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("Nr."))
    title = models.CharField(_("Tagesordnungspunkt"), max_length=300)
    issue = models.ForeignKey(
        StructuralIssue,
        verbose_name=_("Strukturthema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    result = models.TextField(_("Ergebnis"), max_length=5000, blank=True)
    decision = models.TextField(_("Beschluss"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["position", "id"]


class MeetingTask(TenantModel):
    """A task agreed in a meeting: shown to its owner (an account) until done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    what = models.CharField(_("Aufgabe"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuständig"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_name = models.CharField(
        _("zuständig (ohne Konto)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. ein Gremienmitglied"),
    )
    due_on = models.DateField(_("fällig am"))
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Aufgabe aus einer Sitzung")
        verbose_name_plural = _("Aufgaben aus Sitzungen")
        ordering = ["due_on", "id"]


# --- recommendations -------------------------------------------------------------------------


class Recommendation(TenantModel):
    """A recommendation of a body to the Integrationsausschuss, the council or the
    administration, followed through to decision and implementation."""

    class Addressee(models.TextChoices):
        COMMITTEE = "committee", _("Integrationsausschuss")
        COUNCIL = "council", _("Rat / Kreistag")
        ADMINISTRATION = "administration", _("Verwaltung")
        OTHER = "other", _("andere Stelle")

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("entworfen")
        SUBMITTED = "submitted", _("eingebracht")
        ADOPTED = "adopted", _("beschlossen")
        REJECTED = "rejected", _("abgelehnt")
        IMPLEMENTED = "implemented", _("umgesetzt")

    body = models.ForeignKey(
        Body, verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="recommendations"
    )
    addressee = models.CharField(_("an"), max_length=20, choices=Addressee.choices)
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Empfehlung"), max_length=10000)
    issues = models.ManyToManyField(
        StructuralIssue,
        verbose_name=_("Strukturthemen"),
        blank=True,
        related_name="recommendations",
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.DRAFTED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Empfehlung")
        verbose_name_plural = _("Empfehlungen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class RecommendationStep(TenantModel):
    """Append-only: each change of a recommendation's status, with the paper that
    carried it (e.g. the council's document number)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("Stand"), max_length=12, choices=Recommendation.Status.choices)
    changed_on = models.DateField(_("am"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.CharField(
        _("Vorlage / Drucksache"),
        max_length=200,
        blank=True,
        help_text=_("z. B. Drucksachen-Nr. 0123/2026 oder der Titel der Vorlage"),
    )
    note = models.TextField(_("Anmerkung"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("Schritt einer Empfehlung")
        verbose_name_plural = _("Schritte von Empfehlungen")
        ordering = ["changed_on", "id"]


# --- case reconstructions ------------------------------------------------------------------


class ReconstructionRequest(TenantModel):
    """The coordination asks case managers for reconstructions of cases on a theme."""

    theme = models.CharField(_("Thema"), max_length=200)
    description = models.TextField(
        _("Worauf es ankommt"),
        max_length=3000,
        help_text=_("Welche Fälle passen, und was die Koordination wissen möchte."),
    )
    issue = models.ForeignKey(
        StructuralIssue,
        verbose_name=_("Strukturthema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reconstruction_requests",
    )
    due_on = models.DateField(_("erbeten bis"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Anfrage nach Fallrekonstruktionen")
        verbose_name_plural = _("Anfragen nach Fallrekonstruktionen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.theme


class CaseReconstruction(TenantModel):
    """An anonymised account of one of the author's own cases, with their comments.
    The case stays with the author: the coordination sees released accounts only,
    without the case, the person or the author."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        RELEASED = "released", _("freigegeben")

    request = models.ForeignKey(
        ReconstructionRequest, on_delete=models.PROTECT, related_name="reconstructions"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    account = models.TextField(_("Fallverlauf (anonymisiert)"), max_length=20000)
    comments = models.TextField(
        _("Ihre Einschätzung"),
        max_length=5000,
        blank=True,
        help_text=_("Was lief strukturell schief, was hätte geholfen?"),
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    released_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Fallrekonstruktion")
        verbose_name_plural = _("Fallrekonstruktionen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "case"], name="reconstruction_one_per_case_and_request"
            )
        ]


# --- the report to politics --------------------------------------------------------------------


class SteeringReport(TenantModel):
    """The semi-annual report to the Integrationsausschuss in the form of a municipal
    Vorlage: drafted from the data in the background, then edited and exported.

    The text fields are plain text with a light markup (`report_text.py`): "## " starts
    a heading, "- " a bullet, "1. " a numbered item; a blank line ends a paragraph.
    `figures` holds the key figures as shown (small numbers already suppressed)."""

    class Half(models.IntegerChoices):
        FIRST = 1, _("1. Halbjahr")
        SECOND = 2, _("2. Halbjahr")

    class State(models.TextChoices):
        QUEUED = "queued", _("wartet auf Erstellung")
        RUNNING = "running", _("wird erstellt")
        READY = "ready", _("bereit")
        FAILED = "failed", _("fehlgeschlagen")

    class Climate(models.TextChoices):
        NEUTRAL = "neutral", _("neutral / nein")
        POSITIVE = "positive", _("ja, positive Auswirkungen")
        NEGATIVE = "negative", _("ja, negative Auswirkungen")

    year = models.PositiveSmallIntegerField(_("Jahr"))
    half = models.PositiveSmallIntegerField(_("Halbjahr"), choices=Half.choices)
    title = models.CharField(_("Titel"), max_length=300)
    report_type = models.CharField(_("Art der Vorlage"), max_length=60, default="Bericht")
    department = models.CharField(_("Geschäftsbereich"), max_length=200, blank=True)
    office = models.CharField(_("Ressort / Amt"), max_length=200, blank=True)
    clerk = models.CharField(_("Bearbeiter/in"), max_length=200, blank=True)
    clerk_phone = models.CharField(_("Telefon"), max_length=60, blank=True)
    clerk_email = models.EmailField(_("E-Mail"), blank=True)
    dated_on = models.DateField(_("Datum"))
    document_number = models.CharField(_("Drucksachen-Nr."), max_length=60, blank=True)
    public = models.BooleanField(_("öffentlich"), default=True)
    committee = models.CharField(_("Gremium"), max_length=200, default="Integrationsausschuss")
    meeting_on = models.DateField(_("Sitzung am"), null=True, blank=True)
    resolution_quality = models.CharField(
        _("Beschlussqualität"), max_length=100, default="Entgegennahme o. B."
    )
    reason = models.TextField(_("Grund der Vorlage"), max_length=5000, blank=True)
    proposal = models.TextField(
        _("Beschlussvorschlag"), max_length=3000, default="Kenntnisnahme ohne Beschluss"
    )
    approvals = models.TextField(_("Einverständnisse"), max_length=1000, blank=True)
    explanation = models.TextField(_("Begründung"), max_length=60000, blank=True)
    climate = models.CharField(
        _("Klimacheck"), max_length=10, choices=Climate.choices, default=Climate.NEUTRAL
    )
    climate_reason = models.TextField(_("Begründung zum Klimacheck"), max_length=2000, blank=True)
    figures = models.JSONField(_("Kennzahlen"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("Kennzahlen berechnet am"), null=True, blank=True)
    state = models.CharField(
        _("Stand der Erstellung"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    progress_step = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Bericht an die Politik")
        verbose_name_plural = _("Berichte an die Politik")
        ordering = ["-year", "-half", "-created_at", "-id"]

    def __str__(self):
        return self.title
