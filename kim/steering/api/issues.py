"""/api/v1/steering/issues/: structural issues (Strukturthemen) with their path,
evidence, notes and where they stood in the bodies – what the page of an issue shows;
the coordination also creates, changes (`version`, 409), moves and annotates them
through the services the pages use.

Who reads which issue is the pages' rule (`visible_issues`, `issue_abilities`): the
coordination and team leads all issues of their tenant, a case manager those their own
barrier reports fed. Without any, the endpoint answers 403 (the page: 404); an issue
outside the actor's view is 404.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    WRITE_ERRORS,
    ConflictSerializer,
    DateField,
    EnumField,
)
from kim.planning.models import LegalDomain
from kim.steering.abilities import may_manage_issues, may_read_all_issues
from kim.steering.api.common import (
    CLOSED,
    NOT_THERE,
    TAGS,
    CatalogueEntrySerializer,
    OfficeSerializer,
    SteeringApiMixin,
    legal_domain_field,
    path_id,
    person_name,
    status_field,
)
from kim.steering.api.issue_writes import (
    IssueCreateSerializer,
    IssueMoveSerializer,
    IssueNoteWriteSerializer,
    IssueUpdateSerializer,
)
from kim.steering.issue_states import allowed_transitions
from kim.steering.issues import (
    issue_add_note,
    issue_create,
    issue_move,
    issue_update,
    visible_issues,
)
from kim.steering.models import (
    AgendaItem,
    Recommendation,
    StructuralIssue,
    StructuralIssueNote,
    StructuralIssueStep,
)

ISSUE_ID = path_id(gettext_lazy("ID des Strukturthemas"))
STALE = {409: ConflictSerializer}


class IssueLegalDomainSerializer(serializers.Serializer):
    code = legal_domain_field()
    name = serializers.CharField()


class IssueEvidenceRowSerializer(serializers.Serializer):
    category = serializers.CharField(help_text=gettext_lazy("Art der Hürde"))
    quarters = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Je Quartal wie auf der Hürdenseite: „12“, „< 5“, „gesperrt“."),
    )
    total = serializers.CharField()


class IssueEvidenceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarters = serializers.ListField(child=serializers.CharField())
    rows = IssueEvidenceRowSerializer(many=True)
    threshold = serializers.IntegerField()


class IssueStepSerializer(serializers.Serializer):
    status = status_field()
    status_label = serializers.CharField(source="get_status_display")
    on = DateField(source="changed_on")
    by = serializers.SerializerMethodField()
    note = serializers.CharField()

    def get_by(self, step) -> str:
        return person_name(step.changed_by)


class IssueNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    added_at = serializers.DateTimeField()
    by = serializers.SerializerMethodField()

    def get_by(self, note) -> str:
        return person_name(note.added_by)


class IssueAgendaItemSerializer(serializers.Serializer):
    # Where the issue stood, as the issue page names it: body, meeting, item, decision.
    id = serializers.IntegerField()
    meeting = serializers.IntegerField(source="meeting_id")
    meeting_starts_at = serializers.DateTimeField(source="meeting.starts_at")
    body = serializers.IntegerField(source="meeting.body_id")
    body_name = serializers.CharField(source="meeting.body.name")
    position = serializers.IntegerField()
    decision = serializers.CharField()


class IssueRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = EnumField(Recommendation.Status.choices, enum_name="RecommendationStatus")
    status_label = serializers.CharField(source="get_status_display")


class IssueAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    move = serializers.BooleanField()
    add_note = serializers.BooleanField()


class IssueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = status_field()
    status_label = serializers.CharField(source="get_status_display")
    work = serializers.CharField(help_text=gettext_lazy("Projekt oder Arbeitsgruppe"))
    categories = CatalogueEntrySerializer(many=True, source="categories.all")
    fields = CatalogueEntrySerializer(many=True, source="fields.all")
    legal_domains = serializers.SerializerMethodField()
    offices = OfficeSerializer(many=True, source="offices.all")
    owner_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    @extend_schema_field(IssueLegalDomainSerializer(many=True))
    def get_legal_domains(self, issue) -> list[dict]:
        labels = dict(LegalDomain.choices)
        return [{"code": code, "name": str(labels.get(code, code))} for code in issue.legal_domains]

    def get_owner_name(self, issue) -> str:
        return person_name(issue.owner)


class IssueDetailSerializer(IssueSerializer):
    evidence = serializers.SerializerMethodField()
    steps = IssueStepSerializer(many=True, source="steps.all")
    notes = IssueNoteSerializer(many=True, source="notes.all")
    agenda_items = IssueAgendaItemSerializer(many=True, source="agenda_items.all")
    recommendations = IssueRecommendationSerializer(many=True, source="recommendations.all")
    allowed_transitions = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    @extend_schema_field(IssueEvidenceSerializer(allow_null=True))
    def get_evidence(self, issue) -> dict | None:
        """The counts taken over when the issue was made, as they were shown then."""
        return issue.evidence or None

    @extend_schema_field(serializers.ListField(child=status_field()))
    def get_allowed_transitions(self, issue) -> list[str]:
        return allowed_transitions(issue.status) if self._abilities(issue)["move"] else []

    @extend_schema_field(IssueAbilitiesSerializer)
    def get_abilities(self, issue) -> dict:
        return self._abilities(issue)

    def _abilities(self, issue) -> dict:
        cache = self.context.setdefault("abilities", {})
        if issue.pk not in cache:
            cache[issue.pk] = abilities(self.context["actor"], issue)
        return cache[issue.pk]


class IssueFilterSerializer(serializers.Serializer):
    status = status_field(required=False, help_text=gettext_lazy("Nur Themen in diesem Stand."))


def with_lists(issues):
    """The catalogue entries of each issue: three queries for a whole page."""
    return issues.select_related("owner").prefetch_related("categories", "fields", "offices")


def with_details(issues):
    return with_lists(issues).prefetch_related(
        Prefetch(
            "steps",
            queryset=StructuralIssueStep.objects.select_related("changed_by").order_by(
                "changed_at", "id"
            ),
        ),
        Prefetch(
            "notes",
            queryset=StructuralIssueNote.objects.select_related("added_by").order_by(
                "added_at", "id"
            ),
        ),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("meeting", "meeting__body").order_by(
                "meeting__starts_at", "position", "id"
            ),
        ),
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("-created_at", "-id")),
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Strukturthemen auflisten"),
        description=gettext_lazy(
            "Die Strukturthemen, neueste zuerst. KIM-Koordination und Teamleitungen sehen "
            "alle der Kommune, Case Management die Themen, in die eigene gemeldete Hürden "
            "eingeflossen sind (gleiche Art der Hürde). Wer keines sieht, erhält 403."
        ),
        parameters=[IssueFilterSerializer],
        responses={200: IssueSerializer(many=True), 400: VALIDATION_ERROR, **CLOSED},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Strukturthema abrufen"),
        description=gettext_lazy(
            "Mit Belegen aus den Hürden (so verdeckt, wie die Hürdenseite sie zeigte), "
            "Verlauf, Notizen, den Tagesordnungspunkten, auf denen es stand, und den "
            "Empfehlungen, die darauf antworten."
        ),
        parameters=[ISSUE_ID],
        responses={200: IssueDetailSerializer, **NOT_THERE},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Strukturthema anlegen"),
        description=gettext_lazy(
            "Nur für die KIM-Koordination (sonst 403). Mit `categories` und "
            "`evidence_year` werden die Zahlen des Jahres je Quartal als Beleg übernommen, "
            "so verdeckt, wie die Hürdenseite sie zeigt. Das Thema beginnt als „gemeldet“."
        ),
        request=IssueCreateSerializer,
        responses={201: IssueDetailSerializer, 400: VALIDATION_ERROR, **CLOSED},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Strukturthema ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Felder (Listen werden ersetzt). `version` ist die zuletzt "
            "gelesene Version; hat inzwischen jemand anderes gespeichert, antwortet die API "
            "mit 409 und dem aktuellen Stand. Den Stand ändert `…/move/`."
        ),
        parameters=[ISSUE_ID],
        request=IssueUpdateSerializer,
        responses={200: IssueDetailSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    move=extend_schema(
        summary=gettext_lazy("Nächster Schritt eines Strukturthemas"),
        description=gettext_lazy(
            "Ein Schritt auf dem Weg: nur vorwärts und einzeln (`allowed_transitions`), "
            "jederzeit vorher „abgelehnt“ (mit Grund). „in Bearbeitung“ braucht `work`, "
            "„entschieden“ eine `note` mit dem, was entschieden wurde. Mit `version`; "
            "veraltet: 409 mit dem aktuellen Stand."
        ),
        parameters=[ISSUE_ID],
        request=IssueMoveSerializer,
        responses={200: IssueDetailSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    notes=extend_schema(
        summary=gettext_lazy("Notiz zu einem Strukturthema"),
        description=gettext_lazy(
            "Eine Beobachtung, eine Quelle, ein Ergebnis aus einer Sitzung – ohne Namen."
        ),
        parameters=[ISSUE_ID],
        request=IssueNoteWriteSerializer,
        responses={201: IssueNoteSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class IssueViewSet(SteeringApiMixin, viewsets.GenericViewSet):
    queryset = StructuralIssue.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = IssueDetailSerializer

    def may_use(self) -> bool:
        # The page's rule: readers, or whoever has an issue their barriers fed.
        return may_read_all_issues(self.actor) or visible_issues(self.actor).exists()

    def get_queryset(self):
        return visible_issues(self.actor).order_by("-created_at", "-id")

    def list(self, request, *args, **kwargs):
        wanted = IssueFilterSerializer(data=request.query_params.dict())
        wanted.is_valid(raise_exception=True)
        issues = self.get_queryset()
        if wanted.validated_data.get("status"):
            issues = issues.filter(status=wanted.validated_data["status"])
        page = self.paginate_queryset(with_lists(issues))
        return self.get_paginated_response(
            IssueSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def represent(self, issue: StructuralIssue) -> dict:
        issue = with_details(self.get_queryset()).get(pk=issue.pk)
        return IssueDetailSerializer(issue, context=self.get_serializer_context()).data

    def stale_representation(self, current: StructuralIssue) -> dict:
        return self.represent(current)

    def retrieve(self, request, *args, **kwargs):
        issue = self.fetch(with_details(self.get_queryset()))
        return Response(IssueDetailSerializer(issue, context=self.get_serializer_context()).data)

    # --- writes: the coordination, through the services (which check and audit) -----

    def _valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        self.require(may_manage_issues(self.actor))
        data = self._valid(IssueCreateSerializer)
        evidence_year = data.pop("evidence_year", None)
        data.setdefault("owner", request.user)
        issue = issue_create(actor=self.actor, evidence_year=evidence_year, **data)
        return Response(self.represent(issue), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        issue = self.fetch(with_lists(self.get_queryset()))
        self.require(may_manage_issues(self.actor))
        data = self._valid(IssueUpdateSerializer, partial=True)
        values = {
            "title": issue.title,
            "description": issue.description,
            "owner": issue.owner,
            "categories": list(issue.categories.all()),
            "fields": list(issue.fields.all()),
            "legal_domains": list(issue.legal_domains),
            "offices": list(issue.offices.all()),
        }
        version = data.pop("version")
        issue = issue_update(actor=self.actor, issue=issue, version=version, **(values | data))
        return Response(self.represent(issue))

    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        issue = self.fetch(self.get_queryset())
        self.require(may_manage_issues(self.actor))
        data = self._valid(IssueMoveSerializer)
        issue = issue_move(actor=self.actor, issue=issue, **data)
        return Response(self.represent(issue))

    @action(detail=True, methods=["post"])
    def notes(self, request, *args, **kwargs):
        issue = self.fetch(self.get_queryset())
        self.require(may_manage_issues(self.actor))
        data = self._valid(IssueNoteWriteSerializer)
        note = issue_add_note(actor=self.actor, issue=issue, text=data["text"])
        note.added_by = request.user
        return Response(IssueNoteSerializer(note).data, status=status.HTTP_201_CREATED)
